"""The quadruped hip-rotation and upright-hip-thrust not-upright rules, on hand-made reps and
on generated clips."""

import numpy as np
import pytest

from hipcoach.analysis import analyze
from hipcoach.analysis.faults import RepContext, build_rules
from hipcoach.library.models import FaultSpec
from hipcoach.synth.kinematic import generate
from hipcoach.synth.kinematic.spec import ClipSpec

SOURCES = ("pelvis_roll_near", "pelvis_roll_far", "pelvis_roll_world")


def rep(side="l", roll_deg=0.0, offset=0.0, noise=(1.0, 3.0, 1.5), seed=0, **extra):
    """A 3 s rep: the hip rises 120 -> 180, holds, lowers; the pelvis rolls with it."""
    rng = np.random.default_rng(seed)
    prog = np.concatenate([np.linspace(0, 1, 35), np.ones(20), np.linspace(1, 0, 35)])
    sig = {f"hip_extension_{side}": 120.0 + 60.0 * prog, "trunk_to_vertical": np.zeros(90)}
    for name, sd in zip(SOURCES, noise, strict=True):
        sig[name] = offset + roll_deg * prog + rng.normal(0.0, sd, prog.size)
    sig.update(extra)
    return RepContext(np.arange(90) / 30, sig, 35, 54, side, 0.6, 0, 0, 60.0, 60.0)


def rule(rule_name, **params):
    spec = FaultSpec(id="f", rule=rule_name, params=params, cue="cue", explanation="why")
    (r,) = build_rules([spec])
    return r


@pytest.mark.parametrize(
    ("side", "roll", "fires"),
    [("l", 18.0, True), ("r", -18.0, True), ("l", 4.0, False), ("r", 18.0, False)],
)
def test_hip_rotation_is_a_roll_that_lifts_the_working_hip(side, roll, fires):
    r = rule("hip_rotation", max_pelvis_roll_deg=11.5)
    assert (r.check(rep(side, roll)) is not None) == fires


def test_hip_rotation_ignores_a_constant_tilt_and_a_noisy_far_side():
    r = rule("hip_rotation", max_pelvis_roll_deg=11.5)
    assert r.check(rep("l", 0.0, offset=25.0)) is None
    # Far side alone says 40 degrees, but it is ten times noisier than the other two.
    noisy = rep("l", 0.0, noise=(1.0, 15.0, 1.5), seed=3)
    noisy.signals["pelvis_roll_far"] += (
        40.0 * np.clip(noisy.signals["hip_extension_l"] - 120, 0, 60) / 60
    )
    assert r.check(noisy) is None


def test_hip_rotation_needs_its_signals():
    ctx = rep("l", 20.0)
    del ctx.signals["pelvis_roll_world"]
    assert rule("hip_rotation", max_pelvis_roll_deg=11.5).measure(ctx) is None


@pytest.mark.parametrize(
    ("hip", "tilt", "fires"),
    [
        (160.0, 20.0, True),
        (167.0, 20.0, True),
        (160.0, 3.0, True),
        (169.5, 7.5, False),
        (176.0, 2.0, False),
        (140.0, 30.0, False),
    ],
)
def test_not_upright_reads_the_trunk_and_the_hip(hip, tilt, fires):
    r = rule("not_upright", min_peak_deg=165, above_deg=153, max_trunk_from_vertical_deg=11)
    ctx = rep("l", 0.0)
    ctx.signals["hip_extension_l"][:] = hip
    ctx.signals["trunk_to_vertical"][:] = tilt
    assert (r.check(ctx) is not None) == fires


@pytest.mark.parametrize("side", ["left", "right"])
def test_hip_rotation_found_on_its_reps_of_a_generated_clip(side):
    spec = ClipSpec(
        exercise="quadruped-kickback",
        sets=1,
        reps=6,
        seed=2,
        side=side,
        faults={"hip-rotation": (1, 4)},
    )
    res = analyze(generate(spec).pose, "quadruped-kickback")
    flagged = [
        i for i, r in enumerate(res.reps) if any(f.fault_id == "hip-rotation" for f in r.faults)
    ]
    assert flagged == [1, 4]

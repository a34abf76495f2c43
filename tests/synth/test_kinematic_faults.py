"""Every exercise generates clean and with each of its faults, and each fault shows in the truth."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from hipcoach.synth.kinematic import EXERCISES, ClipSpec, SyntheticClip, faults_for, generate
from hipcoach.synth.kinematic.exercises import SCRIPTS
from hipcoach.synth.kinematic.skeleton import forward_kinematics
from hipcoach.synth.motion import RepTruth

FAULTY = (1, 3)  # of 4 reps: 0 and 2 stay clean for comparison


def _clip(exercise: str, faults: tuple[str, ...], seed: int = 5) -> SyntheticClip:
    spec = ClipSpec(
        exercise=exercise,
        sets=1,
        reps=4,
        seed=seed,
        side="left",
        faults=dict.fromkeys(faults, FAULTY),
    )
    return generate(spec)


def _frame(clip: SyntheticClip, rep: RepTruth) -> int:
    return round(rep.top_s * clip.spec.fps)


def _x(rep: RepTruth) -> str:
    return "l" if rep.side in ("left", "both") else "r"


def _at_top(clip: SyntheticClip, signal: Callable[[RepTruth, int], float]) -> list[float]:
    return [signal(r, _frame(clip, r)) for r in clip.motion.reps]


def _peak(clip: SyntheticClip) -> list[float]:
    return [r.peak_hip_deg for r in clip.motion.reps]


def _knee(clip: SyntheticClip) -> list[float]:
    m = clip.motion
    return _at_top(clip, lambda r, i: float(m.knee_flexion(_x(r))[i]))


def _angle(clip: SyntheticClip, name: str, sided: bool = False) -> list[float]:
    m = clip.motion
    return _at_top(clip, lambda r, i: float(m.angles[f"{name}_{_x(r)}" if sided else name][i]))


def _hold(clip: SyntheticClip) -> list[float]:
    """Seconds the working hip stays within 3 degrees of its peak, from the top to the rep's end."""
    out = []
    for r in clip.motion.reps:
        hip = clip.motion.hip_extension(_x(r))
        i, end = _frame(clip, r), round(r.end_s * clip.spec.fps)
        j = i
        while j < end and abs(hip[j] - hip[i]) < 3.0:
            j += 1
        out.append((j - i) / clip.spec.fps)
    return out


def _trailing_toe_down(clip: SyntheticClip) -> list[float]:
    """Share of the rise during which the trailing foot's toe is still on the floor."""
    m, out = clip.motion, []
    j = forward_kinematics(m.body, m.pelvis, m.angles)
    for r in m.reps:
        lo, hi = round(r.start_s * clip.spec.fps), round(r.top_s * clip.spec.fps)
        trail = "r" if r.side == "left" else "l"
        out.append(float(np.mean(j[f"toe_{trail}"][lo:hi, 2] < 0.05)))
    return out


def _hip_tilt(clip: SyntheticClip) -> list[float]:
    m = clip.motion
    return _at_top(clip, lambda r, i: abs(float(m.angles["pelvis_roll"][i])))


# fault -> (measure, check on the faulty reps, check on the clean reps)
Check = Callable[[float], bool]
CHECKS: dict[str, tuple[Callable[[SyntheticClip], list[float]], Check, Check]] = {
    "hyperextension": (_peak, lambda v: v > 192, lambda v: abs(v - 180) < 4),
    "missed-hold": (_hold, lambda v: v < 0.75, lambda v: v > 0.9),
    "knees-not-90": (_knee, lambda v: abs(v - 90) > 15, lambda v: abs(v - 90) < 5),
    "shins-not-vertical": (
        lambda c: _angle(c, "shin", True),
        lambda v: abs(v + 90) > 15,
        lambda v: abs(v + 90) < 5,
    ),
    "torso-not-parallel": (
        lambda c: _angle(c, "trunk"),
        lambda v: abs(v - 180) > 10,
        lambda v: abs(v - 180) < 4,
    ),
    "leg-above-hip": (_peak, lambda v: v > 195, lambda v: abs(v - 180) < 5),
    "hip-rotation": (_hip_tilt, lambda v: v > 10, lambda v: v < 1),
    "trunk-lean": (lambda c: _angle(c, "trunk"), lambda v: v < 60, lambda v: v > 70),
    "not-upright": (lambda c: _angle(c, "trunk"), lambda v: v < 75, lambda v: v > 85),
    "hips-sagging": (_peak, lambda v: v < 165, lambda v: v > 175),
    "legs-above-torso": (_peak, lambda v: v > 192, lambda v: abs(v - 180) < 4),
    "knees-bent": (_knee, lambda v: v > 25, lambda v: v < 6),
    "not-standing-tall": (_peak, lambda v: v < 165, lambda v: v > 175),
    "trailing-foot-push": (_trailing_toe_down, lambda v: v > 0.25, lambda v: v < 0.2),
}

CASES = [(ex, f) for ex in EXERCISES for f in faults_for(ex)]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_clean_clip_generates_with_the_right_top(exercise: str) -> None:
    clip = _clip(exercise, ())
    assert clip.labels.rep_count == 4
    assert (clip.labels.fault == "").all()
    top = SCRIPTS[exercise].top_deg
    assert all(abs(p - top) < 4.5 for p in _peak(clip)), _peak(clip)
    assert np.isfinite(clip.landmarks_3d).all()
    assert clip.pose.detected.mean() > 0.8


@pytest.mark.parametrize(("exercise", "fault"), CASES)
def test_fault_is_labelled_on_its_reps_only(exercise: str, fault: str) -> None:
    clip = _clip(exercise, (fault,))
    for r in clip.motion.reps:
        faulty = r.rep_index in FAULTY
        if fault == "missed-hold" and SCRIPTS[exercise].starts_at_top and r.rep_index == 3:
            # The set ends at the top of its last rep and the person stays there through the
            # rest: no missed hold can be shown there, so none is labelled.
            faulty = False
        assert (fault in r.faults) == faulty
        lo, hi = round(r.start_s * 30), round(r.end_s * 30)
        frames = clip.labels.fault[lo:hi]
        assert all((fault in f.split(",")) == faulty for f in frames)


@pytest.mark.parametrize(("exercise", "fault"), [c for c in CASES if c[1] != "short-rep"])
def test_fault_shows_in_the_true_kinematics(exercise: str, fault: str) -> None:
    measure, bad, good = CHECKS[fault]
    clip = _clip(exercise, (fault,))
    values = measure(clip)
    for i, v in enumerate(values):
        # The labels decide (a missed hold cannot be shown where a set ends at the top).
        ok = bad(v) if fault in clip.motion.reps[i].faults else good(v)
        assert ok, f"{exercise} {fault}: rep {i} measured {v:.1f} (all: {np.round(values, 1)})"


@pytest.mark.parametrize("exercise", [e for e in EXERCISES if "short-rep" in faults_for(e)])
def test_short_reps_stop_at_half_to_most_of_the_range(exercise: str) -> None:
    clip = _clip(exercise, ("short-rep",))
    script = SCRIPTS[exercise]
    values = _knee(clip) if script.drive == "knee_flexion" else _peak(clip)
    clean = np.mean([values[0], values[2]])
    for i in FAULTY:
        assert values[i] < clean - 8.0, (exercise, values)
    if exercise == "glute-bridge":
        assert max(values[i] for i in FAULTY) < 165.0


def test_hip_thrust_feet_faults_come_in_pairs_in_random_specs() -> None:
    from hipcoach.synth.kinematic import random_spec

    rng = np.random.default_rng(1)
    for _ in range(20):
        spec = random_spec("hip-thrust", rng, fault_rate=0.8)
        assert spec.faults.get("knees-not-90", ()) == spec.faults.get("shins-not-vertical", ())

"""Upright hip thrust: tall kneeling, hips back to the calves, then forward to upright.

The rep starts and ends at the top (upright, signed hip 180): the timeline runs it lower ->
pause -> rise -> squeeze. ``hyperextension`` pushes the hips past the knees and leans back;
``not-upright`` finishes with the trunk still tipped forward and the hip short of straight.
"""

from __future__ import annotations

import numpy as np

from hipcoach.synth.kinematic.exercises.base import (
    ExerciseScript,
    FloatArray,
    PoseOut,
    knee_z,
    per_rep_noise,
    scale,
)
from hipcoach.synth.kinematic.geometry import invert_rows, two_link, unit
from hipcoach.synth.kinematic.timeline import Timeline
from hipcoach.synth.motion import BodyDims, Phase

HYPER_DEG = (196.0, 204.0)
NOT_UPRIGHT_DEG = (158.0, 168.0)
NOT_UPRIGHT_LEAN = (18.0, 28.0)


def carry_into_lowering(tl: Timeline, x: FloatArray) -> FloatArray:
    """Per-frame values where a rep's lowering, and a rest after it, keep the value the body had
    at the end of the last hold.

    A rep of this exercise begins at the top, so its own top (a fault, the per-rep jitter)
    would otherwise apply from its first frame: the hip angle jumped by up to 30 degrees in
    one frame where the previous rep's hold ended (and where a set ended, into the rest), which
    no body does and which moved the end of that hold. A rep's own values only matter once it
    leaves the bottom, where the change is invisible.
    """
    n = len(tl)
    own = (tl.rep_global >= 0) & (tl.phase != int(Phase.LOWERING))
    last_own = np.maximum.accumulate(np.where(own, np.arange(n), -1))
    idx = np.where(own | (last_own < 0), np.arange(n), last_own)
    return np.asarray(x, dtype=np.float64)[idx]


def upright_hip_thrust(tl: Timeline, body: BodyDims, rng: np.random.Generator) -> PoseOut:
    s = scale(body)
    n = len(tl)
    out = PoseOut.blank(n)
    knee_pt = np.array([0.0, knee_z(body)])
    q = np.linspace(0.0, 1.35, 136)
    thigh_q = -20.0 + (-90.0 + 20.0) * q  # sitting on the heels -> upright -> hips forward
    trunk_q = 55.0 + 35.0 * np.minimum(q, 1.0) + 20.0 * np.maximum(q - 1.0, 0.0)
    nu = tl.mask("not-upright")
    lvl = tl.level("not-upright")
    lean = nu * (NOT_UPRIGHT_LEAN[0] + (NOT_UPRIGHT_LEAN[1] - NOT_UPRIGHT_LEAN[0]) * lvl)
    lean = carry_into_lowering(tl, lean)
    trunk_g = trunk_q[None, :] - lean[:, None] * np.minimum(q, 1.0)[None, :]
    hip_g = np.mod(trunk_g - thigh_q[None, :], 360.0)
    bottom = hip_g[:, 0]
    hyper = tl.mask("hyperextension") * (
        HYPER_DEG[0] + (HYPER_DEG[1] - HYPER_DEG[0]) * tl.level("hyperextension") - 180.0
    )
    top = 180.0 + per_rep_noise(tl, rng, 1.0) + hyper
    top = np.where(nu, NOT_UPRIGHT_DEG[0] + (NOT_UPRIGHT_DEG[1] - NOT_UPRIGHT_DEG[0]) * lvl, top)
    top = carry_into_lowering(tl, top)
    qq = invert_rows(q, hip_g, bottom + tl.p * (top - bottom))

    thigh = np.interp(qq, q, thigh_q)
    trunk = np.interp(qq, q, trunk_q) - lean * np.minimum(qq, 1.0)
    hip = knee_pt - body.thigh * unit(thigh)
    shoulder = hip + body.trunk * unit(trunk)
    # Hands on the hips: the wrists just in front of the hip joints, elbows pointing back.
    hands = hip + 0.07 * s * unit(trunk - 90.0) + 0.05 * s * unit(trunk)
    upper, fore = two_link(shoulder, hands, body.upperarm, body.forearm, bend=-1.0)
    out.angles["trunk"] = trunk
    out.angles["head"] = trunk + 3.0
    out.both("thigh", thigh)
    out.both("shin", 180.0)
    out.both("foot", 190.0)
    out.both("upperarm", upper)
    out.both("forearm", fore)
    out.set_pelvis(hip)
    return out


UPRIGHT_HIP_THRUST = ExerciseScript(
    id="upright-hip-thrust",
    pose=upright_hip_thrust,
    faults=("short-rep", "hyperextension", "missed-hold", "not-upright"),
    tempo=(1.0, 1.0, 1.2),
    starts_at_top=True,
)

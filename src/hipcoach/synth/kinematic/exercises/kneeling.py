"""Upright hip thrust: tall kneeling, hips back to the calves, then forward to upright.

The rep starts and ends at the top (upright, signed hip 180): the timeline runs it lower ->
pause -> rise -> squeeze. ``hyperextension`` pushes the hips past the knees and leans back;
``not-upright`` finishes with the trunk still tipped forward and the hip short of straight.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hipcoach.synth.kinematic.exercises.base import (
    ExerciseScript,
    FloatArray,
    PoseOut,
    knee_z,
    scale,
)
from hipcoach.synth.kinematic.geometry import invert_rows, two_link, unit
from hipcoach.synth.kinematic.timeline import Timeline
from hipcoach.synth.motion import BodyDims, Phase

HYPER_DEG = (196.0, 204.0)
NOT_UPRIGHT_DEG = (158.0, 168.0)
NOT_UPRIGHT_LEAN = (18.0, 28.0)


def _shape_owner(tl: Timeline) -> NDArray[np.int64]:
    """Per frame, the rep whose top shape the body holds (-1: none yet, a clean upright).

    A rep owns its frames from the bottom on; while it lowers, the body still has the shape the
    previous rep finished in, and after the last rep the shape of that one.
    """
    owner = np.maximum.accumulate(tl.rep_global)
    lowering = (tl.phase == int(Phase.LOWERING)) & (tl.rep_global >= 0)
    return np.where(lowering, tl.rep_global - 1, owner)


def _per_rep(tl: Timeline, per_frame: NDArray[np.generic], owner: NDArray[np.int64]) -> FloatArray:
    """A per-frame fault mask or level, re-spread so every frame takes ``owner``'s value."""
    values = np.array([float(per_frame[rp.start]) for rp in tl.reps] or [0.0])
    return np.where(owner >= 0, values[np.maximum(owner, 0)], 0.0)


def upright_hip_thrust(tl: Timeline, body: BodyDims, rng: np.random.Generator) -> PoseOut:
    s = scale(body)
    n = len(tl)
    out = PoseOut.blank(n)
    knee_pt = np.array([0.0, knee_z(body)])
    q = np.linspace(0.0, 1.35, 136)
    thigh_q = -20.0 + (-90.0 + 20.0) * q  # sitting on the heels -> upright -> hips forward
    trunk_q = 55.0 + 35.0 * np.minimum(q, 1.0) + 20.0 * np.maximum(q - 1.0, 0.0)
    # Each rep's top shape (how far the hips get, how far the trunk stays tipped) also holds
    # while the next rep lowers and through a rest: the person starts down from where they
    # stopped instead of jumping to a clean upright in one frame.
    shape = _shape_owner(tl)
    per_rep = rng.normal(0.0, 1.0, size=max(1, len(tl.reps)))  # the reps' own small offsets
    nu = _per_rep(tl, tl.mask("not-upright"), shape).astype(bool)
    lvl = _per_rep(tl, tl.level("not-upright"), shape)
    lean = nu * (NOT_UPRIGHT_LEAN[0] + (NOT_UPRIGHT_LEAN[1] - NOT_UPRIGHT_LEAN[0]) * lvl)
    trunk_g = trunk_q[None, :] - lean[:, None] * np.minimum(q, 1.0)[None, :]
    hip_g = np.mod(trunk_g - thigh_q[None, :], 360.0)
    bottom = hip_g[:, 0]
    hyper_on = _per_rep(tl, tl.mask("hyperextension"), shape)
    hyper_lvl = _per_rep(tl, tl.level("hyperextension"), shape)
    hyper = hyper_on * (HYPER_DEG[0] + (HYPER_DEG[1] - HYPER_DEG[0]) * hyper_lvl - 180.0)
    top = 180.0 + per_rep[np.maximum(shape, 0)] + hyper
    top = np.where(nu, NOT_UPRIGHT_DEG[0] + (NOT_UPRIGHT_DEG[1] - NOT_UPRIGHT_DEG[0]) * lvl, top)
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

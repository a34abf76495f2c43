"""Glute bridge: lying on the back, shoulders on the floor, feet fixed, hips driven up.

The head lies towards -x (the motion frame is a rigid rotation of a standing person facing +x,
so lying face up puts the head at -x). The trunk pivots about the shoulders; the knee follows
from two-link IK between the hip and the fixed ankle; the pivot angle is found per frame so
the hip reaches the wanted signed angle exactly.
"""

from __future__ import annotations

import numpy as np

from hipcoach.synth.kinematic.exercises.base import (
    ExerciseScript,
    PoseOut,
    ankle_z,
    back_z,
    per_rep_noise,
    scale,
)
from hipcoach.synth.kinematic.geometry import invert_rows, two_link, unit
from hipcoach.synth.kinematic.timeline import Timeline
from hipcoach.synth.motion import BodyDims

HYPER_DEG = (196.0, 204.0)  # top of an arched rep


def glute_bridge(tl: Timeline, body: BodyDims, rng: np.random.Generator) -> PoseOut:
    s = scale(body)
    out = PoseOut.blank(len(tl))
    shoulder = np.array([0.0, back_z(body)])
    # Hip joint a little higher than the shoulder joint when lying: the buttocks are thicker.
    alpha0 = np.degrees(np.arcsin(0.01 * s / body.trunk))
    hip0 = shoulder + body.trunk * unit(alpha0)
    # Heels 12-16 in from the buttocks; the ankle sits a few cm in front of the heel.
    heel_to_butt = rng.uniform(0.30, 0.40) * s
    ankle = np.array([hip0[0] + heel_to_butt + 0.07 * s, ankle_z(body)])

    grid = np.linspace(alpha0, alpha0 + 75.0, 151)
    hips = shoulder + body.trunk * unit(grid)
    thigh_g, _ = two_link(hips, np.broadcast_to(ankle, hips.shape), body.thigh, body.shin)
    hip_g = np.mod(180.0 + grid - thigh_g, 360.0)

    bottom = float(hip_g[0])
    top = 180.0 + per_rep_noise(tl, rng, 1.0)
    top += tl.mask("hyperextension") * (
        HYPER_DEG[0] + (HYPER_DEG[1] - HYPER_DEG[0]) * tl.level("hyperextension") - 180.0
    )
    target = bottom + tl.p * (top - bottom)
    alpha = invert_rows(grid, hip_g[None, :], target)

    hip = shoulder + body.trunk * unit(alpha)
    thigh, shin = two_link(hip, np.broadcast_to(ankle, hip.shape), body.thigh, body.shin)
    out.angles["trunk"] = 180.0 + alpha
    out.angles["head"] = np.full(len(tl), 181.0)
    out.both("thigh", thigh)
    out.both("shin", shin)
    out.both("foot", -15.0)
    out.both("upperarm", -6.0)
    out.both("forearm", -2.0)
    out.set_pelvis(hip)
    out.props["floor"] = {"z": 0.0}
    return out


GLUTE_BRIDGE = ExerciseScript(
    id="glute-bridge",
    pose=glute_bridge,
    faults=("short-rep", "hyperextension", "missed-hold"),
    tempo=(1.2, 2.0, 1.5),
)

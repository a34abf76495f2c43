"""Hip thrust: upper back on a bench edge, feet fixed, a bar across the hips.

The shoulder pivot sits at knee height at the top, so a well set-up rep ends with the torso
level, shins vertical and knees at 90 degrees. Feet too near or too far (``knees-not-90`` with
``shins-not-vertical``) move the ankles; ``torso-not-parallel`` lets the shoulders slide down
the bench so the torso tilts at the top.
"""

from __future__ import annotations

import numpy as np

from hipcoach.synth.kinematic.exercises.base import (
    ExerciseScript,
    PoseOut,
    ankle_z,
    per_rep_noise,
    scale,
)
from hipcoach.synth.kinematic.geometry import invert_rows, smooth_step_signal, two_link, unit
from hipcoach.synth.kinematic.timeline import Timeline
from hipcoach.synth.motion import BodyDims

HYPER_DEG = (196.0, 204.0)
FEET_SHIFT_M = (0.12, 0.2)  # how far too near or too far the feet are placed
SHOULDER_DROP_M = (0.2, 0.28)  # how far the shoulders slide down the bench


def hip_thrust(tl: Timeline, body: BodyDims, rng: np.random.Generator) -> PoseOut:
    s = scale(body)
    n = len(tl)
    out = PoseOut.blank(n)
    za = ankle_z(body)
    zs = za + body.shin
    feet = tl.mask("knees-not-90") | tl.mask("shins-not-vertical")
    feet_level = np.maximum(tl.level("knees-not-90"), tl.level("shins-not-vertical"))
    # Below half severity the feet are too near, above it too far.
    direction = np.where(feet_level < 0.5, -1.0, 1.0)
    size = FEET_SHIFT_M[0] + (FEET_SHIFT_M[1] - FEET_SHIFT_M[0]) * np.abs(2 * feet_level - 1)
    shift = smooth_step_signal(feet * direction * size * s, tl.fps, 0.5)
    drop_lvl = tl.level("torso-not-parallel")
    drop_m = SHOULDER_DROP_M[0] + (SHOULDER_DROP_M[1] - SHOULDER_DROP_M[0]) * drop_lvl
    drop = smooth_step_signal(tl.mask("torso-not-parallel") * drop_m * s, tl.fps, 0.5)

    shoulder = np.stack([np.zeros(n), zs - drop], axis=-1)
    ankle = np.stack([np.full(n, body.trunk + body.thigh) + shift, np.full(n, za)], axis=-1)
    grid = np.linspace(-70.0, 30.0, 201)
    hips = shoulder[:, None, :] + body.trunk * unit(grid)[None, :, :]
    thigh_g, _ = two_link(hips, ankle[:, None, :], body.thigh, body.shin)
    hip_g = np.mod(180.0 + grid[None, :] - thigh_g, 360.0)

    # Bottom: the hips nearly touch the floor.
    sin_b = np.clip((shoulder[:, 1] - 0.16 * s) / body.trunk, -1.0, 1.0)
    alpha_b = -np.degrees(np.arcsin(sin_b))
    hip_b = shoulder + body.trunk * unit(alpha_b)
    thigh_b, _ = two_link(hip_b, ankle, body.thigh, body.shin)
    bottom = np.mod(180.0 + alpha_b - thigh_b, 360.0)
    hyper = HYPER_DEG[0] + (HYPER_DEG[1] - HYPER_DEG[0]) * tl.level("hyperextension") - 180.0
    top = 180.0 + per_rep_noise(tl, rng, 1.0) + tl.mask("hyperextension") * hyper
    target = bottom + tl.p * (top - bottom)
    alpha = invert_rows(grid, hip_g, target)

    hip = shoulder + body.trunk * unit(alpha)
    thigh, shin = two_link(hip, ankle, body.thigh, body.shin)
    trunk = 180.0 + alpha
    out.angles["trunk"] = trunk
    out.angles["head"] = trunk - 15.0  # chin tucked, eyes forward
    out.both("thigh", thigh)
    out.both("shin", shin)
    out.both("foot", -15.0)
    # The bar rests in the hip crease: in front of the hips, along the trunk's normal.
    bar = hip + 0.13 * s * unit(trunk - 90.0) + 0.03 * s * unit(trunk + 180.0)
    upper, fore = two_link(shoulder, bar, body.upperarm, body.forearm, bend=-1.0)
    out.both("upperarm", upper)
    out.both("forearm", fore)
    out.set_pelvis(hip)
    edge_x, edge_z = -0.06 * s, zs - 0.08 * s
    out.props["bench"] = {
        "edge": [edge_x, edge_z],
        "height": edge_z,
        "x_min": edge_x - 0.45,
        "x_max": edge_x,
    }
    out.props["bar"] = {
        "center": np.stack([bar[:, 0], np.zeros(n), bar[:, 1]], axis=-1),
        "radius": 0.025,
        "length": 2.2,
    }
    return out


HIP_THRUST = ExerciseScript(
    id="hip-thrust",
    pose=hip_thrust,
    faults=(
        "short-rep",
        "hyperextension",
        "missed-hold",
        "knees-not-90",
        "shins-not-vertical",
        "torso-not-parallel",
    ),
    tempo=(1.0, 1.0, 1.5),
)

"""The two stability-ball exercises: bridge with hamstring curl, and prone hip extension.

Ball bridge curl: shoulders on the floor, calves on the ball; the hips go up into a line as the
set starts and stay there while the knees curl the ball in (knee flexion drives the rep). The
trunk pivot is solved per frame so the ankles stay on top of the ball.

Prone extension: hips on the ball, hands on the floor under the shoulders, legs rising from
toes-on-the-floor to the torso's line.
"""

from __future__ import annotations

import numpy as np

from hipcoach.synth.kinematic.exercises.base import (
    ExerciseScript,
    PoseOut,
    back_z,
    per_rep_noise,
    scale,
)
from hipcoach.synth.kinematic.geometry import invert_rows, lerp, smooth_step_signal, unit
from hipcoach.synth.kinematic.timeline import Timeline
from hipcoach.synth.motion import BodyDims

BALL_RADIUS_M = (0.3, 0.35)
CURL_KNEE_DEG = 95.0  # knee flexion at the top of a full curl
SAG_DEG = (20.0, 30.0)  # how far the hips drop during a sagging curl
HIPS_DOWN_DEG = 135.0  # hip angle lying with the calves on the ball, hips on the floor


def ball_bridge_curl(tl: Timeline, body: BodyDims, rng: np.random.Generator) -> PoseOut:
    s = scale(body)
    n = len(tl)
    out = PoseOut.blank(n)
    radius = rng.uniform(*BALL_RADIUS_M)
    shoulder = np.array([0.0, back_z(body)])
    up = np.clip(smooth_step_signal(tl.engaged, tl.fps, 1.2), 0.0, 1.0)
    sag = tl.level("hips-sagging")
    sag_deg = tl.mask("hips-sagging") * (SAG_DEG[0] + (SAG_DEG[1] - SAG_DEG[0]) * sag) * tl.u
    hip_deg = lerp(HIPS_DOWN_DEG, 180.0 + per_rep_noise(tl, rng, 1.0), up) - sag_deg
    k_top = CURL_KNEE_DEG + per_rep_noise(tl, rng, 4.0)
    knee = 3.0 + tl.p * (k_top - 3.0)

    grid = np.linspace(-10.0, 75.0, 171)
    hips = shoulder + body.trunk * unit(grid)  # (N, 2)
    thigh_g = 180.0 + grid[None, :] - hip_deg[:, None]
    knees = hips[None] + body.thigh * unit(thigh_g)
    ankles_z = knees[..., 1] + body.shin * np.sin(np.radians(thigh_g - knee[:, None]))
    # Calves on top of the ball with straight legs; heels on its near side when curled.
    curl = np.clip((knee - 3.0) / (CURL_KNEE_DEG - 3.0), 0.0, 1.0)
    target_z = lerp(2 * radius + 0.05 * s, radius + 0.12 * s, curl)
    alpha = invert_rows(grid, ankles_z, target_z)

    hip = shoulder + body.trunk * unit(alpha)
    thigh = 180.0 + alpha - hip_deg
    shin = thigh - knee
    ankle = hip + body.thigh * unit(thigh) + body.shin * unit(shin)
    contact = radius + 0.07 * s  # heel thickness: the ankle sits this far from the centre
    beside = np.sqrt(np.clip(contact**2 - (ankle[:, 1] - radius) ** 2, 0.0, None))
    centre_x = ankle[:, 0] + lerp(-0.12 * s, beside, curl)
    out.angles["trunk"] = 180.0 + alpha
    out.angles["head"] = np.full(n, 181.0)
    out.both("thigh", thigh)
    out.both("shin", shin)
    out.both("foot", shin + 80.0)
    out.both("upperarm", -6.0)
    out.both("forearm", -2.0)
    out.set_pelvis(hip)
    out.props["ball"] = {
        "center": np.stack([centre_x, np.zeros(n), np.full(n, radius)], axis=-1),
        "radius": radius,
    }
    return out


HYPER_LEGS_DEG = (196.0, 206.0)
KNEES_BENT_DEG = (30.0, 45.0)


def prone_ball_hip_extension(tl: Timeline, body: BodyDims, rng: np.random.Generator) -> PoseOut:
    s = scale(body)
    n = len(tl)
    out = PoseOut.blank(n)
    radius = rng.uniform(*BALL_RADIUS_M)
    hip = np.array([-0.08 * s, 2 * radius + 0.1 * s])
    shoulder_z = 0.03 * s + body.upperarm + body.forearm
    trunk = float(np.degrees(np.arcsin(np.clip((shoulder_z - hip[1]) / body.trunk, -1.0, 1.0))))
    leg = body.thigh + body.shin
    # Legs hang behind the ball, toes just on the floor.
    drop = np.clip((hip[1] - 0.2 * s) / leg, -1.0, 1.0)
    thigh_b = 180.0 + float(np.degrees(np.arcsin(drop)))
    bottom = np.mod(trunk - thigh_b, 360.0)
    over = tl.level("legs-above-torso")
    over_deg = HYPER_LEGS_DEG[0] + (HYPER_LEGS_DEG[1] - HYPER_LEGS_DEG[0]) * over - 180.0
    top = 180.0 + per_rep_noise(tl, rng, 1.0) + tl.mask("legs-above-torso") * over_deg
    hip_deg = bottom + tl.p * (top - bottom)
    thigh = trunk - hip_deg
    bent = KNEES_BENT_DEG[0] + (KNEES_BENT_DEG[1] - KNEES_BENT_DEG[0]) * tl.level("knees-bent")
    knee = 3.0 + tl.mask("knees-bent") * bent * np.clip(3.0 * tl.u, 0.0, 1.0)
    shin = thigh - knee
    out.angles["trunk"] = np.full(n, trunk)
    out.angles["head"] = np.full(n, trunk + 5.0)
    out.both("thigh", thigh)
    out.both("shin", shin)
    out.both("foot", shin + 60.0)
    out.both("upperarm", -90.0)
    out.both("forearm", -90.0)
    out.set_pelvis(np.broadcast_to(hip, (n, 2)))
    out.props["ball"] = {
        "center": np.tile(np.array([hip[0] + 0.1 * s, 0.0, radius]), (n, 1)),
        "radius": radius,
    }
    return out


BALL_BRIDGE_CURL = ExerciseScript(
    id="ball-bridge-curl",
    pose=ball_bridge_curl,
    faults=("short-rep", "hips-sagging"),
    tempo=(1.2, 0.5, 1.5),
    lead_s=1.8,
    drive="knee_flexion",
)

PRONE_BALL_HIP_EXTENSION = ExerciseScript(
    id="prone-ball-hip-extension",
    pose=prone_ball_hip_extension,
    faults=("short-rep", "legs-above-torso", "knees-bent"),
    tempo=(1.2, 0.5, 1.5),
)

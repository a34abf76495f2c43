"""Quadruped kickback: hands and support knee on the floor, the working leg pushes up and back.

A clean rep straightens the knee and stops with the thigh in line with the trunk (hip at hip
height, signed hip angle 180). ``leg-above-hip`` carries on past the line; ``hip-rotation``
rolls and turns the pelvis open towards the working side and lets the thigh drift out.
"""

from __future__ import annotations

import numpy as np

from hipcoach.synth.kinematic.exercises.base import (
    ExerciseScript,
    PoseOut,
    knee_z,
    per_rep_noise,
    scale,
)
from hipcoach.synth.kinematic.timeline import Timeline
from hipcoach.synth.motion import BodyDims

ABOVE_HIP_DEG = (198.0, 210.0)
ROLL_DEG = (15.0, 25.0)


def quadruped_kickback(tl: Timeline, body: BodyDims, rng: np.random.Generator) -> PoseOut:
    s = scale(body)
    n = len(tl)
    out = PoseOut.blank(n)
    hip = np.array([0.0, knee_z(body) + body.thigh])
    shoulder_z = 0.03 * s + body.upperarm + body.forearm
    trunk = float(np.degrees(np.arcsin(np.clip((shoulder_z - hip[1]) / body.trunk, -1, 1))))
    bottom = trunk + 90.0  # thigh straight down
    above = tl.level("leg-above-hip")
    above_deg = ABOVE_HIP_DEG[0] + (ABOVE_HIP_DEG[1] - ABOVE_HIP_DEG[0]) * above - 180.0
    top = 180.0 + per_rep_noise(tl, rng, 1.5) + tl.mask("leg-above-hip") * above_deg
    hip_deg = bottom + tl.p * (top - bottom)
    thigh_w = trunk - hip_deg
    knee_w = 90.0 + (5.0 - 90.0) * tl.p  # the knee straightens as the heel drives back
    shin_w = thigh_w - knee_w
    # The working foot flexes, heel first, as it pushes back; the kneeling foot stays pointed.
    foot_w = shin_w + 10.0 + 70.0 * tl.p
    out.angles["trunk"] = np.full(n, trunk)
    out.angles["head"] = np.full(n, trunk)
    out.sided("thigh", tl.side, thigh_w, -90.0)
    out.sided("shin", tl.side, shin_w, 180.0)
    out.sided("foot", tl.side, foot_w, 190.0)
    out.both("upperarm", -90.0)
    out.both("forearm", -90.0)

    rot = tl.mask("hip-rotation") * tl.u
    lvl = tl.level("hip-rotation")
    sign = np.where(tl.side == "left", 1.0, -1.0)  # the working hip lifts and opens
    out.angles["pelvis_roll"] = sign * rot * (ROLL_DEG[0] + (ROLL_DEG[1] - ROLL_DEG[0]) * lvl)
    out.angles["pelvis_yaw"] = sign * rot * (5.0 + 5.0 * lvl)
    abd = rot * (8.0 + 8.0 * lvl)
    out.angles["hip_abduction_l"] = np.where(tl.side == "left", abd, 0.0)
    out.angles["hip_abduction_r"] = np.where(tl.side == "right", abd, 0.0)
    out.set_pelvis(np.broadcast_to(hip, (n, 2)))
    return out


QUADRUPED_KICKBACK = ExerciseScript(
    id="quadruped-kickback",
    pose=quadruped_kickback,
    faults=("short-rep", "leg-above-hip", "hip-rotation"),
    tempo=(1.0, 0.5, 1.0),
    unilateral=True,
)

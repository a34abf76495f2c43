"""Standing kickback (hands on a wall) and step-up (lead foot on a box).

Standing kickback: the support foot stays put with the knee slightly bent, the trunk leans a
little towards the wall, and the working leg, knee slightly bent, swings back. True hip
extension stops about 15 degrees past the trunk line (signed ~195); ``trunk-lean`` tips the
trunk ~35 degrees forward so the leg *looks* 60 degrees back with the same hip angle.

Step-up: the pelvis travels from over the trailing foot to straight above the lead foot on the
box until the lead hip is straight; the trailing leg leaves the floor at once and hangs in the
air. ``not-standing-tall`` stops short of straight with the trunk still forward;
``trailing-foot-push`` keeps the trailing toes on the floor, heel rising and knee straightening,
for as long as they reach it: about the first fifth to third of the lead hip's rise. The ankle
rises with the heel meanwhile, so it is the toes and the straight knee that show the push.
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
from hipcoach.synth.kinematic.geometry import (
    ease,
    invert_rows,
    lerp,
    smooth_step_signal,
    two_link,
    unit,
    wrap180,
)
from hipcoach.synth.kinematic.timeline import Timeline
from hipcoach.synth.motion import BodyDims

KICK_TOP_DEG = 195.0
LEAN_DEG = (30.0, 40.0)


def standing_kickback(tl: Timeline, body: BodyDims, rng: np.random.Generator) -> PoseOut:
    s = scale(body)
    n = len(tl)
    out = PoseOut.blank(n)
    za = ankle_z(body)
    support_thigh, support_shin = -85.0, -95.0  # knee soft, about 10 degrees
    knee_pt = np.array([0.0, za]) - body.shin * unit(support_shin)
    hip = knee_pt - body.thigh * unit(support_thigh)
    lean0 = rng.uniform(8.0, 15.0)
    extra = LEAN_DEG[0] + (LEAN_DEG[1] - LEAN_DEG[0]) * tl.level("trunk-lean")
    trunk = 90.0 - lean0 - tl.mask("trunk-lean") * extra * tl.u
    shoulder = hip + body.trunk * unit(trunk)
    arm = body.upperarm + body.forearm
    wall_x = float(hip[0] + body.trunk * np.cos(np.radians(90.0 - lean0)) + 0.85 * arm)
    hand = np.stack([np.full(n, wall_x), shoulder[:, 1] - 0.12 * s], axis=-1)
    upper, fore = two_link(shoulder, hand, body.upperarm, body.forearm, bend=-1.0)

    bottom_thigh = -85.0
    bottom = (90.0 - lean0) - bottom_thigh
    top = KICK_TOP_DEG + per_rep_noise(tl, rng, 2.0)
    hip_deg = bottom + tl.p * (top - bottom)
    knee = 25.0 + per_rep_noise(tl, rng, 3.0)
    engaged = np.clip(smooth_step_signal(tl.engaged, tl.fps, 0.8), 0.0, 1.0)
    # Between sets both feet are on the floor; the working foot lifts as the set starts.
    thigh_w = lerp(support_thigh, trunk - hip_deg, engaged)
    shin_w = lerp(support_shin, trunk - hip_deg - knee, engaged)
    out.angles["trunk"] = trunk
    out.angles["head"] = trunk + 8.0
    out.sided("thigh", tl.side, thigh_w, support_thigh)
    out.sided("shin", tl.side, shin_w, support_shin)
    out.sided("foot", tl.side, lerp(-15.0, shin_w + 70.0, engaged), -15.0)
    out.both("upperarm", upper)
    out.both("forearm", fore)
    out.set_pelvis(np.broadcast_to(hip, (n, 2)))
    out.props["wall"] = {"x": wall_x, "hands_z": float(np.mean(hand[:, 1]))}
    return out


NOT_TALL_DEG = (150.0, 160.0)


def step_up(tl: Timeline, body: BodyDims, rng: np.random.Generator) -> PoseOut:
    s = scale(body)
    n = len(tl)
    out = PoseOut.blank(n)
    za = ankle_z(body)
    leg = body.thigh + body.shin
    box_h = rng.uniform(0.30, 0.45)
    lead_ankle = np.array([0.12 * s, box_h + za])
    trail_ankle = np.array([-(rng.uniform(0.15, 0.30) + 0.15 * s), za])
    hip0_x = trail_ankle[0] + 0.08 * s
    hip0 = np.array([hip0_x, za + np.sqrt((0.96 * leg) ** 2 - (hip0_x - trail_ankle[0]) ** 2)])
    # Slightly past straight above the lead foot, so a clean top can reach 180 exactly.
    hip1 = np.array([lead_ankle[0] + 0.03 * s, lead_ankle[1] + 0.995 * leg])

    q = np.linspace(0.0, 1.1, 177)
    path = np.stack(
        [
            hip0[0]
            + (hip1[0] - hip0[0]) * (1 - (1 - np.minimum(q, 1.0)) ** 2)
            + 0.1 * np.maximum(q - 1, 0),
            np.minimum(hip0[1] + (hip1[1] - hip0[1]) * q, lead_ankle[1] + leg),
        ],
        axis=-1,
    )
    not_tall = tl.mask("not-standing-tall")
    nt_lvl = tl.level("not-standing-tall")
    lean = 12.0 * (1 - q)[None, :] + 10.0 * np.sin(np.pi * np.minimum(q, 1.0))[None, :]
    lean = lean + (not_tall * (10.0 + 6.0 * nt_lvl))[:, None] * q[None, :]
    trunk_g = 90.0 - lean
    thigh_g, _ = two_link(path, np.broadcast_to(lead_ankle, path.shape), body.thigh, body.shin)
    hip_g = np.mod(trunk_g - thigh_g[None, :], 360.0)
    bottom = hip_g[:, 0]
    nt_top = NOT_TALL_DEG[0] + (NOT_TALL_DEG[1] - NOT_TALL_DEG[0]) * nt_lvl
    top = np.where(not_tall, nt_top, 180.0 + per_rep_noise(tl, rng, 1.0))
    target = bottom + tl.p * (top - bottom)
    qq = invert_rows(q, hip_g, target)

    hip = np.stack(
        [np.interp(qq, q, path[:, 0]), np.interp(qq, q, path[:, 1])],
        axis=-1,
    )
    trunk = 90.0 - (
        12.0 * (1 - qq) + 10.0 * np.sin(np.pi * qq) + not_tall * (10.0 + 6.0 * nt_lvl) * qq
    )
    lead_thigh, lead_shin = two_link(
        hip, np.broadcast_to(lead_ankle, hip.shape), body.thigh, body.shin
    )
    # The trailing foot pushes by rising onto its toes: the toe stays put while the heel lifts,
    # which lengthens the leg's reach by up to a foot length.
    toe = trail_ankle + body.foot * unit(-15.0)
    f_grid = np.linspace(-15.0, -85.0, 29)
    ankles = toe[None, :] - body.foot * unit(f_grid)
    dist = np.linalg.norm(hip[:, None, :] - ankles[None, :, :], axis=-1)
    reach = dist <= 0.995 * leg
    foot_floor = np.where(reach.any(axis=1), f_grid[np.argmax(reach, axis=1)], f_grid[-1])
    ankle_floor = toe - body.foot * unit(foot_floor)
    floor_thigh, floor_shin = two_link(hip, ankle_floor, body.thigh, body.shin)
    # How far up the path the toes can stay down: the push's natural end.
    path_dist = np.linalg.norm(path[:, None, :] - ankles[None, :, :], axis=-1).min(axis=1)
    q_lift = float(q[np.flatnonzero(path_dist <= 0.995 * leg).max()])
    q_off = np.where(tl.mask("trailing-foot-push"), q_lift - 0.05, 0.04)
    air = ease((qq - q_off) / 0.12)
    air_thigh, air_shin = -100.0, -175.0  # the trailing leg hangs behind, knee bent
    trail_thigh = floor_thigh + wrap180(air_thigh - floor_thigh) * air
    trail_shin = floor_shin + wrap180(air_shin - floor_shin) * air
    trail_foot = lerp(foot_floor, trail_shin + 60.0, air)

    out.angles["trunk"] = trunk
    out.angles["head"] = 90.0 - 0.4 * (90.0 - trunk)
    out.sided("thigh", tl.side, lead_thigh, trail_thigh)
    out.sided("shin", tl.side, lead_shin, trail_shin)
    out.sided("foot", tl.side, -15.0, trail_foot)
    out.both("upperarm", -95.0 + 0.5 * (trunk - 90.0))
    out.both("forearm", -80.0)
    out.set_pelvis(hip)
    out.props["box"] = {"x_min": 0.0, "x_max": 0.45, "height": box_h}
    return out


STANDING_KICKBACK = ExerciseScript(
    id="standing-kickback",
    pose=standing_kickback,
    faults=("short-rep", "trunk-lean"),
    tempo=(1.0, 0.5, 1.0),
    unilateral=True,
    top_deg=KICK_TOP_DEG,
)

STEP_UP = ExerciseScript(
    id="step-up",
    pose=step_up,
    faults=("not-standing-tall", "trailing-foot-push"),
    tempo=(1.2, 0.3, 1.3),
    unilateral=True,
)

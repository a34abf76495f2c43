"""Build a :class:`Motion` from a spec: timeline + exercise script + walking in and out.

Around the script's poses this adds what real recordings have and counters must ignore: walking
into view and getting down into the start position (set-up), getting up and walking out
(leaving the frame), and smooth changes of the working side between sets or reps.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hipcoach.synth.kinematic.exercises import SCRIPTS
from hipcoach.synth.kinematic.exercises.base import ANGLE_KEYS, PoseOut, ankle_z
from hipcoach.synth.kinematic.geometry import ease, wrap180
from hipcoach.synth.kinematic.skeleton import forward_kinematics
from hipcoach.synth.kinematic.spec import ClipSpec
from hipcoach.synth.kinematic.timeline import Timeline, build_timeline
from hipcoach.synth.motion import BodyDims, Motion, RepTruth

FloatArray = NDArray[np.float64]

WALK_SPEED = 1.1  # m/s
WALK_OFF_M = 3.5  # how far to walk to leave a typical side view
WALK_SHARE = 0.45  # share of a set-up spent walking; the rest is getting into position
TOE_CLEARANCE_M = 0.01


def body_from_spec(spec: ClipSpec) -> BodyDims:
    return BodyDims.from_height(
        spec.body_height, leg_ratio=spec.leg_ratio, width_ratio=spec.width_ratio
    )


def _standing(body: BodyDims, n: int) -> PoseOut:
    out = PoseOut.blank(n)
    out.angles["trunk"][:] = 90.0
    out.angles["head"][:] = 90.0
    out.both("thigh", -90.0)
    out.both("shin", -90.0)
    out.both("foot", -15.0)
    out.both("upperarm", -93.0)
    out.both("forearm", -85.0)
    out.pelvis[:, 2] = ankle_z(body) + body.thigh + body.shin
    return out


def _walk(body: BodyDims, n: int, fps: float, x0: float, x1: float) -> PoseOut:
    """Walking along x from x0 to x1 (always forwards: the person faces +x)."""
    out = _standing(body, n)
    w = np.arange(n) / max(n - 1, 1)
    out.pelvis[:, 0] = x0 + (x1 - x0) * w
    t = np.arange(n) / fps
    stride = 2.0 * np.pi * 0.9 * t  # about 0.9 strides a second
    for x, ph in (("l", 0.0), ("r", np.pi)):
        swing = np.sin(stride + ph)
        out.angles[f"thigh_{x}"] = -90.0 + 22.0 * swing
        knee = 35.0 * np.clip(np.sin(stride + ph + 1.2), 0.0, None)
        out.angles[f"shin_{x}"] = out.angles[f"thigh_{x}"] - knee
        out.angles[f"upperarm_{x}"] = -90.0 - 18.0 * swing
        out.angles[f"forearm_{x}"] = out.angles[f"upperarm_{x}"] + 12.0
    # Legs swing, so the straight-leg pelvis height would float: sink it by the leg's shortening.
    shortening = (body.thigh + body.shin) * (1 - np.cos(np.radians(22.0 * np.abs(np.sin(stride)))))
    out.pelvis[:, 2] -= shortening
    return out


def _blend(a: PoseOut, b: PoseOut, w: FloatArray) -> PoseOut:
    out = PoseOut.blank(len(w))
    for k in ANGLE_KEYS:
        out.angles[k] = a.angles[k] + wrap180(b.angles[k] - a.angles[k]) * w
    out.pelvis = a.pelvis + (b.pelvis - a.pelvis) * w[:, None]
    return out


def _take(p: PoseOut, lo: int, hi: int) -> PoseOut:
    return PoseOut({k: v[lo:hi] for k, v in p.angles.items()}, p.pelvis[lo:hi])


def _put(p: PoseOut, lo: int, part: PoseOut) -> None:
    hi = lo + part.pelvis.shape[0]
    for k in ANGLE_KEYS:
        p.angles[k][lo:hi] = part.angles[k]
    p.pelvis[lo:hi] = part.pelvis


def _lift_off_floor(body: BodyDims, p: PoseOut, lo: int, hi: int) -> None:
    """Blended poses can dip through the floor; raise the body where they do."""
    part = _take(p, lo, hi)
    joints = forward_kinematics(body, part.pelvis, part.angles)
    lowest = np.min(np.stack([v[:, 2] for v in joints.values()], axis=1), axis=1)
    p.pelvis[lo:hi, 2] += np.clip(0.02 - lowest, 0.0, None)


def _transitions(tl: Timeline, body: BodyDims, pose: PoseOut, in_frame: NDArray[np.bool_]) -> None:
    n = len(tl)
    for seg in tl.segments:
        lo, hi = seg.start, seg.stop
        m = hi - lo
        if seg.kind == "away":
            away = _standing(body, m)
            away.pelvis[:, 0] = pose.pelvis[min(hi, n - 1), 0] + WALK_OFF_M * 2
            _put(pose, lo, away)
            in_frame[lo:hi] = False
            continue
        anchor = min(hi, n - 1) if seg.kind == "enter" else max(lo - 1, 0)
        x_here = float(pose.pelvis[anchor, 0])
        n_walk = round(m * WALK_SHARE)
        n_pose = m - n_walk
        target = _take(pose, lo, hi)
        if seg.kind == "enter":
            walk = _walk(body, n_walk, tl.fps, x_here - WALK_OFF_M, x_here)
            stand = _standing(body, n_pose)
            stand.pelvis[:, 0] = x_here
            w = ease(np.arange(n_pose) / max(n_pose - 1, 1))
            down = _blend(stand, _take(target, n_walk, m), w)
            _put(pose, lo, walk)
            _put(pose, lo + n_walk, down)
            _lift_off_floor(body, pose, lo + n_walk, hi)
            in_frame[lo : lo + n_walk // 2] = False
        else:
            stand = _standing(body, n_pose)
            stand.pelvis[:, 0] = x_here
            w = ease(np.arange(n_pose) / max(n_pose - 1, 1))
            up = _blend(_take(target, 0, n_pose), stand, w)
            walk = _walk(body, n_walk, tl.fps, x_here, x_here + WALK_OFF_M)
            _put(pose, lo, up)
            _put(pose, lo + n_pose, walk)
            _lift_off_floor(body, pose, lo, lo + n_pose)
            in_frame[lo + n_pose + n_walk // 2 : hi] = False


def _keep_feet_above_floor(body: BodyDims, pose: PoseOut) -> None:
    """Turn a foot up (about its ankle) wherever its toes would go through the floor."""
    joints = forward_kinematics(body, pose.pelvis, pose.angles)
    for x in "lr":
        ankle = joints[f"ankle_{x}"][:, 2]
        toe = joints[f"toe_{x}"][:, 2]
        low = toe < TOE_CLEARANCE_M
        if not low.any():
            continue
        foot = pose.angles[f"foot_{x}"]
        need = np.degrees(np.arcsin(np.clip((TOE_CLEARANCE_M - ankle) / body.foot, -1.0, 1.0)))
        forward = np.cos(np.radians(foot)) >= 0
        fixed = np.where(forward, need, 180.0 - need)
        pose.angles[f"foot_{x}"] = np.where(low, foot + wrap180(fixed - foot), foot)


def _crossfade_side_changes(tl: Timeline, pose: PoseOut) -> None:
    """Where the working side changes, move smoothly across the pause between the reps."""
    n = len(tl)
    change = np.flatnonzero(tl.side[1:] != tl.side[:-1]) + 1
    busy = tl.rep_global >= 0
    for i in change:
        lo = i
        while lo > 0 and not busy[lo - 1]:
            lo -= 1
        hi = i
        while hi < n and not busy[hi]:
            hi += 1
        lo = max(lo, hi - int(3 * tl.fps))  # the last 3 s of a long rest, not all of it
        if lo < 1 or hi >= n or hi - lo < 2:
            continue
        w = ease((np.arange(lo, hi) - lo + 1) / (hi - lo + 1))
        a, b = lo - 1, hi
        for k in ANGLE_KEYS:
            v = pose.angles[k]
            v[lo:hi] = v[a] + wrap180(v[b] - v[a]) * w
        pose.pelvis[lo:hi] = pose.pelvis[a] + (pose.pelvis[b] - pose.pelvis[a]) * w[:, None]


def _fault_labels(tl: Timeline) -> NDArray[np.str_]:
    labels = np.full(len(tl), "", dtype="<U80")
    for rp in tl.reps:
        if rp.faults:
            labels[rp.start : rp.end] = ",".join(rp.faults)
    return labels


def build_motion(
    spec: ClipSpec, rng: np.random.Generator | None = None, *, body: BodyDims | None = None
) -> Motion:
    """The clip's motion: segment angles, pelvis path, per-frame labels and the true reps.

    ``body`` overrides the segment lengths derived from the spec's height and ratios (a
    renderer passes the exact lengths of the mesh it draws, so contacts are solved for it).

    >>> from hipcoach.synth.kinematic.spec import ClipSpec
    >>> m = build_motion(ClipSpec(exercise="glute-bridge", sets=1, reps=3))
    >>> len(m.reps), round(m.reps[0].peak_hip_deg / 10) * 10
    (3, 180)
    """
    rng = rng if rng is not None else np.random.default_rng([spec.seed, 1])
    script = SCRIPTS[spec.exercise]
    body = body if body is not None else body_from_spec(spec)
    tempo = spec.tempo if spec.tempo is not None else script.tempo
    tl = build_timeline(
        spec,
        rng,
        tempo=tempo,
        unilateral=script.unilateral,
        starts_at_top=script.starts_at_top,
        lead_s=script.lead_s,
    )
    pose = script.pose(tl, body, rng)
    _crossfade_side_changes(tl, pose)
    in_frame = np.ones(len(tl), dtype=bool)
    _transitions(tl, body, pose, in_frame)
    _keep_feet_above_floor(body, pose)
    angles = {k: np.asarray(v, dtype=np.float64) for k, v in pose.angles.items()}
    reps = []
    for rp in tl.reps:
        top = min(rp.top, len(tl) - 1)
        sides = ("l", "r") if rp.side == "both" else (rp.side[0],)
        peak = float(
            np.mean(
                [np.mod(angles["trunk"][top] - angles[f"thigh_{x}"][top], 360.0) for x in sides]
            )
        )
        reps.append(
            RepTruth(
                set_index=rp.set_index,
                rep_index=rp.rep_index,
                side=rp.side,
                start_s=rp.start / tl.fps,
                top_s=rp.top / tl.fps,
                end_s=rp.end / tl.fps,
                hold_s=rp.hold_s,
                peak_hip_deg=peak,
                faults=rp.faults,
            )
        )
    return Motion(
        exercise=spec.exercise,
        body=body,
        t=tl.t,
        pelvis=pose.pelvis,
        angles=angles,
        phase=tl.phase,
        set_index=tl.set_index,
        rep_index=tl.rep_index,
        fault=_fault_labels(tl),
        reps=tuple(reps),
        props=pose.props,
        in_frame=in_frame,
        side=tl.side,
    )

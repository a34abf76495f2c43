"""Ground-truth labels: per-frame arrays and the JSON schema shared with rendered clips.

The JSON (``labels_json``) is what a benchmark clip ships beside its video; the renderer
(:mod:`hipcoach.synth.render`) writes the same schema from the same :class:`Motion`, passing
its own 2-D joints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from hipcoach.pose.landmarks import NUM_LANDMARKS, Landmark
from hipcoach.synth.kinematic.landmarks import landmarks_from_joints
from hipcoach.synth.kinematic.skeleton import forward_kinematics
from hipcoach.synth.motion import Motion, Phase, RepTruth

if TYPE_CHECKING:
    from hipcoach.synth.kinematic.generate import SyntheticClip

FloatArray = NDArray[np.float64]

SCHEMA = "hipcoach.synth.labels/1"
SIDE_NAMES = {"left": "l", "right": "r"}
PHASE_NAMES = {int(p): p.name.lower() for p in Phase}
LANDMARK_NAMES = tuple(Landmark(i).name.lower() for i in range(NUM_LANDMARKS))
_L = {
    s: {j: Landmark[f"{s.upper()}_{j.upper()}"] for j in ("shoulder", "hip", "knee", "ankle")}
    for s in SIDE_NAMES
}


@dataclass(frozen=True)
class Labels:
    """Per-frame truth, all arrays (T,); angles in degrees, keyed "left" / "right".

    ``hip_deg_3d`` is the true signed hip extension (180 straight, above = hyper-extension);
    ``hip_deg_2d`` the same angle measured on the noise-free projected landmarks (what a
    perfect 2-D detector would give from this camera: perspective and yaw included).
    ``knee_flexion_deg_*``: 0 straight, 90 a right angle. ``fault`` joins a rep's fault ids
    with commas ("" for none).
    """

    t: FloatArray
    phase: NDArray[np.int64]
    set_index: NDArray[np.int64]
    rep_index: NDArray[np.int64]
    fault: NDArray[np.str_]
    side: NDArray[np.str_]
    in_frame: NDArray[np.bool_]
    hip_deg_3d: dict[str, FloatArray]
    hip_deg_2d: dict[str, FloatArray]
    knee_flexion_deg_3d: dict[str, FloatArray]
    knee_flexion_deg_2d: dict[str, FloatArray]
    trunk_deg: FloatArray
    reps: tuple[RepTruth, ...]

    @property
    def rep_count(self) -> int:
        return len(self.reps)


def _img_angle(v: FloatArray) -> FloatArray:
    # Image y points down; flip it so angles turn the same way as in the motion frame.
    return np.degrees(np.arctan2(-v[..., 1], v[..., 0]))


def signed_angles_2d(
    pixels: FloatArray, facing: str
) -> tuple[dict[str, FloatArray], dict[str, FloatArray]]:
    """Signed hip extension and knee flexion per side from (T, 33, 2) pixel landmarks.

    Facing left mirrors the image, so the angle is measured the other way round: the result
    does not depend on which way the person faces.
    """
    sign = 1.0 if facing == "right" else -1.0
    hip: dict[str, FloatArray] = {}
    knee: dict[str, FloatArray] = {}
    for s, j in _L.items():
        trunk = _img_angle(pixels[:, j["shoulder"]] - pixels[:, j["hip"]])
        thigh = _img_angle(pixels[:, j["knee"]] - pixels[:, j["hip"]])
        shin = _img_angle(pixels[:, j["ankle"]] - pixels[:, j["knee"]])
        hip[s] = np.mod(sign * (trunk - thigh), 360.0)
        knee[s] = np.mod(sign * (thigh - shin) + 180.0, 360.0) - 180.0
    return hip, knee


def labels_from_motion(motion: Motion, pixels: FloatArray | None, facing: str) -> Labels:
    n = len(motion.t)
    hip3 = {s: motion.hip_extension(x) for s, x in SIDE_NAMES.items()}
    knee3 = {s: motion.knee_flexion(x) for s, x in SIDE_NAMES.items()}
    if pixels is not None:
        hip2, knee2 = signed_angles_2d(pixels, facing)
    else:
        hip2 = {s: np.full(n, np.nan) for s in SIDE_NAMES}
        knee2 = {s: np.full(n, np.nan) for s in SIDE_NAMES}
    return Labels(
        t=motion.t,
        phase=motion.phase,
        set_index=motion.set_index,
        rep_index=motion.rep_index,
        fault=motion.fault,
        side=motion.side if motion.side is not None else np.full(n, "both"),
        in_frame=motion.in_frame if motion.in_frame is not None else np.ones(n, dtype=bool),
        hip_deg_3d=hip3,
        hip_deg_2d=hip2,
        knee_flexion_deg_3d=knee3,
        knee_flexion_deg_2d=knee2,
        trunk_deg=motion.angles["trunk"],
        reps=motion.reps,
    )


def _round(a: FloatArray, decimals: int) -> list[object]:
    out = np.round(np.asarray(a, dtype=np.float64), decimals).astype(object)
    out[~np.isfinite(np.asarray(a, dtype=np.float64))] = None
    result: list[object] = out.tolist()
    return result


def _sets(reps: tuple[RepTruth, ...]) -> list[dict[str, object]]:
    sets: dict[int, list[RepTruth]] = {}
    for r in reps:
        sets.setdefault(r.set_index, []).append(r)
    out = []
    for idx in sorted(sets):
        rs = sets[idx]
        sides = {r.side for r in rs}
        out.append(
            {
                "index": idx,
                "side": sides.pop() if len(sides) == 1 else "alternating",
                "reps": [
                    {
                        "index": r.rep_index,
                        "side": r.side,
                        "start_s": round(r.start_s, 4),
                        "top_s": round(r.top_s, 4),
                        "end_s": round(r.end_s, 4),
                        "hold_s": round(r.hold_s, 3),
                        "peak_hip_deg": round(r.peak_hip_deg, 2),
                        "faults": list(r.faults),
                    }
                    for r in rs
                ],
            }
        )
    return out


def labels_json(
    source: SyntheticClip | Motion,
    *,
    joints_2d: FloatArray | None = None,
    facing: str | None = None,
    camera: dict[str, object] | None = None,
    frames: bool = True,
    decimals: int = 3,
) -> dict[str, object]:
    """The label document for a clip: summary, sets and reps, and (``frames``) per-frame truth.

    From a :class:`SyntheticClip` everything comes from the clip. From a bare :class:`Motion`
    (the renderer's case) pass ``joints_2d`` as (T, 33, 2) pixels of your own projection and
    the ``facing`` ("left"/"right") of your camera to get 2-D joints and angles.

    Keys: ``schema``, ``exercise``, ``fps``, ``frame_count``, ``duration_s``, ``rep_count``,
    ``body``, ``camera``, ``facing``, ``sets`` [{index, side, reps [{index, side, start_s,
    top_s, end_s, hold_s, peak_hip_deg, faults}]}] and ``frames`` {t, phase, set, rep, fault,
    side, in_frame, hip_deg_3d, hip_deg_2d, knee_flexion_deg_3d, knee_flexion_deg_2d,
    trunk_deg, landmarks, joints_3d (motion frame, metres), joints_2d (pixels)}.

    >>> from hipcoach.synth.kinematic import ClipSpec, generate
    >>> doc = labels_json(generate(ClipSpec(exercise="glute-bridge", sets=1, reps=2)))
    >>> doc["rep_count"], len(doc["sets"][0]["reps"])
    (2, 2)
    """
    from hipcoach.synth.kinematic.generate import SyntheticClip

    pixels: FloatArray | None
    if isinstance(source, SyntheticClip):
        motion = source.motion
        pixels = source.pixels_clean
        facing = source.spec.camera.facing
        camera = source.spec.camera.model_dump()
    else:
        motion = source
        pixels = joints_2d
        facing = facing or "right"
    labels = labels_from_motion(motion, pixels, facing)
    b = motion.body
    doc: dict[str, object] = {
        "schema": SCHEMA,
        "exercise": motion.exercise,
        "fps": round(motion.fps, 6),
        "frame_count": len(motion.t),
        "duration_s": round(float(len(motion.t) / motion.fps), 4) if len(motion.t) > 1 else 0.0,
        "rep_count": labels.rep_count,
        "body": {k: round(float(getattr(b, k)), 4) for k in b.__dataclass_fields__},
        "camera": camera,
        "facing": facing,
        "sets": _sets(motion.reps),
    }
    if frames:
        lm3 = landmarks_from_joints(forward_kinematics(b, motion.pelvis, motion.angles), b)
        doc["frames"] = {
            "t": _round(motion.t, 4),
            "phase": [PHASE_NAMES[int(p)] for p in labels.phase],
            "set": labels.set_index.tolist(),
            "rep": labels.rep_index.tolist(),
            "fault": labels.fault.tolist(),
            "side": labels.side.tolist(),
            "in_frame": labels.in_frame.tolist(),
            "hip_deg_3d": {s: _round(v, 2) for s, v in labels.hip_deg_3d.items()},
            "hip_deg_2d": {s: _round(v, 2) for s, v in labels.hip_deg_2d.items()},
            "knee_flexion_deg_3d": {s: _round(v, 2) for s, v in labels.knee_flexion_deg_3d.items()},
            "knee_flexion_deg_2d": {s: _round(v, 2) for s, v in labels.knee_flexion_deg_2d.items()},
            "trunk_deg": _round(labels.trunk_deg, 2),
            "landmarks": list(LANDMARK_NAMES),
            "joints_3d": _round(lm3, decimals),
            "joints_2d": _round(pixels, 1) if pixels is not None else None,
        }
    return doc

"""Render one labelled clip: motion -> posed anny -> scene -> MP4 + label JSON.

The motion comes from the kinematic generator's script for the exercise, solved for the very
body being rendered (its segment lengths), so contacts hold; the labels use the generator's
``labels_json`` schema with the rendered skeleton's joints and angles put in.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from hipcoach.report.video_writer import VideoWriter
from hipcoach.synth.kinematic.assemble import build_motion
from hipcoach.synth.kinematic.camera import PlacedCamera, place_camera
from hipcoach.synth.kinematic.labels import labels_json, signed_angles_2d
from hipcoach.synth.kinematic.spec import ClipSpec
from hipcoach.synth.motion import BodyDims, Motion
from hipcoach.synth.render.body import BODY_TYPES, AnnyPoser, PosedBody
from hipcoach.synth.render.props import PropMeshes, build_props
from hipcoach.synth.render.scene import (
    BodyMesher,
    Look,
    Stage,
    hair_mask,
    make_renderer,
    vertex_colors,
)
from hipcoach.synth.render.truth import landmarks_33, pick_vertices, sagittal_hip_deg

FloatArray = NDArray[np.float64]

LEVEL_SNAP_M = 0.08  # lowest point within this of the floor: it is meant to touch it


@dataclass(frozen=True)
class RenderJob:
    """One clip of the set: a name, the generator's spec, a body type and a camera set-up name."""

    name: str
    spec: ClipSpec
    body_type: str
    camera_setup: str
    crf: int = 28
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class RenderResult:
    video: Path
    labels: Path
    frames: int
    seconds: float
    bytes: int


def motion_for_body(spec: ClipSpec, body: BodyDims) -> Motion:
    """The generator's motion for ``spec`` with its contacts solved for ``body``: the exact
    segment lengths of the mesh being drawn, not the ones the spec's height implies."""
    return build_motion(spec, np.random.default_rng([spec.seed, 1]), body=body)


def level(posed: PosedBody) -> FloatArray:
    """Per-frame vertical shift (T,) so what should touch the floor does.

    The generator's contact heights (joint above floor) are estimates for a stick figure; the
    mesh's true lowest point is used instead wherever it is near the floor. Frames standing on
    a box (lowest point well above the floor) take the shift of their neighbours.
    """
    low = posed.vertices[..., 2].min(axis=1)
    near = np.abs(low) < LEVEL_SNAP_M
    idx = np.arange(len(low))
    if not near.any():
        return np.zeros(len(low))
    shift = np.interp(idx, idx[near], -low[near])
    k = 5  # a short moving average: contact switches (feet vs shoulders) must not jerk the body
    pad = np.concatenate([np.full(k, shift[0]), shift, np.full(k, shift[-1])])
    smooth = np.convolve(pad, np.ones(2 * k + 1) / (2 * k + 1), mode="same")[k:-k]
    return np.maximum(smooth, -low)  # never below the floor


def _shifted(posed: PosedBody, dz: FloatArray) -> PosedBody:
    v = posed.vertices.copy()
    v[..., 2] += dz[:, None]
    joints = {k: p + np.stack([0 * dz, 0 * dz, dz], axis=-1) for k, p in posed.joints.items()}
    return PosedBody(v, posed.faces, joints, posed.dominant_bone)


@dataclass(frozen=True)
class PreparedClip:
    """Everything about a clip except its pixels: motion, posed body, truth, camera, scene."""

    job: RenderJob
    phenotype: dict[str, float]
    look: Look
    motion: Motion
    posed: PosedBody
    landmarks: FloatArray  # (T, 33, 3) motion frame
    pixels: FloatArray  # (T, 33, 2)
    camera: PlacedCamera
    colours: NDArray[np.uint8]
    props: PropMeshes
    centre_x: float


def prepare(job: RenderJob, poser: AnnyPoser) -> PreparedClip:
    """Solve the motion for this body, pose it, level it, place the camera, project the truth."""
    spec = job.spec
    rng = np.random.default_rng([spec.seed, 7])
    phen = BODY_TYPES[job.body_type].phenotype(rng)
    look = Look.random(rng)
    motion = motion_for_body(spec, poser.body_dims(phen))
    posed = poser.pose(motion, phen)
    posed = _shifted(posed, level(posed))
    rest_m = poser.rest_vertices(phen)
    lm = landmarks_33(posed, pick_vertices(rest_m, posed.dominant_bone))
    n = len(motion.t)
    in_frame = motion.in_frame if motion.in_frame is not None else np.ones(n, bool)
    working = in_frame & (motion.set_index >= 0)
    framing = working if working.any() else in_frame
    cam = place_camera(spec.camera, lm[framing].reshape(-1, 3))
    px, _ = cam.project(lm)
    return PreparedClip(
        job=job,
        phenotype=phen,
        look=look,
        motion=motion,
        posed=posed,
        landmarks=lm,
        pixels=px,
        camera=cam,
        colours=vertex_colors(posed.dominant_bone, look, hair_mask(rest_m, posed.dominant_bone)),
        props=build_props(motion.props, n, look.prop),
        centre_x=float(np.mean(lm[framing][..., 0])),
    )


def frames(
    prep: PreparedClip, renderer: Any, indices: Iterable[int] | None = None
) -> Iterator[NDArray[np.uint8]]:
    """Rendered RGB frames (H, W, 3) of a prepared clip, all or only ``indices``."""
    import pyrender

    stage = Stage(prep.camera, prep.look, prep.props.static, prep.centre_x, renderer)
    moving = [
        (pyrender.Mesh.from_trimesh(m, material=_mat(c)), poses)
        for m, c, poses in prep.props.moving
    ]
    mesher = BodyMesher(prep.posed.faces, prep.colours)
    for i in indices if indices is not None else range(len(prep.motion.t)):
        meshes: list[tuple[Any, FloatArray | None]] = [(mesher(prep.posed.vertices[i]), None)]
        meshes += [(m, poses[i]) for m, poses in moving]
        yield stage.render(meshes)


def render_clip(
    job: RenderJob, poser: AnnyPoser, out_dir: Path, renderer: Any = None
) -> RenderResult:
    """Render ``job`` to ``out_dir/NAME.mp4`` and ``NAME.json``; returns paths and timings.

    >>> poser = AnnyPoser()  # doctest: +SKIP
    >>> render_clip(RenderJob("bridge", ClipSpec(exercise="glute-bridge", sets=1, reps=3),
    ...             "slim-female", "side-low"), poser, Path("out"))  # doctest: +SKIP
    """
    t0 = time.perf_counter()
    spec = job.spec
    prep = prepare(job, poser)
    own = renderer is None
    renderer = renderer or make_renderer(spec.camera.width, spec.camera.height)
    out_dir.mkdir(parents=True, exist_ok=True)
    video = out_dir / f"{job.name}.mp4"
    with VideoWriter(
        video,
        fps=spec.fps,
        width=spec.camera.width,
        height=spec.camera.height,
        crf=job.crf,
        preset="medium",
        threads=1,
    ) as w:
        for rgb in frames(prep, renderer):
            w.write(rgb)
    if own:
        renderer.delete()
    labels = out_dir / f"{job.name}.json"
    labels.write_text(json.dumps(label_doc(prep, video.name), separators=(",", ":")))
    n = len(prep.motion.t)
    return RenderResult(video, labels, n, time.perf_counter() - t0, video.stat().st_size)


def label_doc(prep: PreparedClip, video_name: str) -> dict[str, object]:
    """The generator's label schema, with the rendered skeleton's joints and angles put in."""
    spec, job, lm, px, cam = prep.job.spec, prep.job, prep.landmarks, prep.pixels, prep.camera
    n = len(prep.motion.t)
    in_frame = prep.motion.in_frame if prep.motion.in_frame is not None else np.ones(n, bool)
    doc = labels_json(
        prep.motion, joints_2d=px, facing=spec.camera.facing, camera=spec.camera.model_dump()
    )
    frames_doc = cast(dict[str, Any], doc["frames"])
    hip3 = sagittal_hip_deg(lm)
    hip2, _ = signed_angles_2d(px, spec.camera.facing)
    frames_doc["hip_deg_3d"] = {s: np.round(v, 2).tolist() for s, v in hip3.items()}
    frames_doc["hip_deg_2d"] = {s: np.round(v, 2).tolist() for s, v in hip2.items()}
    frames_doc["joints_3d"] = np.round(lm, 3).tolist()
    frames_doc["joints_2d"] = np.round(px, 1).tolist()
    w, h = spec.camera.width, spec.camera.height
    inside = (px[..., 0] >= 0) & (px[..., 0] < w) & (px[..., 1] >= 0) & (px[..., 1] < h)
    # Shoulders to ankles inside the picture: the frames a detector can be asked to find.
    frames_doc["fully_visible"] = (inside[:, 11:29].all(axis=1) & in_frame).tolist()
    look = {
        k: [round(c, 3) for c in v] if isinstance(v, tuple) else round(v, 3)
        for k, v in prep.look.__dict__.items()
    }
    doc["video"] = {
        "file": video_name,
        "width": w,
        "height": h,
        "fps": spec.fps,
        "frame_count": n,
        "codec": "h264",
        "crf": job.crf,
    }
    doc["render"] = {
        "name": job.name,
        "tags": list(job.tags),
        "body_type": job.body_type,
        "phenotype": {k: round(v, 4) for k, v in prep.phenotype.items()},
        "camera_setup": job.camera_setup,
        "camera_position": np.round(cam.position, 4).tolist(),
        "camera_rotation": np.round(cam.rotation, 6).tolist(),
        "fx": round(cam.fx, 3),
        "near_side": spec.camera.near_side,
        "look": look,
        "spec": json.loads(spec.model_dump_json()),
        "renderer": "anny 0.6.2 + pyrender 0.1.45 (EGL)",
    }
    return doc


def _mat(rgb: tuple[float, float, float]) -> Any:
    import pyrender

    return pyrender.MetallicRoughnessMaterial(
        baseColorFactor=(*rgb, 1.0), metallicFactor=0.1, roughnessFactor=0.5
    )

"""``generate(spec)``: a whole synthetic clip, motion -> landmarks -> camera -> noise -> labels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipcoach.pose.types import PoseSequence
from hipcoach.synth.kinematic.assemble import build_motion
from hipcoach.synth.kinematic.camera import PlacedCamera, place_camera
from hipcoach.synth.kinematic.labels import Labels, labels_from_motion
from hipcoach.synth.kinematic.landmarks import landmarks_from_joints
from hipcoach.synth.kinematic.noise import degrade
from hipcoach.synth.kinematic.skeleton import forward_kinematics
from hipcoach.synth.kinematic.spec import ClipSpec, NoiseSpec
from hipcoach.synth.motion import Motion

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class SyntheticClip:
    """A generated clip: the spec, the true motion, what the camera sees, and the labels.

    ``pose`` is degraded like BlazePose output; ``pose_clean`` is the same camera without noise
    (frames with the person out of view still missing); ``landmarks_3d`` (T, 33, 3) and
    ``pixels_clean`` (T, 33, 2) are the exact truth, defined in every frame.
    """

    spec: ClipSpec
    motion: Motion
    camera: PlacedCamera
    landmarks_3d: FloatArray
    pixels_clean: FloatArray
    pose: PoseSequence
    pose_clean: PoseSequence
    labels: Labels


def _sequence(
    spec: ClipSpec,
    t: FloatArray,
    px: FloatArray,
    depth_rel: FloatArray,
    world: FloatArray,
    vis: FloatArray,
    detected: NDArray[np.bool_],
    clean: bool,
) -> PoseSequence:
    cam = spec.camera
    image = np.concatenate(
        [px / np.array([cam.width, cam.height], dtype=np.float64), depth_rel[..., None]], axis=-1
    )
    image[~detected] = np.nan
    return PoseSequence(
        t=t,
        image=image,
        world=world,
        visibility=vis,
        width=cam.width,
        height=cam.height,
        source=f"synthetic:{spec.exercise}:{spec.seed}",
        meta={
            "synthetic": True,
            "exercise": spec.exercise,
            "seed": spec.seed,
            "facing": cam.facing,
            "near_side": cam.near_side,
            "clean": clean,
        },
    )


def generate(spec: ClipSpec) -> SyntheticClip:
    """Generate one clip, deterministically from ``spec`` (its ``seed`` included).

    >>> clip = generate(ClipSpec(exercise="glute-bridge", sets=1, reps=3, seed=1))
    >>> clip.labels.rep_count, len(clip.pose) == len(clip.motion.t)
    (3, True)
    """
    motion = build_motion(spec, np.random.default_rng([spec.seed, 1]))
    body = motion.body
    lm = landmarks_from_joints(forward_kinematics(body, motion.pelvis, motion.angles), body)
    in_frame = motion.in_frame if motion.in_frame is not None else np.ones(len(motion.t), bool)
    # Frame the exercise itself, as someone setting up a camera would: walking in and getting
    # down may then be partly out of view, as in real recordings.
    working = in_frame & (motion.set_index >= 0)
    framing = lm[working] if working.any() else lm
    camera = place_camera(spec.camera, framing.reshape(-1, 3))
    px, depth = camera.project(lm)
    hip_depth = camera.project(motion.pelvis)[1][:, None]
    depth_rel = (depth - hip_depth) / hip_depth * camera.fx / spec.camera.width
    world = (lm - motion.pelvis[:, None, :]) @ camera.rotation.T

    rng = np.random.default_rng([spec.seed, 2])
    w, h, near = spec.camera.width, spec.camera.height, spec.camera.near_side
    cpx, cwo, cvis, cdet = degrade(px, world, w, h, near, NoiseSpec.none(), rng, in_frame)
    npx, nwo, nvis, ndet = degrade(px, world, w, h, near, spec.noise, rng, in_frame)
    clean = _sequence(spec, motion.t, cpx, depth_rel, cwo, cvis, cdet, True)
    noisy = _sequence(spec, motion.t, npx, depth_rel, nwo, nvis, ndet, False)
    labels = labels_from_motion(motion, px, spec.camera.facing)
    return SyntheticClip(spec, motion, camera, lm, px, noisy, clean, labels)

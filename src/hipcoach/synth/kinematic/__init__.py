"""Kinematic ground truth: exercise clips as BlazePose-shaped landmarks with exact labels.

numpy only, deterministic from a seed, thousands of frames a second, so tests and benchmarks
can make as many labelled clips as they like. The stable API:

- :class:`ClipSpec` (with :class:`CameraSpec`, :class:`NoiseSpec`): what to generate: exercise
  id, seed, sets, reps, rest_s, tempo (up, hold, down), rom, side, setup_s, faults
  ({fault id: rep indices across the clip}), out_of_frame_after / exit_at_end, camera, noise,
  body_height / leg_ratio / width_ratio, fps.
- :func:`generate` (spec) -> :class:`SyntheticClip` with ``.motion`` (:class:`Motion`, the
  contract shared with the renderer), ``.pose`` (a degraded :class:`PoseSequence`),
  ``.pose_clean``, ``.labels`` (:class:`Labels`: per-frame set, rep, phase, fault, side, true
  signed hip angles in 3-D and 2-D per side, knee flexion, trunk angle; ``.reps`` RepTruth).
- :func:`build_motion` (spec) -> :class:`Motion` alone (what the renderer poses its body with).
- :func:`random_spec` (exercise, rng, ...) -> a varied realistic ClipSpec for benchmarks.
- :func:`labels_json` (clip or motion) -> the label document shipped beside benchmark clips.
- :data:`EXERCISES` (ids), :func:`faults_for` (exercise) -> the fault ids it can inject.

>>> from hipcoach.synth.kinematic import ClipSpec, generate
>>> clip = generate(ClipSpec(exercise="glute-bridge", sets=2, reps=4, faults={"short-rep": (5,)}))
>>> [r.faults for r in clip.labels.reps][5], clip.pose.width
(('short-rep',), 640)
"""

from __future__ import annotations

from hipcoach.synth.kinematic.assemble import build_motion
from hipcoach.synth.kinematic.camera import PlacedCamera, place_camera
from hipcoach.synth.kinematic.exercises import SCRIPTS
from hipcoach.synth.kinematic.generate import SyntheticClip, generate
from hipcoach.synth.kinematic.labels import Labels, labels_json, signed_angles_2d
from hipcoach.synth.kinematic.randomize import random_spec
from hipcoach.synth.kinematic.spec import CameraSpec, ClipSpec, NoiseSpec

EXERCISES: tuple[str, ...] = tuple(SCRIPTS)


def faults_for(exercise: str) -> tuple[str, ...]:
    """The fault ids the generator can inject for ``exercise``.

    >>> faults_for("glute-bridge")
    ('short-rep', 'hyperextension', 'missed-hold')
    """
    return SCRIPTS[exercise].faults


__all__ = [
    "EXERCISES",
    "CameraSpec",
    "ClipSpec",
    "Labels",
    "NoiseSpec",
    "PlacedCamera",
    "SyntheticClip",
    "build_motion",
    "faults_for",
    "generate",
    "labels_json",
    "place_camera",
    "random_spec",
    "signed_angles_2d",
]

"""The motion script: the one description of a synthetic exercise clip that both outputs share.

The kinematic generator (:mod:`hipcoach.synth.kinematic`) turns a :class:`Motion` into BlazePose
landmarks directly; the renderer (:mod:`hipcoach.synth.render`) poses a body model with it and
renders video. Both read the same labels, so the ground truth is exact for each.

Conventions (the exercise's own frame, metres and degrees):
- x: horizontal in the sagittal plane, the way a standing person faces; z: up; y: the
  person's left. Lying postures are rigid rotations of standing about y, so a person lying on
  the back (bridge, hip thrust, ball curl) has the head towards -x and the feet towards +x,
  and a person face down (quadruped, prone on the ball) has the head towards +x. This keeps
  the signed hip angle below right: a bridge's bottom reads about 120-140, not 220-240.
- The floor is z = 0; the clip's props (bench, box, ball) stand on it.
- A segment angle is ``atan2(dz, dx)`` in degrees of the vector from its proximal to its distal
  end: trunk = mid-hip -> mid-shoulder, head = mid-shoulder -> head top, thigh = hip -> knee,
  shin = knee -> ankle, foot = ankle -> toe, upperarm = shoulder -> elbow,
  forearm = elbow -> wrist.  Standing upright: trunk 90, thigh -90, shin -90, foot ~0.
- Signed hip extension = (trunk - thigh) mod 360: 180 when the thigh is in line with the trunk,
  above 180 = hyper-extension, about 90 when sitting.
- Which way the person faces relative to the camera is a camera choice, not part of the motion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

SEGMENTS = ("trunk", "head")
SIDED_SEGMENTS = ("thigh", "shin", "foot", "upperarm", "forearm")
OUT_OF_PLANE = ("hip_abduction_l", "hip_abduction_r", "pelvis_roll", "pelvis_yaw")


class Phase(IntEnum):
    SETUP = 0
    BOTTOM = 1
    RISING = 2
    TOP = 3
    LOWERING = 4
    REST = 5
    OUT_OF_FRAME = 6


@dataclass(frozen=True)
class BodyDims:
    """Segment lengths in metres, from height and proportions (Winter's anthropometric table)."""

    height: float = 1.72
    trunk: float = 0.52  # mid-hip to mid-shoulder
    head: float = 0.26  # mid-shoulder to head top
    thigh: float = 0.42
    shin: float = 0.43
    foot: float = 0.2
    upperarm: float = 0.32
    forearm: float = 0.27
    hip_width: float = 0.18
    shoulder_width: float = 0.36

    @classmethod
    def from_height(
        cls, height: float, *, leg_ratio: float = 1.0, width_ratio: float = 1.0
    ) -> BodyDims:
        s = height / 1.72
        return cls(
            height=height,
            trunk=0.52 * s,
            head=0.26 * s,
            thigh=0.42 * s * leg_ratio,
            shin=0.43 * s * leg_ratio,
            foot=0.2 * s,
            upperarm=0.32 * s,
            forearm=0.27 * s,
            hip_width=0.18 * s * width_ratio,
            shoulder_width=0.36 * s * width_ratio,
        )


@dataclass(frozen=True)
class RepTruth:
    """One true repetition."""

    set_index: int
    rep_index: int  # within the set, from 0
    side: str  # "left", "right" or "both"
    start_s: float
    top_s: float  # the moment the top is first reached
    end_s: float
    hold_s: float  # time spent at the top
    peak_hip_deg: float  # true signed hip extension of the working side at the top
    faults: tuple[str, ...] = ()


@dataclass(frozen=True)
class Motion:
    """A synthetic clip's motion and labels, frame by frame.

    Attributes:
        exercise: library id.
        t: (T,) seconds.
        pelvis: (T, 3) mid-hip position.
        angles: segment name -> (T,) degrees; names from SEGMENTS and SIDED_SEGMENTS with a
            ``_l`` / ``_r`` suffix, plus OUT_OF_PLANE entries (degrees; 0 when unused).
        phase, set_index, rep_index: (T,) per-frame labels (-1 where none).
        fault: (T,) fault id active in that frame ("" for none).
        reps: the true repetitions.
        props: scene objects for renderers and occlusion, e.g. {"bench": {"edge": [x, z]},
            "ball": {"center": (T, 3) array, "radius": 0.33}}.
        in_frame: (T,) False while the person has stepped out of the camera's view.
        side: (T,) working side per frame ("left", "right" or "both"); None when unknown.
    """

    exercise: str
    body: BodyDims
    t: FloatArray
    pelvis: FloatArray
    angles: dict[str, FloatArray]
    phase: IntArray
    set_index: IntArray
    rep_index: IntArray
    fault: NDArray[np.str_]
    reps: tuple[RepTruth, ...]
    props: dict[str, dict[str, object]] = field(default_factory=dict)
    in_frame: NDArray[np.bool_] | None = None
    side: NDArray[np.str_] | None = None

    @property
    def fps(self) -> float:
        return 1.0 / float(np.median(np.diff(self.t))) if len(self.t) > 1 else 0.0

    def hip_extension(self, side: str) -> FloatArray:
        """True signed hip extension of one side ("l" or "r"), degrees."""
        return np.mod(self.angles["trunk"] - self.angles[f"thigh_{side}"], 360.0)

    def knee_flexion(self, side: str) -> FloatArray:
        """True knee flexion of one side ("l" or "r"), degrees: 0 straight, 90 at a right angle."""
        return (
            np.mod(self.angles[f"thigh_{side}"] - self.angles[f"shin_{side}"] + 180.0, 360.0)
            - 180.0
        )

"""What every exercise script provides, and helpers they share.

A script is a pure function ``(timeline, body, rng) -> PoseOut``: segment angles and the pelvis
path for every frame of the clip, plus the props (bench, box, ball, bar, wall). Contacts (feet
fixed, shoulders on the floor) are solved inside the script; :mod:`..assemble` adds the walk-in,
set-up and leaving the frame around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from hipcoach.synth.kinematic.timeline import Timeline
from hipcoach.synth.motion import OUT_OF_PLANE, SEGMENTS, SIDED_SEGMENTS, BodyDims

FloatArray = NDArray[np.float64]

ANGLE_KEYS: tuple[str, ...] = (
    SEGMENTS + tuple(f"{s}_{x}" for s in SIDED_SEGMENTS for x in "lr") + OUT_OF_PLANE
)


def scale(body: BodyDims) -> float:
    """Body size relative to the 1.72 m reference, for contact heights and distances."""
    return body.height / 1.72


def ankle_z(body: BodyDims) -> float:
    """Ankle joint height above the floor with the foot flat."""
    return 0.08 * scale(body)


def back_z(body: BodyDims) -> float:
    """Shoulder and hip joint height above the floor when lying on the back or front."""
    return 0.09 * scale(body)


def knee_z(body: BodyDims) -> float:
    """Knee joint height above the floor when kneeling."""
    return 0.06 * scale(body)


@dataclass
class PoseOut:
    """A script's result: angles (degrees, (T,) each), pelvis (T, 3) and props."""

    angles: dict[str, FloatArray]
    pelvis: FloatArray
    props: dict[str, dict[str, object]] = field(default_factory=dict)

    @classmethod
    def blank(cls, n: int) -> PoseOut:
        return cls({k: np.zeros(n) for k in ANGLE_KEYS}, np.zeros((n, 3)))

    def both(self, name: str, value: FloatArray | float) -> None:
        """Set a sided segment the same on both sides."""
        n = self.pelvis.shape[0]
        for x in "lr":
            self.angles[f"{name}_{x}"] = np.broadcast_to(np.asarray(value, float), (n,)).copy()

    def sided(
        self, name: str, side: NDArray[np.str_], work: FloatArray | float, rest: FloatArray | float
    ) -> None:
        """Set a sided segment: ``work`` on the working side(s), ``rest`` on the other.

        ``side`` is the timeline's per-frame working side ("left", "right" or "both").
        """
        n = self.pelvis.shape[0]
        w = np.broadcast_to(np.asarray(work, float), (n,))
        r = np.broadcast_to(np.asarray(rest, float), (n,))
        self.angles[f"{name}_l"] = np.where((side == "left") | (side == "both"), w, r)
        self.angles[f"{name}_r"] = np.where((side == "right") | (side == "both"), w, r)

    def set_pelvis(self, xz: FloatArray) -> None:
        self.pelvis = np.stack([xz[..., 0], np.zeros(xz.shape[0]), xz[..., 1]], axis=-1)


PoseFn = Callable[[Timeline, BodyDims, np.random.Generator], PoseOut]


@dataclass(frozen=True)
class ExerciseScript:
    """One exercise's motion script and the facts the timeline needs about it.

    ``top_deg`` is the clean signed hip extension of the working side at the top of a rep.
    ``drive`` names the signal that defines a rep (``hip_extension`` for all but the ball curl,
    driven by knee flexion).
    """

    id: str
    pose: PoseFn
    faults: tuple[str, ...]
    tempo: tuple[float, float, float]
    unilateral: bool = False
    starts_at_top: bool = False
    lead_s: float = 0.8
    top_deg: float = 180.0
    drive: str = "hip_extension"


def rep_values(tl: Timeline, values: FloatArray) -> FloatArray:
    """Spread one value per rep over the frames: each frame takes the current or last rep's
    (frames before the first rep take the first rep's), so nothing jumps between reps.
    """
    idx = np.maximum(np.maximum.accumulate(tl.rep_global), 0)
    return np.asarray(values, dtype=np.float64)[idx]


def per_rep_noise(tl: Timeline, rng: np.random.Generator, sd: float) -> FloatArray:
    """A small random offset per rep (reps are never identical), spread over frames."""
    return rep_values(tl, rng.normal(0.0, sd, size=max(1, len(tl.reps))))

"""From a PoseSequence to cleaned, signed angle signals per frame.

>>> from hipcoach.pose.types import PoseSequence
>>> k = compute_kinematics(PoseSequence.empty(5, width=640, height=360))
>>> k.facing in (1, -1), bool(np.isnan(k.signals["hip_extension_l"]).all())
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from hipcoach.kinematics.angles import signals_from_frame
from hipcoach.kinematics.facing import facing_sign, near_side
from hipcoach.kinematics.filters import CausalHampel, CleanSettings, OneEuroFilter, clean_offline
from hipcoach.kinematics.pelvis import pelvis_roll_sources
from hipcoach.kinematics.points import (
    image_to_upright,
    point,
    sagittal_from_world,
    to_exercise_frame,
)
from hipcoach.pose.types import PoseSequence

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Kinematics:
    """Angle signals of one clip.

    Attributes:
        t: (T,) seconds.
        facing: +1 when the person's front points to image right, -1 to image left.
        near_side: "l" or "r", the side nearer the camera.
        points: (T, 33, 2) cleaned landmarks in the exercise frame, pixels, front = +x, up = +y.
        scale: median trunk length in pixels (for size-free distances).
        signals: name -> (T,) degrees from the image, e.g. ``hip_extension_l``, ``trunk``.
        world_signals: the same names computed from the world landmarks (empty if none).
        visibility: (T, 33); in_frame: (T, 33) landmark inside the image.
    """

    t: FloatArray
    facing: int
    near_side: str
    points: FloatArray
    scale: float
    signals: dict[str, FloatArray]
    world_signals: dict[str, FloatArray] = field(default_factory=dict)
    visibility: FloatArray = field(default_factory=lambda: np.zeros((0, 33)))
    in_frame: BoolArray = field(default_factory=lambda: np.zeros((0, 33), dtype=bool))

    @property
    def far_side(self) -> str:
        return "r" if self.near_side == "l" else "l"

    def signal(self, name: str, side: str | None = None) -> FloatArray:
        """One signal, by base name and side: ``signal("hip_extension", "l")``."""
        key = name if side is None or name in self.signals else f"{name}_{side}"
        if key not in self.signals:
            raise KeyError(f"unknown signal {key!r}; known: {', '.join(sorted(self.signals))}")
        return self.signals[key]


def _scale(frame: FloatArray) -> float:
    trunk = point(frame, "mid_shoulder") - point(frame, "mid_hip")
    lengths = np.linalg.norm(trunk, axis=1)
    lengths = lengths[np.isfinite(lengths)]
    return float(np.median(lengths)) if lengths.size else float("nan")


def position_signals(frame: FloatArray, scale: float) -> dict[str, FloatArray]:
    """Heights in trunk lengths (``ankle_y_l`` ...): for rules about feet leaving the floor."""
    out = {}
    for s in ("l", "r"):
        out[f"ankle_y_{s}"] = point(frame, "ankle", s)[:, 1] / scale
    return out


def _in_frame(seq: PoseSequence) -> BoolArray:
    xy = seq.image[:, :, :2]
    with np.errstate(invalid="ignore"):
        inside = (xy >= -0.02) & (xy <= 1.02)
    return np.asarray(inside.all(axis=2), dtype=bool)


def compute_kinematics(
    seq: PoseSequence,
    *,
    clean: CleanSettings | None = None,
    filtered: bool = True,
    facing: int | None = None,
) -> Kinematics:
    """Clean the landmark tracks (offline, zero-phase) and compute every angle signal.

    Args:
        seq: the landmarks.
        clean: filter settings; ``filtered=False`` skips filtering (for tests and live replays).
        facing: force the facing sign instead of voting it from the clip.
    """
    n = len(seq)
    fs = seq.fps or 30.0
    px = seq.pixels()
    world = np.array(seq.world, dtype=np.float64)
    if filtered and n > 3:
        px = clean_offline(px.reshape(n, -1), fs, clean).reshape(px.shape)
        world = clean_offline(world.reshape(n, -1), fs, clean).reshape(world.shape)
    upright = image_to_upright(px)
    f = facing if facing is not None else facing_sign(upright)
    frame = to_exercise_frame(upright, f)
    signals = signals_from_frame(frame)
    scale = _scale(frame)
    signals.update(position_signals(frame, scale))
    near = near_side(seq.visibility, seq.image[:, :, 2])
    signals.update(pelvis_roll_sources(frame, scale, world, near))
    world_signals: dict[str, FloatArray] = {}
    if np.isfinite(world).any():
        world_signals = signals_from_frame(to_exercise_frame(sagittal_from_world(world), f))
    return Kinematics(
        t=np.array(seq.t, dtype=np.float64),
        facing=f,
        near_side=near,
        points=frame,
        scale=scale,
        signals=signals,
        world_signals=world_signals,
        visibility=np.array(seq.visibility, dtype=np.float64),
        in_frame=_in_frame(seq),
    )


class CausalKinematics:
    """Frame-by-frame angles for the live coach: one-euro filter, then the same angle code.

    The facing sign and the near side are not known in advance; pass them (from the first
    seconds, or from settings) so a frame's angles never depend on later frames.

    >>> ck = CausalKinematics(width=640, height=360, facing=1)
    >>> sig = ck.update(0.0, np.full((33, 3), np.nan))
    >>> bool(np.isnan(sig["hip_extension_l"]))
    True
    """

    def __init__(
        self,
        width: int,
        height: int,
        facing: int,
        min_cutoff: float = 1.2,
        beta: float = 0.02,
    ) -> None:
        self.width = width
        self.height = height
        self.facing = facing
        self.hampel_ = CausalHampel()
        self.filter_ = OneEuroFilter(min_cutoff=min_cutoff, beta=beta)

    def filter_pixels(self, t: float, image: FloatArray) -> FloatArray:
        """Outlier-reject and smooth one frame; returns filtered pixels (33, 2)."""
        px = np.asarray(image, dtype=np.float64)[:, :2] * np.array([self.width, self.height])
        return self.filter_(t, self.hampel_(px))

    def update(self, t: float, image: FloatArray) -> dict[str, float]:
        """One frame of normalised image landmarks (33, 3) -> angle values."""
        px = self.filter_pixels(t, image)
        frame = to_exercise_frame(image_to_upright(px[None]), self.facing)
        return {k: float(v[0]) for k, v in signals_from_frame(frame).items()}

    def points(self) -> FloatArray | None:
        """The last filtered frame in the exercise frame (33, 2), or None before the first."""
        if self.filter_.x_ is None:
            return None
        return to_exercise_frame(image_to_upright(self.filter_.x_[None]), self.facing)[0]

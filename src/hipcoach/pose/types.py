"""PoseSequence: the landmarks of one person over time, from any source.

Frames where nobody was found hold NaN coordinates and zero visibility: they are missing,
never zero, so no later stage can mistake them for a pose at the image corner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from hipcoach.errors import DataError
from hipcoach.pose.landmarks import NUM_LANDMARKS

FloatArray = NDArray[np.float64]


def _check(name: str, arr: np.ndarray, shape: tuple[int | None, ...]) -> None:
    if arr.ndim != len(shape) or any(
        s is not None and s != a for s, a in zip(shape, arr.shape, strict=True)
    ):
        want = "(" + ", ".join("T" if s is None else str(s) for s in shape) + ")"
        raise ValueError(f"PoseSequence.{name}: expected shape {want}, got {arr.shape}")


@dataclass(frozen=True, eq=False)
class PoseSequence:
    """Landmarks per frame.

    Attributes:
        t: (T,) seconds from the start of the source, non-decreasing.
        image: (T, 33, 3) x, y normalised to [0, 1] by width and height, z relative depth.
        world: (T, 33, 3) metres, origin between the hips (BlazePose world landmarks).
        visibility: (T, 33) in [0, 1].
        width, height: frame size in pixels of the source.
        source: where it came from (a path, "synthetic:glute-bridge", "camera:0").

    >>> seq = PoseSequence.empty(3, width=640, height=360)
    >>> len(seq), seq.detected.tolist()
    (3, [False, False, False])
    """

    t: FloatArray
    image: FloatArray
    world: FloatArray
    visibility: FloatArray
    width: int
    height: int
    source: str = ""
    meta: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("t", "image", "world", "visibility"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=np.float64))
        n = self.t.shape[0] if self.t.ndim == 1 else -1
        _check("t", self.t, (None,))
        _check("image", self.image, (n, NUM_LANDMARKS, 3))
        _check("world", self.world, (n, NUM_LANDMARKS, 3))
        _check("visibility", self.visibility, (n, NUM_LANDMARKS))
        if n > 1 and np.any(np.diff(self.t) < 0):
            raise ValueError("PoseSequence.t: expected non-decreasing timestamps")
        if self.width <= 0 or self.height <= 0:
            raise ValueError(
                f"PoseSequence: expected a positive frame size, got {self.width}x{self.height}"
            )

    def __len__(self) -> int:
        return int(self.t.shape[0])

    @classmethod
    def empty(
        cls, n: int, *, width: int, height: int, fps: float = 30.0, source: str = ""
    ) -> PoseSequence:
        nan = np.full((n, NUM_LANDMARKS, 3), np.nan)
        return cls(
            np.arange(n) / fps, nan, nan.copy(), np.zeros((n, NUM_LANDMARKS)), width, height, source
        )

    @property
    def detected(self) -> NDArray[np.bool_]:
        """(T,) True where a person was found in the frame."""
        return np.isfinite(self.image[:, :, 0]).any(axis=1)

    @property
    def fps(self) -> float:
        """Median frame rate from the timestamps (0 for fewer than two frames)."""
        if len(self) < 2:
            return 0.0
        dt = float(np.median(np.diff(self.t)))
        return 1.0 / dt if dt > 0 else 0.0

    @property
    def duration_s(self) -> float:
        return float(self.t[-1] - self.t[0]) if len(self) else 0.0

    def pixels(self) -> FloatArray:
        """(T, 33, 2) image coordinates in pixels."""
        return self.image[:, :, :2] * np.array([self.width, self.height], dtype=np.float64)

    def slice(self, start: int, stop: int, step: int = 1) -> PoseSequence:
        """Frames ``start:stop:step``; ``step`` > 1 is what a pose model run at 1/step of the
        video's rate sees.

        >>> PoseSequence.empty(9, width=64, height=48, fps=30).slice(0, 9, 4).t.round(3).tolist()
        [0.0, 0.133, 0.267]
        """
        sl = slice(start, stop, step)
        return PoseSequence(
            self.t[sl],
            self.image[sl],
            self.world[sl],
            self.visibility[sl],
            self.width,
            self.height,
            self.source,
            dict(self.meta),
        )

    # Landmark files: a compressed .npz so a video can be re-analysed without the model.
    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            t=self.t,
            image=self.image,
            world=self.world,
            visibility=self.visibility,
            size=np.array([self.width, self.height]),
            source=np.array(self.source),
        )

    @classmethod
    def load(cls, path: Path) -> PoseSequence:
        try:
            with np.load(path, allow_pickle=False) as z:
                w, h = (int(v) for v in z["size"])
                return cls(z["t"], z["image"], z["world"], z["visibility"], w, h, str(z["source"]))
        except (OSError, KeyError, ValueError) as exc:
            raise DataError(
                f"{path}: not a usable hipcoach landmark file ({exc})",
                "write one with `hipcoach analyze VIDEO --save-landmarks`",
            ) from exc

"""The pose-estimator protocol and the loop that turns a frame stream into a PoseSequence.

Backends (BlazePose, a replay of saved landmarks, a user's own model) all implement
:class:`PoseEstimator`; nothing above this layer knows which one ran. The loop streams: it keeps
33 landmarks per frame, never the frames themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, Self, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from hipcoach.pose.landmarks import NUM_LANDMARKS
from hipcoach.pose.types import PoseSequence

FloatArray = NDArray[np.float64]
Frame = NDArray[np.uint8]


@dataclass(frozen=True, eq=False)
class FramePose:
    """One person's landmarks in one frame.

    Attributes:
        image: (33, 3) x, y normalised by the full frame's width and height, z relative depth.
        world: (33, 3) metres, origin between the hips.
        visibility: (33,) in [0, 1].
        people: how many people the backend saw in this frame (1 when it cannot tell).
        via_crop: True when the person was only found on a crop of the frame (small or off-centre).

    >>> fp = FramePose.nan()
    >>> fp.image.shape, bool(np.isnan(fp.image).all())
    ((33, 3), True)
    """

    image: FloatArray
    world: FloatArray
    visibility: FloatArray
    people: int = 1
    via_crop: bool = False

    def __post_init__(self) -> None:
        for name, shape in (
            ("image", (NUM_LANDMARKS, 3)),
            ("world", (NUM_LANDMARKS, 3)),
            ("visibility", (NUM_LANDMARKS,)),
        ):
            arr = np.asarray(getattr(self, name), dtype=np.float64)
            if arr.shape != shape:
                raise ValueError(f"FramePose.{name}: expected shape {shape}, got {arr.shape}")
            object.__setattr__(self, name, arr)

    @classmethod
    def nan(cls) -> FramePose:
        """A frame where nobody was found: NaN coordinates, zero visibility."""
        nan = np.full((NUM_LANDMARKS, 3), np.nan)
        return cls(nan, nan.copy(), np.zeros(NUM_LANDMARKS), people=0)


@runtime_checkable
class PoseEstimator(Protocol):
    """Finds one person's 33 BlazePose landmarks in an RGB frame.

    Configuration goes to ``__init__``; frames go to :meth:`process` in time order (trackers
    rely on it). Use it as a context manager so model resources are released.

    >>> from hipcoach.pose.replay import ReplayEstimator
    >>> with ReplayEstimator(PoseSequence.empty(2, width=64, height=48)) as est:
    ...     est.process(np.zeros((48, 64, 3), np.uint8), 0.0) is None
    True
    """

    def process(self, frame_rgb: Frame, t: float) -> FramePose | None:
        """Landmarks for the frame shown at ``t`` seconds, or None when nobody is found."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class EstimatorBase:
    """Context-manager plumbing shared by the built-in estimators."""

    def close(self) -> None:
        """Release model resources; safe to call twice."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class SequenceBuilder:
    """Collects per-frame results into a PoseSequence without holding any frame.

    >>> b = SequenceBuilder(width=64, height=48, source="x")
    >>> b.add(0.0, None)
    >>> len(b.build())
    1
    """

    def __init__(self, *, width: int, height: int, source: str = "") -> None:
        self.width = width
        self.height = height
        self.source = source
        self._t: list[float] = []
        self._image: list[FloatArray] = []
        self._world: list[FloatArray] = []
        self._vis: list[FloatArray] = []
        self._people: list[int] = []
        self._crop: list[bool] = []
        self._nan = FramePose.nan()

    def __len__(self) -> int:
        return len(self._t)

    def add(self, t: float, pose: FramePose | None) -> None:
        p = self._nan if pose is None else pose
        self._t.append(float(t))
        self._image.append(p.image)
        self._world.append(p.world)
        self._vis.append(p.visibility)
        self._people.append(p.people)
        self._crop.append(p.via_crop)

    def build(self) -> PoseSequence:
        """The sequence so far; ``meta`` says how many people were seen and how often a crop was needed."""
        n = len(self._t)
        shape3 = (n, NUM_LANDMARKS, 3)
        image = np.stack(self._image) if n else np.empty(shape3)
        world = np.stack(self._world) if n else np.empty(shape3)
        vis = np.stack(self._vis) if n else np.empty((n, NUM_LANDMARKS))
        people = np.asarray(self._people, dtype=np.int64)
        meta: dict[str, object] = {
            "max_people": int(people.max()) if n else 0,
            "several_people_frames": int((people > 1).sum()),
            "crop_frames": int(np.sum(self._crop)),
        }
        return PoseSequence(
            np.asarray(self._t), image, world, vis, self.width, self.height, self.source, meta
        )


def estimate_sequence(
    estimator: PoseEstimator,
    frames: Iterable[tuple[float, Frame]],
    *,
    width: int,
    height: int,
    source: str = "",
    on_frame: Callable[[float], None] | None = None,
) -> PoseSequence:
    """Run ``estimator`` over a stream of ``(t, rgb_frame)`` and collect a PoseSequence.

    ``width`` and ``height`` are the size of the source the normalised coordinates refer to.
    ``on_frame(t)`` is called after each frame (progress bars). Frames are dropped as soon as
    the estimator has seen them.

    >>> from hipcoach.pose.replay import ReplayEstimator
    >>> seq = PoseSequence.empty(3, width=64, height=48)
    >>> est = ReplayEstimator(seq)
    >>> len(estimate_sequence(est, est.frames(), width=64, height=48))
    3
    """
    builder = SequenceBuilder(width=width, height=height, source=source)
    for t, frame in frames:
        builder.add(t, estimator.process(frame, t))
        if on_frame is not None:
            on_frame(t)
    return builder.build()

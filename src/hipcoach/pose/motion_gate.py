"""Better and fewer model runs at a low analysis rate: settle a moving pose, reuse a still one.

Offline, the model runs at 7.5 frames/s (see :mod:`hipcoach.config`). Two things go wrong or
go to waste at that rate, and :class:`MotionGate` handles both around any estimator:

* **Lag after a fast move.** BlazePose's tracker looks for the person where the last frame
  left them; when the body moved far between two frames, the landmarks come out pulled toward
  the old pose and catch up only over the next few frames. At 7.5 frames/s that is most of a
  second: on a rendered hip thrust (``hip-thrust__clean-2``) the hip angle reached the top
  0.7-1 s late and the 1 s holds came out as 0-0.95 s (every frame: 1.03-1.14 s). Running the
  tracker again on the same frame starts it from the place the first run found, so a frame
  whose pose moved more than ``settle_frac`` of the body's size is run again (at most
  ``settle_max`` times) until the answer stops moving. The same clip then measures 1.13-1.26 s.
  Over the 26 rendered clips and a 60 s 720p clip, every hold came within 0.2 s of the
  every-frame loop's (without the gate: 82 %, some 1-2 s apart; with a looser ``settle_frac``
  of 0.04: 96 %; with one re-run at most, the long clip lost 2 reps).
* **Runs on frames where nothing moved.** When the pixels around the person are the same as
  on the frame the model last ran on, and that run had settled (its pose barely moved from the
  one before), the pose cannot have changed, so the last one is returned without a model run.
  Rests between sets, holds and pauses at the bottom cost next to nothing; that pays for the
  extra runs on fast moves.

Live mode does not use the gate: it runs every frame, where a frame's move is small and a
second run would double the latency.

>>> from hipcoach.pose.replay import ReplayEstimator
>>> from hipcoach.pose.types import PoseSequence
>>> with MotionGate(ReplayEstimator(PoseSequence.empty(2, width=64, height=48))) as gate:
...     gate.process(np.zeros((48, 64, 3), np.uint8), 0.0) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hipcoach.pose.estimator import EstimatorBase, FloatArray, Frame, FramePose, PoseEstimator
from hipcoach.pose.landmarks import Landmark

# The joints whose moves matter for every exercise (the face and hands move on their own).
BODY_JOINTS = [
    Landmark.LEFT_SHOULDER,
    Landmark.RIGHT_SHOULDER,
    Landmark.LEFT_HIP,
    Landmark.RIGHT_HIP,
    Landmark.LEFT_KNEE,
    Landmark.RIGHT_KNEE,
    Landmark.LEFT_ANKLE,
    Landmark.RIGHT_ANKLE,
]
_SEEN = 0.5  # visibility from which a joint's move counts (hidden joints jitter)


@dataclass(frozen=True)
class MotionGateSettings:
    """Thresholds of :class:`MotionGate` (fractions of the body's size in the image).

    Attributes:
        settle_frac: run the model again on a frame whose pose moved more than this since the
            last frame (0: never).
        settle_max: at most this many extra runs on one frame.
        settled_frac: the re-runs stop once a run moved the pose less than this.
        stable_frac: a pose that moved less than this since the last frame has settled, so a
            still frame after it may reuse it.
        still_level: a block of the person's region has changed when its mean grey level
            moved more than this (0-255).
        still_frac: a frame is still when less than this share of the blocks changed (0: never
            reuse a pose).
    """

    settle_frac: float = 0.03
    settle_max: int = 2
    settled_frac: float = 0.015
    stable_frac: float = 0.02
    still_level: float = 8.0
    still_frac: float = 0.005


def body_move(a: FramePose, b: FramePose, width: int, height: int) -> float:
    """How far the body moved from pose ``a`` to ``b``: the largest move of a seen joint along
    x or y, as a fraction of the body's extent in ``b`` (pixels, so wide frames are fair).

    >>> p = FramePose.nan()
    >>> import dataclasses
    >>> img = np.zeros((33, 3)); img[BODY_JOINTS, 0] = np.linspace(0.1, 0.5, 8)
    >>> a = dataclasses.replace(p, image=img, visibility=np.ones(33))
    >>> img2 = img.copy(); img2[BODY_JOINTS, 0] += 0.04
    >>> round(body_move(a, dataclasses.replace(a, image=img2), 100, 100), 3)
    0.1
    """
    scale = np.array([width, height], dtype=np.float64)
    pa, pb = a.image[BODY_JOINTS, :2] * scale, b.image[BODY_JOINTS, :2] * scale
    seen = (a.visibility[BODY_JOINTS] >= _SEEN) & (b.visibility[BODY_JOINTS] >= _SEEN)
    if seen.sum() < 3:
        seen = np.ones(len(BODY_JOINTS), dtype=bool)
    ok = seen & np.isfinite(pa).all(axis=1) & np.isfinite(pb).all(axis=1)
    if ok.sum() < 2:
        return float("inf")
    extent = float(np.ptp(pb[ok], axis=0).max())
    return float(np.abs(pb[ok] - pa[ok]).max() / max(extent, 1.0))


def _region(pose: FramePose, width: int, height: int, grow: float = 0.15) -> tuple[int, ...] | None:
    """The person's box (all landmarks) grown by ``grow`` of its size, inside the frame (None
    when no landmark has both coordinates)."""
    xy = pose.image[:, :2] * np.array([width, height])
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) == 0:
        return None
    x0, y0 = xy.min(axis=0)
    x1, y1 = xy.max(axis=0)
    gx, gy = grow * (x1 - x0), grow * (y1 - y0)
    return (
        int(np.clip(x0 - gx, 0, width)),
        int(np.clip(y0 - gy, 0, height)),
        int(np.clip(x1 + gx, 0, width)),
        int(np.clip(y1 + gy, 0, height)),
    )


def thumbnail(frame: Frame, box: tuple[int, ...], blocks: int = 80) -> FloatArray:
    """Mean green level over square blocks of ``box`` (about ``blocks`` along its long side),
    from every other pixel: averaging keeps camera noise from looking like motion, and the
    sampling keeps it well under a millisecond at 720p.

    >>> thumbnail(np.full((40, 60, 3), 7, np.uint8), (0, 0, 60, 40), blocks=6).shape
    (4, 6)
    """
    x0, y0, x1, y1 = box
    size = max(2, max(x1 - x0, y1 - y0) // blocks) // 2 * 2
    h, w = (y1 - y0) // size, (x1 - x0) // size
    if h == 0 or w == 0:
        return np.zeros((0, 0))
    half = size // 2
    g = np.ascontiguousarray(
        frame[y0 : y0 + h * size : 2, x0 : x0 + w * size : 2, 1], dtype=np.float32
    )
    return np.asarray(g.reshape(h, half, w, half).mean(axis=(1, 3)), dtype=np.float64)


class MotionGate(EstimatorBase):
    """An estimator that settles moving poses and reuses still ones (see the module notes).

    ``model_runs_`` passes on the inner estimator's counts and adds ``"reused"``: frames
    answered with the last pose, no model run.
    """

    def __init__(self, inner: PoseEstimator, settings: MotionGateSettings | None = None) -> None:
        self.inner = inner
        self.settings = settings or MotionGateSettings()
        self.reused_ = 0
        self.settled_ = 0
        self._last: FramePose | None = None
        self._stable = False
        self._ref: tuple[tuple[int, ...], FloatArray] | None = None

    @property
    def model_runs_(self) -> dict[str, int]:
        runs = dict(getattr(self.inner, "model_runs_", {}))
        runs["reused"] = self.reused_
        return runs

    def _still(self, frame: Frame) -> bool:
        s = self.settings
        if s.still_frac <= 0 or not self._stable or self._ref is None or self._last is None:
            return False
        box, ref = self._ref
        now = thumbnail(frame, box)
        if now.shape != ref.shape or now.size == 0:
            return False
        changed = float(np.mean(np.abs(now - ref) > s.still_level))
        return changed < s.still_frac

    def process(self, frame_rgb: Frame, t: float) -> FramePose | None:
        h, w = frame_rgb.shape[:2]
        if self._still(frame_rgb):
            self.reused_ += 1
            return self._last
        pose = self.inner.process(frame_rgb, t)
        last, s = self._last, self.settings
        if pose is not None and last is not None and s.settle_frac > 0:
            moved = body_move(last, pose, w, h)
            # An unmeasurable move (inf: too few joints) is not settled: no answer to compare.
            far = np.isfinite(moved) and moved > s.settle_frac
            for _ in range(s.settle_max if far else 0):
                again = self.inner.process(frame_rgb, t)
                if again is None:
                    break
                self.settled_ += 1
                step = body_move(pose, again, w, h)
                pose = again
                if step < s.settled_frac:
                    break
        self._stable = (
            pose is not None and last is not None and body_move(last, pose, w, h) < s.stable_frac
        )
        self._last = pose
        box = _region(pose, w, h) if pose is not None and s.still_frac > 0 else None
        self._ref = None if box is None else (box, thumbnail(frame_rgb, box))
        return pose

    def close(self) -> None:
        self.inner.close()

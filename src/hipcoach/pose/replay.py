"""ReplayEstimator: plays back saved landmarks as if a model had found them.

It lets a video be re-analysed without the model (``hipcoach analyze --save-landmarks`` writes
the file) and lets tests drive the whole pipeline with exact, known landmarks.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from hipcoach.pose.estimator import EstimatorBase, Frame, FramePose
from hipcoach.pose.types import PoseSequence


class ReplayEstimator(EstimatorBase):
    """Answers each frame with the recorded landmarks nearest in time.

    Args:
        source: a PoseSequence, or the path of a landmark file written by ``PoseSequence.save``.
        tolerance_s: the largest gap between a frame's time and a recorded time that still
            counts as the same frame; None means half the recorded frame interval.

    >>> seq = PoseSequence.empty(2, width=64, height=48)
    >>> est = ReplayEstimator(seq)
    >>> [est.process(f, t) for t, f in est.frames()]
    [None, None]
    """

    def __init__(self, source: PoseSequence | Path | str, *, tolerance_s: float | None = None):
        self.sequence_ = (
            source if isinstance(source, PoseSequence) else PoseSequence.load(Path(source))
        )
        fps = self.sequence_.fps
        self.tolerance_s = tolerance_s if tolerance_s is not None else (0.5 / fps if fps else 0.05)
        self._detected = self.sequence_.detected

    def _index(self, t: float) -> int | None:
        times = self.sequence_.t
        if len(times) == 0:
            return None
        i = int(np.searchsorted(times, t))
        candidates = [j for j in (i - 1, i) if 0 <= j < len(times)]
        best = min(candidates, key=lambda j: abs(times[j] - t))
        return best if abs(times[best] - t) <= self.tolerance_s + 1e-9 else None

    def process(self, frame_rgb: Frame, t: float) -> FramePose | None:
        i = self._index(t)
        if i is None or not self._detected[i]:
            return None
        seq = self.sequence_
        return FramePose(seq.image[i], seq.world[i], seq.visibility[i])

    def frames(self) -> Iterator[tuple[float, Frame]]:
        """Blank frames at the recorded times, for running the pipeline without a video.

        One read-only frame is shared by every step, so this costs no memory per frame.
        """
        blank = np.zeros((self.sequence_.height, self.sequence_.width, 3), np.uint8)
        blank.flags.writeable = False
        for t in self.sequence_.t:
            yield float(t), blank

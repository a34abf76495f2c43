"""Denser pose estimates where they matter: re-run the model inside time windows and merge.

A fast pass at a low analysis rate finds the reps; the moments that decide a count or a hold
(rep starts, tops, ends) can then be re-estimated at the video's full rate and merged in.

>>> coarse = extract_pose("bridge.mp4", options=ExtractOptions(fps=8))  # doctest: +SKIP
>>> fine = extract_windows("bridge.mp4", [(2.0, 2.6), (4.1, 4.7)])  # doctest: +SKIP
>>> seq = merge_sequences(coarse, fine)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from hipcoach.pose.estimator import PoseEstimator, SequenceBuilder
from hipcoach.pose.extract import ExtractOptions
from hipcoach.pose.types import PoseSequence


def merge_windows(
    windows: Sequence[tuple[float, float]], gap_s: float = 0.0
) -> list[tuple[float, float]]:
    """Sort windows and join those that overlap or are closer than ``gap_s``.

    >>> merge_windows([(4, 5), (1, 2), (1.5, 3), (5.2, 6)], gap_s=0.5)
    [(1, 3), (4, 6)]
    """
    out: list[tuple[float, float]] = []
    for a, b in sorted((min(w), max(w)) for w in windows):
        if out and a <= out[-1][1] + gap_s:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def extract_windows(
    path: Path | str,
    windows: Sequence[tuple[float, float]],
    factory: Callable[[], PoseEstimator] | None = None,
    *,
    options: ExtractOptions | None = None,
    warmup_s: float = 0.5,
) -> PoseSequence:
    """Estimate every frame (or ``options.fps``) inside each window, with a fresh tracker
    warmed up for ``warmup_s`` before it; frames outside the windows are not decoded past
    the seek. Windows closer than twice the warm-up are joined (one warm-up is cheaper)."""
    opts = options or ExtractOptions()
    if factory is None:
        from hipcoach.pose.parallel import default_factory

        factory = default_factory
    builder: SequenceBuilder | None = None
    for start, end in merge_windows(windows, gap_s=2 * warmup_s):
        reader = opts.reader(path, start_s=max(0.0, start - warmup_s), end_s=end)
        if builder is None:
            builder = SequenceBuilder(
                width=reader.info.width, height=reader.info.height, source=str(path)
            )
        with factory() as est:
            for t, frame in reader.frames():
                pose = est.process(frame, t)
                if t >= start - 1e-9:
                    builder.add(t, pose)
    if builder is None:
        raise ValueError("extract_windows: no windows given")
    return builder.build()


def merge_sequences(base: PoseSequence, extra: PoseSequence) -> PoseSequence:
    """All frames of both, in time order; where both have a frame at the same time (within
    a millisecond) the ``extra`` one is kept. Sizes must match.

    >>> a = PoseSequence.empty(3, width=64, height=48, fps=10)
    >>> b = PoseSequence.empty(2, width=64, height=48, fps=20)
    >>> merge_sequences(a, b).t.round(2).tolist()
    [0.0, 0.05, 0.1, 0.2]
    """
    if (base.width, base.height) != (extra.width, extra.height):
        raise ValueError(
            f"merge_sequences: frame sizes differ ({base.width}x{base.height} vs "
            f"{extra.width}x{extra.height})"
        )
    keys_extra = np.round(extra.t * 1000).astype(np.int64)
    keep_base = ~np.isin(np.round(base.t * 1000).astype(np.int64), keys_extra)
    t = np.concatenate([base.t[keep_base], extra.t])
    order = np.argsort(t, kind="stable")

    def cat(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.concatenate([a[keep_base], b])[order]

    meta = dict(base.meta)
    meta["refined_frames"] = len(extra)
    return PoseSequence(
        t[order],
        cat(base.image, extra.image),
        cat(base.world, extra.world),
        cat(base.visibility, extra.visibility),
        base.width,
        base.height,
        base.source,
        meta,
    )

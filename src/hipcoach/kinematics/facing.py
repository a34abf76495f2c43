"""Which way the person faces, and which side of the body is nearer the camera.

Facing is voted from three cues that do not depend on left/right labels (which pose models
often swap in side views): the nose is in front of the ears, the toes are in front of the
heels, and the knee bends backwards. Each frame's cue is the sine of an angle, so weak cues
(a straight knee, a foot pointing along the shin) count for little.
"""

from __future__ import annotations

import warnings
from collections import deque

import numpy as np
from numpy.typing import NDArray

from hipcoach.kinematics.points import SIDES, point
from hipcoach.pose.landmarks import SIDE_JOINTS

FloatArray = NDArray[np.float64]


def _cross_sin(a: FloatArray, b: FloatArray) -> FloatArray:
    """sin of the counter-clockwise angle from a to b, per frame (NaN where undefined)."""
    cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
    norm = np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1)
    with np.errstate(all="ignore"):
        return np.asarray(np.where(norm > 1e-9, cross / norm, np.nan), dtype=np.float64)


def facing_votes(upright: FloatArray) -> FloatArray:
    """(T,) per-frame facing vote in [-1, 1] from x-right/y-up points (T, 33, 2).

    Positive means the person's front is towards +x.
    """
    ear = point(upright, "mid_ear")
    head = _cross_sin(point(upright, "nose") - ear, ear - point(upright, "mid_shoulder"))
    votes = [0.7 * head]
    for s in SIDES:
        hip, knee, ankle = (point(upright, j, s) for j in ("hip", "knee", "ankle"))
        # The knee only bends backwards: shin turned clockwise from the thigh means front = +x.
        votes.append(-1.0 * _cross_sin(knee - hip, ankle - knee))
        toe = point(upright, "foot_index", s) - point(upright, "heel", s)
        votes.append(0.5 * _cross_sin(toe, knee - ankle))
    stacked = np.stack(votes, axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out = np.nanmean(stacked, axis=1)
    return np.asarray(out, dtype=np.float64)


def facing_sign(upright: FloatArray) -> int:
    """+1 when the person's front points to +x (image right), -1 when to image left.

    >>> from hipcoach.pose.landmarks import Landmark as L
    >>> p = np.full((1, 33, 2), np.nan)
    >>> p[0, [L.LEFT_HIP, L.RIGHT_HIP]] = (0, 0); p[0, [L.LEFT_KNEE, L.RIGHT_KNEE]] = (0.3, -0.4)
    >>> p[0, [L.LEFT_ANKLE, L.RIGHT_ANKLE]] = (0.1, -0.8)
    >>> facing_sign(p)
    1
    """
    votes = facing_votes(upright)
    total = float(np.nansum(votes)) if np.isfinite(votes).any() else 0.0
    return 1 if total >= 0 else -1


class TurnWatch:
    """Watches facing votes frame by frame for a turn: :meth:`update` says True once the votes
    (of points already turned to the chosen facing, so positive is "as chosen"), averaged over
    the last ``window_s``, have stayed below ``level`` for ``min_s`` seconds. Frames without a
    vote neither break nor start a stretch. The live coach uses it as frames arrive;
    :func:`facing_turn` runs it over a whole clip.

    On the 26 rendered clips and 96 generated ones the averaged vote never went below
    ``level`` at all (its 5th percentile was 0.25 or more); after a turn it sits near -0.7.

    >>> w = TurnWatch()
    >>> [w.update(t / 10, -0.6) for t in range(0, 40, 10)]
    [False, False, False, True]
    """

    def __init__(self, window_s: float = 1.0, level: float = -0.15, min_s: float = 3.0) -> None:
        self.window_s, self.level, self.min_s = window_s, level, min_s
        self.reset()

    def reset(self) -> None:
        self._window: deque[tuple[float, float]] = deque()
        self._sum = 0.0
        self.stretch_start_: float | None = None  # when the current contrary stretch began

    def update(self, t: float, vote: float) -> bool:
        if np.isfinite(vote):
            self._window.append((t, vote))
            self._sum += vote
        while self._window and self._window[0][0] <= t - self.window_s:
            self._sum -= self._window.popleft()[1]
        if not self._window:
            return False
        if self._sum / len(self._window) < self.level:
            if self.stretch_start_ is None:
                self.stretch_start_ = t
            return t - self.stretch_start_ >= self.min_s
        self.stretch_start_ = None
        return False


def facing_turn(
    t: FloatArray,
    votes: FloatArray,
    *,
    window_s: float = 1.0,
    level: float = -0.15,
    min_s: float = 3.0,
) -> float | None:
    """When the person turned round, or None: the first stretch that :class:`TurnWatch` calls
    a turn; the turn is where the votes themselves went negative before that stretch (the
    average lags).

    >>> t = np.arange(0, 20, 0.1)
    >>> facing_turn(t, np.where(t < 12, 0.6, -0.6))
    12.0
    >>> facing_turn(t, np.where((t > 5) & (t < 6), -0.6, 0.6)) is None
    True
    """
    t = np.asarray(t, dtype=np.float64)
    v = np.asarray(votes, dtype=np.float64)
    watch = TurnWatch(window_s, level, min_s)
    for ti, vi in zip(t.tolist(), v.tolist(), strict=True):
        if watch.update(ti, vi):
            assert watch.stretch_start_ is not None
            start = int(np.searchsorted(t, watch.stretch_start_))
            while start > 0 and not (v[start - 1] >= 0):  # NaN or negative
                start -= 1
            return round(float(t[start]), 3)
    return None


def near_side(visibility: FloatArray, image_z: FloatArray | None = None) -> str:
    """ "l" or "r": the side nearer the camera: from the landmarks' relative depth when the
    two sides clearly differ in it (a side view), else from visibility.

    >>> vis = np.ones((4, 33)); vis[:, [12, 24, 26, 28]] = 0.4
    >>> near_side(vis)
    'l'
    """
    joints = ("shoulder", "hip", "knee", "ankle")
    idx = {s: [SIDE_JOINTS["left" if s == "l" else "right"][j] for j in joints] for s in SIDES}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        vis = {s: float(np.nanmean(visibility[:, idx[s]])) for s in SIDES}
        z = {s: float("nan") for s in SIDES}
        if image_z is not None:
            # BlazePose z grows away from the camera.
            z = {s: float(np.nanmedian(image_z[:, idx[s]])) for s in SIDES}
    if all(np.isfinite(v) for v in z.values()) and abs(z["l"] - z["r"]) > 0.02:
        return "l" if z["l"] < z["r"] else "r"
    return "r" if vis["r"] > vis["l"] else "l"

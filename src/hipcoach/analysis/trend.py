"""How far a signal moves with a rep: its change from the bottom to the top, fitted over the
whole rep instead of read from two short windows.

A fault that grows as the leg rises (a hip rolling open, say) shows in every frame of the rep in
proportion to how far up the rep is. Regressing the signal on the rep's progress (0 at the
bottom, 1 at the top of the driving signal) uses all those frames, so noise averages out over
three or four times as many samples as a median over the top plateau, and a constant offset
(a pose model's bias, a camera angle) falls into the intercept.

>>> prog = np.linspace(0.0, 1.0, 30)
>>> fit = change_with_progress(5.0 + 12.0 * prog, prog)
>>> round(fit.change, 1), bool(fit.stderr < 0.1)
(12.0, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

# Pose-model noise is correlated over a few frames (the tracker smooths it, and so do our
# filters): count one independent sample per this many frames for the standard error.
CORRELATED_FRAMES = 5
MIN_FRAMES = 8


@dataclass(frozen=True)
class Trend:
    """``change``: the fitted change from progress 0 to 1; ``stderr``: its standard error."""

    change: float
    stderr: float


def rep_progress(drive: FloatArray, top_value: float) -> FloatArray:
    """0 at the rep's lowest driving value, 1 at ``top_value`` (NaN if the rep has no range)."""
    with np.errstate(invalid="ignore"):
        lo = float(np.nanmin(drive)) if np.isfinite(drive).any() else float("nan")
        span = top_value - lo
        if not np.isfinite(span) or span <= 0:
            return np.full(drive.shape, np.nan)
        return np.asarray(np.clip((drive - lo) / span, 0.0, 1.0), dtype=np.float64)


def change_with_progress(y: FloatArray, progress: FloatArray) -> Trend:
    """Least-squares slope of ``y`` on ``progress``, refitted once without outliers (residuals
    beyond 3 robust standard deviations: a landmark that jumped for a frame)."""
    ok = np.isfinite(y) & np.isfinite(progress)
    nan = Trend(float("nan"), float("inf"))
    for _ in range(2):
        if ok.sum() < MIN_FRAMES or np.ptp(progress[ok]) < 0.5:
            return nan
        x = np.stack([np.ones(int(ok.sum())), progress[ok]], axis=1)
        coef = np.linalg.lstsq(x, y[ok], rcond=None)[0]
        resid = y - coef[0] - coef[1] * progress
        sd = 1.4826 * float(np.nanmedian(np.abs(resid[ok])))
        keep = ok & (np.abs(resid) <= 3.0 * sd + 1e-9)
        if keep.sum() == ok.sum():
            break
        ok = keep
    cov = np.linalg.inv(x.T @ x) * sd**2 * CORRELATED_FRAMES
    return Trend(float(coef[1]), float(np.sqrt(cov[1, 1])))


def fuse(trends: list[Trend]) -> Trend:
    """Inverse-variance weighted mean of independent estimates of the same change."""
    good = [t for t in trends if np.isfinite(t.change) and np.isfinite(t.stderr) and t.stderr > 0]
    if not good:
        return Trend(float("nan"), float("inf"))
    w = np.array([1.0 / t.stderr**2 for t in good])
    v = np.array([t.change for t in good])
    return Trend(float(np.sum(w * v) / np.sum(w)), float(1.0 / np.sqrt(np.sum(w))))

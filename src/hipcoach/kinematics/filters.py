"""Cleaning landmark tracks: outlier rejection, short-gap filling, low-pass filters.

All functions work on arrays shaped (T, ...) along the first axis and treat NaN as missing.
Offline analysis uses :func:`clean_offline` (Hampel, short gaps, zero-phase Butterworth); the
live coach uses :class:`OneEuroFilter`, which only looks at the past.

Long gaps (nobody in view) stay NaN on purpose: interpolating or unwrapping across them is how
other tools shifted whole clips by 180 degrees.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray
from scipy.signal import butter, sosfiltfilt

FloatArray = NDArray[np.float64]


def nan_runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(start, stop) index pairs of the True runs in a 1-D boolean array.

    >>> nan_runs(np.array([False, True, True, False, True]))
    [(1, 3), (4, 5)]
    """
    m = np.concatenate([[False], np.asarray(mask, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(m.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def hampel(x: FloatArray, half_window: int = 4, n_sigmas: float = 3.0) -> FloatArray:
    """Replace points far from their window's median (in scaled MADs) with NaN.

    Works along axis 0; NaN inputs stay NaN. Rejected points become gaps for
    :func:`fill_short_gaps` to close, rather than being replaced by the median.

    >>> y = hampel(np.array([0.0, 0.1, 0.0, 9.0, 0.1, 0.0, 0.1]), half_window=2)
    >>> bool(np.isnan(y[3])), bool(np.isnan(y[2]))
    (True, False)
    """
    x = np.asarray(x, dtype=np.float64)
    if x.shape[0] < 3:
        return x.copy()
    pad = [(half_window, half_window)] + [(0, 0)] * (x.ndim - 1)
    padded = np.pad(x, pad, mode="constant", constant_values=np.nan)
    windows = np.moveaxis(sliding_window_view(padded, 2 * half_window + 1, axis=0), -1, 0)
    med = nan_median0(windows)
    mad = 1.4826 * nan_median0(np.abs(windows - med[None]))
    # A floor on the MAD keeps perfectly smooth stretches from rejecting tiny wiggles.
    steps = np.abs(np.diff(x, axis=0))
    steps = steps[np.isfinite(steps)]
    floor = 1e-6 + 1e-3 * (float(np.median(steps)) if steps.size else 0.0)
    with np.errstate(invalid="ignore"):
        bad = np.abs(x - med) > n_sigmas * np.maximum(mad, floor)
    out = x.copy()
    out[bad] = np.nan
    return out


def fill_short_gaps(x: FloatArray, max_gap: int) -> FloatArray:
    """Linearly interpolate NaN runs of at most ``max_gap`` samples that have data on both sides.

    >>> fill_short_gaps(np.array([1.0, np.nan, 3.0, np.nan, np.nan, np.nan, 7.0]), 1).tolist()[:3]
    [1.0, 2.0, 3.0]
    """
    x = np.asarray(x, dtype=np.float64)
    flat = x.reshape(x.shape[0], -1).copy()
    n = flat.shape[0]
    for k in range(flat.shape[1]):
        col = flat[:, k]
        for a, b in nan_runs(np.isnan(col)):
            if a == 0 or b == n or b - a > max_gap:
                continue
            col[a:b] = np.interp(np.arange(a, b), [a - 1, b], [col[a - 1], col[b]])
    return flat.reshape(x.shape)


def butter_lowpass(x: FloatArray, fs: float, cutoff: float = 6.0, order: int = 4) -> FloatArray:
    """Zero-phase Butterworth low-pass along axis 0, run separately on each stretch without NaN.

    Stretches too short for the filter's padding are left unfiltered.

    >>> t = np.arange(300) / 30.0
    >>> y = butter_lowpass(np.sin(t)[:, None] + 0.01 * np.cos(40 * t)[:, None], fs=30.0)
    >>> float(np.max(np.abs(y[30:-30, 0] - np.sin(t)[30:-30]))) < 0.005
    True
    """
    x = np.asarray(x, dtype=np.float64)
    if fs <= 0 or cutoff >= fs / 2:
        return x.copy()
    sos = butter(order, cutoff, btype="low", fs=fs, output="sos")
    flat = x.reshape(x.shape[0], -1).copy()
    padlen = 3 * (2 * len(sos) + 1)
    valid = ~np.isnan(flat)
    # Columns usually share their missing frames; filter runs of the all-valid rows together.
    rows_ok = valid.all(axis=1)
    for a, b in nan_runs(rows_ok):
        if b - a > padlen:
            flat[a:b] = sosfiltfilt(sos, flat[a:b], axis=0, padlen=padlen)
    for k in np.flatnonzero(~valid.all(axis=0) & valid.any(axis=0)):
        col = flat[:, k]
        for a, b in nan_runs(~np.isnan(col) & ~rows_ok):
            if b - a > padlen:
                col[a:b] = sosfiltfilt(sos, col[a:b], padlen=padlen)
    return flat.reshape(x.shape)


@dataclass(frozen=True)
class CleanSettings:
    """Offline cleaning parameters (Sports2D-like defaults, in seconds and hertz)."""

    hampel_window_s: float = 0.25
    hampel_sigmas: float = 3.5
    max_gap_s: float = 0.35
    cutoff_hz: float = 5.0
    order: int = 4
    # Below 2 * cutoff_hz frames/s (a pose model run at 7.5 or 10 frames/s) the low-pass runs
    # at this share of the frame rate instead of being skipped, so a slow analysis still gets
    # filtered samples; 0 keeps the old behaviour (no filter).
    max_cutoff_frac: float = 0.4


def clean_offline(x: FloatArray, fs: float, settings: CleanSettings | None = None) -> FloatArray:
    """Hampel outlier rejection, short-gap filling, then zero-phase low-pass.

    >>> clean_offline(np.full((10, 2), 1.0), fs=30.0).shape
    (10, 2)
    """
    s = settings or CleanSettings()
    half = max(1, round(s.hampel_window_s * fs / 2))
    y = hampel(x, half, s.hampel_sigmas)
    y = fill_short_gaps(y, max(1, round(s.max_gap_s * fs)))
    cutoff = min(s.cutoff_hz, s.max_cutoff_frac * fs) if s.max_cutoff_frac > 0 else s.cutoff_hz
    return butter_lowpass(y, fs, cutoff, s.order)


class OneEuroFilter:
    """Causal one-euro filter (Casiez et al. 2012) over arrays of any shape, one frame at a time.

    A NaN input leaves that element missing and restarts its filter, so a person leaving the
    frame is never smeared into the next appearance.

    >>> f = OneEuroFilter(min_cutoff=1.0, beta=0.0)
    >>> [round(float(f(t / 30, np.array([1.0]))[0]), 3) for t in range(3)]
    [1.0, 1.0, 1.0]
    """

    def __init__(self, min_cutoff: float = 1.5, beta: float = 0.05, d_cutoff: float = 1.0) -> None:
        self.min_cutoff = min_cutoff
        self.beta = beta
        self.d_cutoff = d_cutoff
        self.x_: FloatArray | None = None
        self.dx_: FloatArray | None = None
        self.t_: float | None = None

    @staticmethod
    def _alpha(cutoff: FloatArray | float, dt: float) -> FloatArray:
        tau = 1.0 / (2 * np.pi * np.asarray(cutoff, dtype=np.float64))
        return np.asarray(1.0 / (1.0 + tau / dt), dtype=np.float64)

    def __call__(self, t: float, x: FloatArray) -> FloatArray:
        x = np.asarray(x, dtype=np.float64)
        if self.x_ is None or self.dx_ is None or self.t_ is None or t <= self.t_:
            self.x_ = x.copy()
            self.dx_ = np.zeros_like(x)
            self.t_ = t
            return x.copy()
        dt = t - self.t_
        self.t_ = t
        prev = self.x_
        fresh = np.isnan(prev) & ~np.isnan(x)
        dx = np.where(fresh, 0.0, (x - prev) / dt)
        a_d = self._alpha(self.d_cutoff, dt)
        dx_hat = np.where(fresh | np.isnan(self.dx_), dx, a_d * dx + (1 - a_d) * self.dx_)
        cutoff = self.min_cutoff + self.beta * np.abs(dx_hat)
        a = self._alpha(cutoff, dt)
        out = np.where(fresh, x, a * x + (1 - a) * prev)
        self.x_ = out
        self.dx_ = np.where(np.isnan(x), np.nan, dx_hat)
        return np.asarray(out.copy(), dtype=np.float64)


class CausalHampel:
    """Causal outlier rejection for the live path: a value far from the median of the last few
    raw frames (in scaled MADs, with a floor) is replaced by that median. A frame with nobody in
    it empties the history.

    >>> h = CausalHampel(window=5, floor=0.1)
    >>> [float(h(np.array([v]))[0]) for v in (1.0, 1.1, 0.9, 1.0, 9.0, 1.1)][-2:]
    [1.0, 1.1]
    """

    def __init__(self, window: int = 5, n_sigmas: float = 4.0, floor: float = 3.0) -> None:
        self.window = window
        self.n_sigmas = n_sigmas
        self.floor = floor
        self.buf_: list[FloatArray] = []

    def __call__(self, x: FloatArray) -> FloatArray:
        x = np.asarray(x, dtype=np.float64)
        if np.isnan(x).all():
            self.buf_.clear()
            return x.copy()
        self.buf_.append(x)
        if len(self.buf_) > self.window:
            self.buf_.pop(0)
        return _hampel_last(np.stack(self.buf_), self.n_sigmas, self.floor)


def nan_median0(a: FloatArray) -> FloatArray:
    """Median along axis 0 ignoring NaN, by sorting (fast, and bit-identical however the
    frames are batched, which keeps the live and offline paths in step).

    >>> nan_median0(np.array([[1.0, np.nan], [3.0, 2.0], [2.0, np.nan]])).tolist()
    [2.0, 2.0]
    """
    s = np.sort(a, axis=0)  # NaN sorts last
    n = np.isfinite(a).sum(axis=0)
    lo = np.clip((n - 1) // 2, 0, a.shape[0] - 1)
    hi = np.clip(n // 2, 0, a.shape[0] - 1)
    v_lo = np.take_along_axis(s, lo[None], axis=0)[0]
    v_hi = np.take_along_axis(s, hi[None], axis=0)[0]
    return np.asarray(np.where(n > 0, 0.5 * (v_lo + v_hi), np.nan), dtype=np.float64)


def _hampel_last(stack: FloatArray, n_sigmas: float, floor: float) -> FloatArray:
    """Hampel decision for the last row of a (n, ...) window of raw values."""
    x = stack[-1]
    if stack.shape[0] < 3:
        return np.array(x, dtype=np.float64)
    med = nan_median0(stack)
    mad = 1.4826 * nan_median0(np.abs(stack - med))
    with np.errstate(invalid="ignore"):
        bad = np.abs(x - med) > n_sigmas * np.maximum(mad, floor)
    return np.asarray(np.where(bad & np.isfinite(med), med, x), dtype=np.float64)


def causal_hampel_batch(
    x: FloatArray, window: int = 5, n_sigmas: float = 4.0, floor: float = 3.0
) -> FloatArray:
    """:class:`CausalHampel` over a whole (T, ...) array at once, with the same results.

    >>> y = causal_hampel_batch(np.array([[1.0], [1.1], [0.9], [1.0], [9.0]]), floor=0.1)
    >>> float(y[-1, 0])
    1.0
    """
    x = np.asarray(x, dtype=np.float64)
    n = x.shape[0]
    if n == 0:
        return x.copy()
    empty = np.isnan(x.reshape(n, -1)).all(axis=1)
    # Each frame's window holds the raw frames since the last empty one, at most ``window``.
    last_empty = np.maximum.accumulate(np.where(empty, np.arange(n), -1))
    first = np.maximum(last_empty + 1, np.arange(n) - window + 1)
    pad = np.concatenate([np.full((window - 1, *x.shape[1:]), np.nan), x])
    stack = np.stack([pad[k : k + n] for k in range(window)])  # (window, T, ...)
    idx = np.arange(n)[None, :] - (window - 1) + np.arange(window)[:, None]
    keep = idx >= first[None, :]
    stack = np.where(keep.reshape(window, n, *([1] * (x.ndim - 1))), stack, np.nan)
    med = nan_median0(stack)
    mad = 1.4826 * nan_median0(np.abs(stack - med))
    with np.errstate(invalid="ignore"):
        bad = np.abs(x - med) > n_sigmas * np.maximum(mad, floor)
    out = np.where(bad & np.isfinite(med), med, x)
    count = keep.sum(axis=0)
    short = (count < 3) | empty
    out[short] = x[short]
    return np.asarray(out, dtype=np.float64)

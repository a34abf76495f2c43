"""Measuring one rep on a smooth signal: top plateau, hold time, start, end and tempo.

A rep that eases into its top spends a while *near* the peak before and after the real hold,
so "time within a tolerance of the peak" overstates the hold by an amount that grows with the
tolerance. Near a smooth turning point the signal is close to a parabola, so the width of the
band above ``peak - d`` grows like ``sqrt(d)``. Measuring the width at two tolerances and
extrapolating to ``d = 0`` removes that bias; the same is done for the start and the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

_K = 3.0  # the second tolerance is _K times the first
_EXTRAP = 1.0 / (np.sqrt(_K) - 1.0)
# Everything below is in seconds, never in samples: the pose model may run at 30, 15 or 7.5
# frames/s and a hold must come out the same (issue 5).
SMOOTH_S = 0.17  # moving average before the band estimate (5 samples at 30 frames/s)
MAX_DIP_S = 0.15  # a dip out of a band shorter than this is noise, not the end of a plateau
FIT_MIN_SAMPLES = 8  # the eased model has 7 parameters
FIT_MIN_SPAN_S = 1.0  # and needs the rise and the fall around the plateau
# With ``[coach] fit_upper_frac``, how far back and ahead of the top the rep's own bottom is
# looked for (see upper_part).
UPPER_LOOK_S = 1.5
FIT_SCALE = 2.0  # degrees: residuals beyond this count linearly (soft L1), not squared


@dataclass(frozen=True)
class RepTiming:
    """Indices into the clip and times (seconds) of one rep."""

    start_t: float
    top_t: float
    top_end_t: float
    end_t: float
    top_i: int
    top_end_i: int
    peak: float
    bottom: float
    max_hold: float = float("inf")  # the widest the plateau can be (the band near the top)
    fit: tuple[float, ...] = ()  # the eased model's parameters when fit_rep made this timing

    @property
    def hold_s(self) -> float:
        return max(0.0, self.top_end_t - self.top_t)

    @property
    def up_s(self) -> float:
        return max(0.0, self.top_t - self.start_t)

    @property
    def down_s(self) -> float:
        return max(0.0, self.end_t - self.top_end_t)


@dataclass(frozen=True)
class TempoPrior:
    """A person's usual rise and lowering times (seconds) for :func:`fit_rep`.

    ``weight`` is how hard a rep is held to them: the pull of a unit log ratio of times, in
    units of the fit's own residual spread (see :mod:`hipcoach.analysis.tempo`).
    """

    up_s: float
    down_s: float
    weight: float


def _run_bounds(mask: NDArray[np.bool_], i: int) -> tuple[int, int]:
    """First and last index of the True run containing i."""
    a = i
    while a > 0 and mask[a - 1]:
        a -= 1
    b = i
    while b < len(mask) - 1 and mask[b + 1]:
        b += 1
    return a, b


def _edge_time(t: FloatArray, y: FloatArray, i_in: int, i_out: int, level: float) -> float:
    """Time where y crosses ``level`` between an inside and an outside sample (linear)."""
    if i_out < 0 or i_out >= len(y) or not np.isfinite(y[i_out]):
        return float(t[i_in])
    y0, y1 = y[i_in], y[i_out]
    w = 0.0 if y0 == y1 else float(np.clip((y0 - level) / (y0 - y1), 0.0, 1.0))
    return float(t[i_in] + w * (t[i_out] - t[i_in]))


def _fill_short_false(mask: NDArray[np.bool_], max_len: int) -> NDArray[np.bool_]:
    """Close False runs of at most max_len samples that sit between True samples."""
    out = mask.copy()
    m = np.concatenate([[True], mask, [True]])
    edges = np.flatnonzero(np.diff(m.astype(np.int8)))
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        if a > 0 and b < len(mask) and b - a <= max_len:
            out[a:b] = True
    return out


def band_edges(
    t: FloatArray, y: FloatArray, i: int, level: float, above: bool = True, max_dip: int = 0
) -> tuple[float, float, int, int]:
    """Start and end times of the stretch around index i where y stays above (or below) level.

    Dips out of the band shorter than ``max_dip`` samples (noise) do not end the stretch.
    """
    with np.errstate(invalid="ignore"):
        mask = (y >= level) if above else (y <= level)
    mask &= np.isfinite(y)
    if max_dip:
        mask = _fill_short_false(mask, max_dip)
    if not mask[i]:
        return float(t[i]), float(t[i]), i, i
    a, b = _run_bounds(mask, i)
    return _edge_time(t, y, a, a - 1, level), _edge_time(t, y, b, b + 1, level), a, b


def window_samples(t: FloatArray, seconds: float) -> int:
    """The odd number of samples (at least 1) that spans about ``seconds`` of ``t``.

    >>> window_samples(np.arange(60) / 30.0, 0.17), window_samples(np.arange(60) / 7.5, 0.17)
    (5, 1)
    """
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
    if not dt > 0:
        return 1
    return max(1, 2 * round((seconds / dt - 1.0) / 2.0) + 1)


def smooth(y: FloatArray, k: int = 5) -> FloatArray:
    """Centred moving average over k samples, ignoring NaN (see :func:`window_samples`)."""
    if k <= 1 or len(y) < k:
        return np.array(y, dtype=np.float64)
    ok = np.isfinite(y)
    kern = np.ones(k)
    num = np.convolve(np.where(ok, y, 0.0), kern, mode="same")
    den = np.convolve(ok.astype(np.float64), kern, mode="same")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(ok & (den > 0), num / den, np.nan), dtype=np.float64)


def _level(ys: FloatArray, i: int, lo: int, hi: int, threshold: float, above: bool) -> float:
    """Median of the contiguous stretch around i beyond ``threshold`` (a plateau's level)."""
    seg = ys[lo : hi + 1]
    with np.errstate(invalid="ignore"):
        mask = (seg >= threshold) if above else (seg <= threshold)
    j = i - lo
    if not mask[j]:
        return float(ys[i])
    a, b = _run_bounds(mask, j)
    return float(np.median(seg[a : b + 1]))


def measure_rep(
    t: FloatArray,
    y: FloatArray,
    peak_i: int,
    lo: int,
    hi: int,
    tol_frac: float = 0.06,
) -> RepTiming:
    """Measure the rep whose top is near ``peak_i``; ``lo``..``hi`` bound the search (indices).

    ``y`` must be oriented so the top is high. Levels (top plateau, bottoms before and after)
    are medians of their stretches, so noise does not inflate the peak.

    >>> t = np.arange(250) / 50.0  # rise 1 s, hold 1 s, lower 1 s, all eased
    >>> ease = lambda u: 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0, 1))
    >>> y = 100 + 60 * np.where(t < 2, ease(t - 0.5), ease(3.5 - t))
    >>> r = measure_rep(t, y, 100, 0, 249)
    >>> round(r.hold_s, 1), round(r.start_t, 1), round(r.end_t, 1)
    (1.0, 0.5, 3.5)
    """
    nan = float("nan")
    seg = y[lo : hi + 1]
    if not np.isfinite(seg).any():
        tt = float(t[peak_i])
        return RepTiming(tt, tt, tt, tt, peak_i, peak_i, nan, nan)
    ys = smooth(y, window_samples(t, SMOOTH_S))
    if not np.isfinite(ys[peak_i]):
        peak_i = lo + int(np.nanargmax(ys[lo : hi + 1]))
    bot_a_i = lo + int(np.nanargmin(ys[lo : peak_i + 1]))
    bot_b_i = peak_i + int(np.nanargmin(ys[peak_i : hi + 1]))
    coarse = float(ys[peak_i]) - float(min(ys[bot_a_i], ys[bot_b_i]))
    band = 0.15 * coarse
    top = _level(ys, peak_i, lo, hi, float(ys[peak_i]) - band, above=True)
    bot_a = _level(ys, bot_a_i, lo, hi, float(ys[bot_a_i]) + band, above=False)
    bot_b = _level(ys, bot_b_i, lo, hi, float(ys[bot_b_i]) + band, above=False)
    rom = max(top - min(bot_a, bot_b), 1e-6)
    # Noise: what smoothing removed, in the top stretch.
    with np.errstate(invalid="ignore"):
        near_top = (ys >= top - band) & np.isfinite(y)
    near_top[:lo] = False
    near_top[hi + 1 :] = False
    # At least 3 samples, so that a low frame rate (no smoothing above) still shows its noise.
    ys3 = ys if window_samples(t, SMOOTH_S) >= 3 else smooth(y, 3)
    resid = (y - ys3)[near_top]
    sigma = 1.4826 * float(np.median(np.abs(resid))) if resid.size else 0.0
    d1 = max(tol_frac * rom, 3.0 * sigma, 0.5)
    d2 = _K * d1
    dt = float(np.median(np.diff(t))) if len(t) > 1 else 1.0
    max_dip = max(1, round(MAX_DIP_S / dt))
    s1, e1, a1, b1 = band_edges(t, ys, peak_i, top - d1, max_dip=max_dip)
    s2, e2, _, _ = band_edges(t, ys, peak_i, top - d2, max_dip=max_dip)
    top_t = s1 + (s1 - s2) * _EXTRAP
    top_end_t = e1 - (e2 - e1) * _EXTRAP
    if top_end_t < top_t:  # a sharp peak: no hold
        top_t = top_end_t = 0.5 * (top_t + top_end_t)
    # Start: where the rise leaves the bottom before; end: where the fall reaches the one after.
    _, sa1, _, _ = band_edges(t, ys, bot_a_i, bot_a + d1, above=False, max_dip=max_dip)
    _, sa2, _, _ = band_edges(t, ys, bot_a_i, bot_a + d2, above=False, max_dip=max_dip)
    ea1, _, _, _ = band_edges(t, ys, bot_b_i, bot_b + d1, above=False, max_dip=max_dip)
    ea2, _, _, _ = band_edges(t, ys, bot_b_i, bot_b + d2, above=False, max_dip=max_dip)
    # Extrapolation on a noisy stretch can overshoot: keep every time inside the search bounds.
    t_lo, t_hi = float(t[lo]), float(t[hi])
    top_t = float(np.clip(top_t, t_lo, t_hi))
    top_end_t = float(np.clip(top_end_t, top_t, t_hi))
    start_t = float(np.clip(min(sa1 - (sa2 - sa1) * _EXTRAP, top_t), t_lo, top_t))
    end_t = float(np.clip(max(ea1 + (ea1 - ea2) * _EXTRAP, top_end_t), top_end_t, t_hi))
    ti = int(np.clip(np.searchsorted(t, top_t), a1, b1))
    te = int(np.clip(np.searchsorted(t, top_end_t, side="right") - 1, ti, b1))
    return RepTiming(
        start_t=float(start_t),
        top_t=float(top_t),
        top_end_t=float(top_end_t),
        end_t=float(end_t),
        top_i=ti,
        top_end_i=te,
        peak=top,
        bottom=bot_a,
        max_hold=max(e2 - s2, 0.0),
    )


def _eased_rep(params: FloatArray, t: FloatArray) -> FloatArray:
    """Rise, plateau, fall with cosine easing: the shape of a controlled rep."""
    b1, b2, top, a, hold, up, down = params
    rise = b1 + (top - b1) * (0.5 - 0.5 * np.cos(np.pi * np.clip((t - (a - up)) / up, 0.0, 1.0)))
    fall = b2 + (top - b2) * (
        0.5 + 0.5 * np.cos(np.pi * np.clip((t - (a + hold)) / down, 0.0, 1.0))
    )
    return np.asarray(np.where(t < a, rise, np.where(t <= a + hold, top, fall)), dtype=np.float64)


def _fit_with_tempo(
    x: FloatArray,
    t: FloatArray,
    y: FloatArray,
    tempo: TempoPrior,
    bounds: tuple[list[float], list[float]],
) -> FloatArray | None:
    """Refit from ``x`` with the rise and lowering times pulled towards ``tempo``'s.

    The pull is scaled by the spread of the residuals at ``x``, so a clean signal keeps its own
    times and a noisy one leans on the usual ones. Both terms share the soft L1 loss: a rep
    that really is slower or faster than usual pays a bounded price for it.
    """
    from scipy.optimize import least_squares

    r0 = _eased_rep(x, t) - y
    spread = max(1.4826 * float(np.median(np.abs(r0 - np.median(r0)))), 0.3)
    w = tempo.weight * spread
    target = np.log([tempo.up_s, tempo.down_s])

    def resid(p: FloatArray) -> FloatArray:
        return np.concatenate([_eased_rep(p, t) - y, w * (np.log(p[5:7]) - target)])

    lo_b, hi_b = np.array(bounds[0]), np.array(bounds[1])
    x0 = np.clip(x, lo_b + 1e-9, hi_b - 1e-9)
    try:
        res = least_squares(resid, x0, bounds=(lo_b, hi_b), loss="soft_l1", f_scale=FIT_SCALE)
    except ValueError:
        return None
    return np.asarray(res.x, dtype=np.float64) if res.success else None


def fit_rep(
    t: FloatArray,
    y: FloatArray,
    first: RepTiming,
    lo: int,
    hi: int,
    tempo: TempoPrior | None = None,
    plain: RepTiming | None = None,
) -> RepTiming:
    """Refine a rep's timing by fitting an eased rise-hold-fall to the samples ``lo..hi``.

    The band estimate (:func:`measure_rep`) starts the fit; when the fit fails or disagrees
    wildly, the band estimate is kept. Noise at the top then moves the hold far less, because
    every sample of the rise and the fall constrains where the plateau begins and ends.
    With ``tempo`` the fit is done again with the rise and lowering times pulled towards the
    person's usual ones (see :mod:`hipcoach.analysis.tempo`), starting from ``plain`` (this
    function's own earlier result on the same window, without ``tempo``) when given.

    >>> t = np.arange(250) / 50.0
    >>> ease = lambda u: 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0, 1))
    >>> y = 100 + 60 * np.where(t < 2, ease(t - 0.5), ease(3.5 - t))
    >>> y = y + np.random.default_rng(0).normal(0, 2.0, t.size)
    >>> r = fit_rep(t, y, measure_rep(t, y, 100, 0, 249), 0, 249)
    >>> abs(r.hold_s - 1.0) < 0.15
    True
    """
    from scipy.optimize import least_squares

    seg_t = t[lo : hi + 1]
    seg_y = y[lo : hi + 1]
    ok = np.isfinite(seg_y)
    if ok.sum() < FIT_MIN_SAMPLES or not np.isfinite(first.peak):
        return first
    seg_t, seg_y = seg_t[ok], seg_y[ok]
    if seg_t[-1] - seg_t[0] < FIT_MIN_SPAN_S:
        return first
    up0 = max(first.up_s, 0.3)
    down0 = max(first.down_s, 0.3)
    after = seg_y[seg_t > first.top_end_t]
    b2 = float(np.min(after)) if after.size else first.bottom
    x0 = np.array([first.bottom, b2, first.peak, first.top_t, first.hold_s, up0, down0])
    span = float(seg_t[-1] - seg_t[0])
    # The plateau cannot outlast the stretch that stays near the top.
    max_hold = min(span, first.max_hold) if np.isfinite(first.max_hold) else span
    lo_b = [-np.inf, -np.inf, -np.inf, seg_t[0], 0.0, 0.15, 0.15]
    hi_b = [np.inf, np.inf, np.inf, seg_t[-1], max(max_hold, 1e-3), span, span]
    x0 = np.clip(x0, np.array(lo_b) + 1e-9, np.array(hi_b) - 1e-9)
    if tempo is not None and plain is not None and len(plain.fit) == len(x0):
        x = np.array(plain.fit, dtype=np.float64)  # that fit need not be done again
    else:
        try:
            res = least_squares(
                lambda p: _eased_rep(p, seg_t) - seg_y,
                x0,
                bounds=(lo_b, hi_b),
                loss="soft_l1",
                f_scale=FIT_SCALE,
            )
        except ValueError:
            return first
        if not res.success:
            return first
        x = np.asarray(res.x, dtype=np.float64)
    if tempo is not None:
        refit = _fit_with_tempo(x, seg_t, seg_y, tempo, (lo_b, hi_b))
        x = x if refit is None else refit
    b1, b2, top, a, hold, up, down = (float(v) for v in x)
    if abs(a - first.top_t) > 3.0:
        return first
    ti = int(np.clip(np.searchsorted(t, a), lo, hi))
    te = int(np.clip(np.searchsorted(t, a + hold, side="right") - 1, ti, hi))
    return RepTiming(
        start_t=a - up,
        top_t=a,
        top_end_t=a + hold,
        end_t=a + hold + down,
        top_i=ti,
        top_end_i=te,
        peak=top,
        bottom=b1,
        fit=tuple(float(v) for v in x),
    )


def _index(t: FloatArray, x: float) -> int:
    return int(np.clip(np.searchsorted(t, x), 0, len(t) - 1))


def upper_part(
    t: FloatArray, y: FloatArray, band: RepTiming, a: int, b: int, frac: float
) -> tuple[int, int]:
    """Narrow the fit window to the rise and fall above ``frac`` of the rep's range (an
    exercise's ``[coach] fit_upper_frac``; 0 keeps the window).

    A rep's bottom is not always still: a kickback bends the knee before the swing, which
    lifts the leg line several degrees, and the first rep of a set starts from a foot on the
    floor. An eased rise fitted through such a step stretches, and the plateau it leaves comes
    out short; the upper part of the rise and the fall fixes the top alone. The range is
    measured against the lowest point within ``UPPER_LOOK_S`` of the top, so a set-up phase
    further back does not count as this rep's bottom.
    """
    if frac <= 0 or not np.isfinite(band.peak):
        return a, b
    ti, te = band.top_i, band.top_end_i
    look = UPPER_LOOK_S
    before = y[max(a, _index(t, t[ti] - look)) : ti + 1]
    after = y[te : min(b, _index(t, t[te] + look)) + 1]
    with np.errstate(invalid="ignore"):
        if np.isfinite(before).any():
            level = band.peak - (1.0 - frac) * (band.peak - float(np.nanmin(before)))
            below = np.flatnonzero(y[a : ti + 1] < level)
            a = a + int(below[-1]) if below.size else a
        if np.isfinite(after).any():
            level = band.peak - (1.0 - frac) * (band.peak - float(np.nanmin(after)))
            below = np.flatnonzero(y[te : b + 1] < level)
            b = te + int(below[0]) if below.size else b
    return a, b

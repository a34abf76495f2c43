"""Measuring a counted rep on the smooth (zero-phase) signals of the whole clip.

The counting engine says where each rep is; these find what the report shows of it: the
driving signal it is timed on (:func:`measured_signal`), the window its rise-hold-lower is fitted
in (:func:`timing_window`) and what its form checks read (:func:`rep_context`).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.engine import KEY_IDX, EngineRep
from hipcoach.analysis.faults import RepContext
from hipcoach.analysis.holds import RepTiming, measure_rep, upper_part
from hipcoach.kinematics.fusion import fuse, noise_sd
from hipcoach.kinematics.points import SIDES
from hipcoach.kinematics.series import Kinematics
from hipcoach.library.models import Exercise

FloatArray = NDArray[np.float64]


def _idx(t: FloatArray, x: float) -> int:
    return int(np.clip(np.searchsorted(t, x), 0, len(t) - 1))


def _fused(kin: Kinematics, name: str, side: str, by_noise: bool = False) -> FloatArray:
    """The image angle averaged with the world one where that exists (independent errors);
    ``by_noise`` weights each by its noise over the clip (see kinematics.fusion)."""
    a = kin.signal(name, side)
    key = f"{name}_{side}"
    b = kin.world_signals.get(key)
    if b is None:
        return a
    if name == "hip_extension":
        b = a + ((b - a + 180.0) % 360.0 - 180.0)  # same side of 0/360 as the image value
    return fuse(a, b, by_noise)


def measured_signal(
    kin: Kinematics, exercise: Exercise, side: str, both: bool = False
) -> FloatArray:
    """The driving signal used to time and measure reps: fused image+world; for a bilateral
    exercise the two legs weighted by how well each is seen over the clip."""
    coach = exercise.coach
    assert coach is not None
    name = coach.driving_signal
    by_noise = coach.drive_weighting == "noise"
    if both:
        ys = {s: _fused(kin, name, s, by_noise) for s in SIDES}
        if by_noise:  # each leg by the inverse of its own noise variance over the clip
            sd = {s: noise_sd(ys[s]) for s in SIDES}
            w = {s: 1.0 / max(sd[s], 1e-3) ** 2 if np.isfinite(sd[s]) else 0.0 for s in SIDES}
        else:
            w = {s: float(np.nanmean(kin.visibility[:, KEY_IDX[s]])) ** 2 for s in SIDES}
        total = w["l"] + w["r"]
        if total > 0:
            y = (w["l"] * ys["l"] + w["r"] * ys["r"]) / total
            y = np.where(np.isfinite(y), y, ys[side])
        else:
            y = ys[side]
    else:
        y = _fused(kin, name, side, by_noise)
    return y if coach.rep_direction == "increase" else -y


def timing_window(
    kin: Kinematics,
    y: FloatArray,
    er: EngineRep,
    prev: EngineRep | None,
    nxt: EngineRep | None,
    top_start: bool,
    search_s: float,
    upper_frac: float = 0.0,
) -> tuple[RepTiming, int, int]:
    """The band estimate of a rep's timing and the window (indices) to fit it in."""
    t = kin.t
    r = er.rep
    if not top_start:
        lo_t = max(r.start_t - search_s, prev.rep.peak_t if prev else -np.inf)
        hi_t = min(r.done_t + search_s, nxt.rep.peak_t if nxt else np.inf)
        a, b = _idx(t, r.start_t), _idx(t, r.done_t)
    else:
        # The rep dipped at r.peak_t; its top is the plateau it rises back to. Its bottom is
        # that dip: searching back to the previous dip could pick that one when it is lower
        # (or, at a low frame rate, sampled lower), and start the rep a whole rep early.
        lo_t = max(r.start_t - search_s, prev.rep.peak_t if prev else -np.inf, r.peak_t - 1.0)
        hi_t = min(r.done_t + search_s, nxt.rep.peak_t if nxt else np.inf)
        # Search only just after the climb (before the next dip starts): the person may stay
        # at the top through the rest, and any point of that would do for an argmax.
        a = _idx(t, r.peak_t)
        b = _idx(t, min(r.done_t + 2.0, nxt.rep.rise_t if nxt else np.inf, t[-1]))
        hi_t = min(hi_t, nxt.rep.rise_t if nxt else np.inf, r.done_t + 4.0)
    lo, hi = _idx(t, lo_t), _idx(t, hi_t)
    seg = y[a : b + 1]
    peak_i = a + int(np.nanargmax(seg)) if np.isfinite(seg).any() else a
    if top_start and np.isfinite(seg).any():
        # The first moment near the top, not the highest wobble on the plateau.
        # The top is reached soon after the climb passes the count threshold; a set that ends
        # on a short rep may still rise further during the rest, which is not this rep's top.
        soon = seg[: max(1, _idx(t, r.done_t + 1.5) - a + 1)]
        ref = np.nanmax(soon) if np.isfinite(soon).any() else np.nanmax(seg)
        near = np.flatnonzero(seg >= ref - 2.0)
        peak_i = a + int(near[0])
    lo, hi = min(lo, peak_i), max(hi, peak_i)
    band = measure_rep(t, y, peak_i, lo, hi)
    a = max(lo, _idx(t, band.start_t - 0.5))
    b = min(hi, _idx(t, band.end_t + 0.5))
    a, b = upper_part(t, y, band, a, b, upper_frac)
    return band, a, b


def rep_context(
    kin: Kinematics,
    timing: RepTiming,
    side: str,
    set_index: int,
    rep_index: int,
    typical_rom: float,
    typical_peak: float = float("nan"),
) -> RepContext:
    t = kin.t
    a = _idx(t, timing.start_t)
    b = max(_idx(t, timing.end_t), a + 1)
    sl = slice(a, b + 1)
    signals = {k: v[sl] for k, v in kin.signals.items()}
    # The world landmarks' angles too, under their own names: a rule may average them with the
    # image ones, as the live engine's signals already are (see analysis.step_rules).
    signals.update({f"world_{k}": v[sl] for k, v in kin.world_signals.items()})
    top = int(np.clip(timing.top_i - a, 0, b - a))
    top_end = int(np.clip(timing.top_end_i - a, top, b - a))
    return RepContext(
        t=t[sl],
        signals=signals,
        top=top,
        top_end=top_end,
        side=side,
        hold_s=timing.hold_s,
        set_index=set_index,
        rep_index=rep_index,
        rom=timing.peak - timing.bottom,
        typical_rom=typical_rom,
        peak=timing.peak,
        typical_peak=typical_peak,
    )


__all__ = ["measured_signal", "rep_context", "timing_window"]

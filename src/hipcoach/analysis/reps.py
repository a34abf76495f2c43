"""Counting repetitions: a causal peak/valley hysteresis counter on the driving signal.

The counter is causal on purpose: the offline pipeline and the live coach run the very same
:class:`RepCounter` over the same kind of signal, so their counts agree. Offline analysis then
measures each counted rep precisely on the zero-phase signal (:mod:`hipcoach.analysis.holds`).

Thresholds are relative to the person's own range: a rep starts when the signal rises above
the lowest point since the last rep by ``enter_frac`` of the typical range of motion (the
median of the reps counted so far; before the first rep, the range seen so far), and it is
counted when the signal falls back from its peak by ``exit_frac`` of that range. Frames outside
the gate (out of position, not visible, out of frame) never count; a long gated stretch
abandons a rep in progress, so getting into position or leaving the frame adds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class CounterSettings:
    """Hysteresis and timing limits (degrees and seconds)."""

    min_rom_deg: float = 12.0
    enter_frac: float = 0.35
    exit_frac: float = 0.35
    # Unilateral: a rep must reach this share of the usual range (the other leg's jitter
    # must not count), and the very first one this many times ``min_rom_deg``.
    accept_frac: float = 0.45
    first_rep_factor: float = 2.0
    reconsider_s: float = 6.0  # how far back a rep turned down as too small for a first rep is
    # judged again once the first rep has set the usual range
    min_rep_s: float = 0.7  # from passing the enter threshold to passing the exit one
    max_rep_s: float = 12.0
    max_gap_s: float = 0.6  # a gated stretch longer than this abandons the rep in progress
    history: int = 5  # reps used for the typical range
    # Which percentile of those reps' ranges is "typical" (for the thresholds) and "usual" (for
    # a unilateral rep's acceptance). Lower values keep a few exaggerated reps (a kickback
    # faked by a trunk lean swings the leg twice as far) from raising the bar for normal ones.
    typical_pct: float = 50.0
    # The lowest top a rep may have, in the signal's own units oriented so a rep rises (a
    # kickback's leg must get this far behind the vertical; the idle leg's jitter does not).
    min_top: float = float("-inf")
    usual_pct: float = 25.0

    def with_overrides(self, overrides: Mapping[str, float]) -> CounterSettings:
        """A copy with some limits replaced (an exercise's ``[coach] counter`` table).

        >>> CounterSettings().with_overrides({"history": 3.0}).history
        3
        """
        known = {f.name: f for f in fields(self)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ValueError(f"unknown counter settings: {', '.join(unknown)}")
        # TOML gives every number as a float or an int; keep each field's own type.
        cast = {
            k: int(v) if known[k].type in (int, "int") else float(v) for k, v in overrides.items()
        }
        return replace(self, **cast)  # type: ignore[arg-type]


@dataclass(frozen=True)
class CountedRep:
    """A rep as the counter saw it, times in seconds, values in the counter's signal."""

    start_t: float  # the valley before the rise
    peak_t: float
    done_t: float  # when it fell back past the exit threshold (when it was counted)
    valley: float
    peak: float
    rise_t: float = float("nan")  # when it rose past the enter threshold

    @property
    def rom(self) -> float:
        return self.peak - self.valley


@dataclass
class RepCounter:
    """Causal hysteresis rep counter; feed one frame at a time.

    >>> c = RepCounter()
    >>> x = 150 + 30 * (1 - np.cos(np.linspace(0, 6 * np.pi, 180))) / 2
    >>> reps = [r for i, v in enumerate(x) if (r := c.update(i / 30, v, True))]
    >>> len(reps)
    3
    """

    settings: CounterSettings = field(default_factory=CounterSettings)
    direction: int = 1  # +1: a rep raises the signal; -1: it lowers it
    state_: str = "down"
    valley_: float = float("inf")
    valley_t_: float = float("nan")
    peak_: float = float("-inf")
    peak_t_: float = float("nan")
    rise_t_: float = float("nan")
    lo_: float = float("inf")
    hi_: float = float("-inf")
    roms_: list[float] = field(default_factory=list)
    last_active_t_: float = float("nan")
    count_: int = 0
    learn: bool = True  # False when the owner decides which reps count and records their range

    def reset(self) -> None:
        """Forget the rep in progress (not the learned range)."""
        self.state_ = "down"
        self.valley_, self.valley_t_ = float("inf"), float("nan")
        self.peak_, self.peak_t_ = float("-inf"), float("nan")

    def typical_rom(self) -> float:
        if self.roms_:
            return float(
                np.percentile(self.roms_[-self.settings.history :], self.settings.typical_pct)
            )
        return self.hi_ - self.lo_ if np.isfinite(self.hi_ - self.lo_) else 0.0

    def _delta(self, frac: float) -> float:
        return max(self.settings.min_rom_deg, frac * self.typical_rom())

    def update(self, t: float, value: float, active: bool) -> CountedRep | None:
        """Feed one frame; returns the rep when this frame completes one."""
        s = self.settings
        if not active or not np.isfinite(value):
            if np.isfinite(self.last_active_t_) and t - self.last_active_t_ > s.max_gap_s:
                self.reset()
                self.last_active_t_ = float("nan")
            return None
        if not np.isfinite(self.last_active_t_) and self.state_ == "up":
            self.reset()
        self.last_active_t_ = t
        x = self.direction * value
        self.lo_, self.hi_ = min(self.lo_, x), max(self.hi_, x)
        if self.state_ == "down":
            if x < self.valley_:
                self.valley_, self.valley_t_ = x, t
            if x > self.valley_ + self._delta(s.enter_frac):
                self.state_ = "up"
                self.peak_, self.peak_t_ = x, t
                self.rise_t_ = t
            return None
        if x > self.peak_:
            self.peak_, self.peak_t_ = x, t
        if x < self.peak_ - self._delta(s.exit_frac):
            rep = CountedRep(
                self.valley_t_,
                self.peak_t_,
                t,
                self.direction * self.valley_,
                self.direction * self.peak_,
                self.rise_t_,
            )
            # Timed from the rise, not the valley: a long rest at the bottom is not a slow rep.
            ok = s.min_rep_s <= t - self.rise_t_ <= s.max_rep_s and self.peak_ >= s.min_top
            self.state_ = "down"
            self.valley_, self.valley_t_ = x, t
            self.peak_, self.peak_t_ = float("-inf"), float("nan")
            if ok and abs(rep.rom) >= s.min_rom_deg:
                if self.learn:
                    self.roms_.append(abs(rep.rom))
                self.count_ += 1
                return rep
        return None


def count_reps(
    t: FloatArray,
    x: FloatArray,
    active: BoolArray,
    settings: CounterSettings | None = None,
    direction: int = 1,
) -> list[CountedRep]:
    """Run a fresh :class:`RepCounter` over a whole series.

    >>> t = np.arange(300) / 30.0
    >>> x = 120 + 60 * (1 - np.cos(2 * np.pi * t / 2.5)) / 2
    >>> len(count_reps(t, x, np.ones(300, bool)))
    4
    """
    counter = RepCounter(settings or CounterSettings(), direction)
    out = []
    for ti, xi, ai in zip(t.tolist(), x.tolist(), np.asarray(active).tolist(), strict=True):
        rep = counter.update(ti, xi, bool(ai))
        if rep is not None:
            out.append(rep)
    return out

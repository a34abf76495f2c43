"""The engine's live-counting state machine: one rep counter per driving side, and the rules
that accept a counted rep as that leg's.

Each frame's driving values go through a causal low-pass, into a short history (with the ankle
heights the planted-foot check reads) and on to the counters. A unilateral rep must then reach
the usual range, move more than the other leg meanwhile, keep a planted foot still where the
exercise has one, and not overlap the other leg's rep; a set that opens with a short rep gets
that rep back once the first full one has set the usual range (:meth:`SideCounters._reconsider`).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from hipcoach.analysis.drive import Biquad
from hipcoach.analysis.planted import PlantedFoot
from hipcoach.analysis.reps import CountedRep, CounterSettings, RepCounter
from hipcoach.library.models import CoachSpec


@dataclass(frozen=True)
class EngineRep:
    """A rep counted by the engine, with the side it was counted on ("l", "r" or "both")."""

    side: str
    rep: CountedRep


class SideCounters:
    """Rep counters for ``sides`` ("both", or "l" and "r"), fed one frame at a time by
    :meth:`count`; ``accepted_`` and ``rejected_`` keep every decision, for diagnostics."""

    def __init__(
        self,
        coach: CoachSpec,
        settings: CounterSettings,
        direction: int,
        sides: tuple[str, ...],
        drive_cutoff_hz: float,
    ) -> None:
        self.coach = coach
        self.counter_settings = settings
        self.sides = sides
        self.drive_cutoff_hz = drive_cutoff_hz
        # Both legs share one memory of the usual range: the legs do the same exercise.
        self.roms_: list[float] = []
        self.counters_ = {
            s: RepCounter(settings, direction, roms_=self.roms_, learn=False) for s in sides
        }
        self.fs_: float | None = None
        self.smoothed_: dict[str, float] = {}  # the last driving values the counters saw
        self.lowpass_: dict[str, Biquad] = {}
        # t, drive_l, drive_r, ankle height l, r (pixels), trunk length (pixels)
        self.history_: deque[tuple[float, ...]] = deque()
        self.accepted_: list[EngineRep] = []
        self.rejected_: list[tuple[str, CountedRep, str]] = []  # for diagnostics

    def _accept(self, side: str, rep: CountedRep) -> str:
        """Why a unilateral rep is not this leg's ("" when it is): it must reach the usual range,
        move more than the other leg meanwhile and, where the foot stays planted, keep it still."""
        if side == "both":
            return ""
        cs = self.counter_settings
        if self.roms_:
            # A low quantile: a few exaggerated reps (a trunk lean) must not raise the bar
            # for the next short one.
            usual = float(np.percentile(self.roms_[-cs.history :], cs.usual_pct))
            if abs(rep.rom) < cs.accept_frac * usual:
                return "short of the usual range"
        elif abs(rep.rom) < cs.first_rep_factor * cs.min_rom_deg:
            return "first rep too small"
        other = 2 if side == "l" else 1
        # The other leg during this rep's movement (not back to the valley, which may sit
        # before the other leg's own rep when the sides alternate).
        vals = [h[other] for h in self.history_ if rep.rise_t <= h[0] <= rep.done_t]
        vals = [v for v in vals if np.isfinite(v)]
        other_range = (max(vals) - min(vals)) if vals else 0.0
        if abs(rep.rom) < other_range:
            return "the other leg moved more"
        if self.coach.working_foot_planted and (
            why := PlantedFoot().reason(self.history_, side, rep)
        ):
            return why  # the other leg's rep, or stepping off the box (see analysis.planted)
        for prev in self.accepted_[-3:]:
            if prev.side != side:
                overlap = min(prev.rep.done_t, rep.done_t) - max(prev.rep.rise_t, rep.rise_t)
                if overlap > 0.5 * (rep.done_t - rep.rise_t):
                    return "overlaps the other leg's rep"
        return ""

    def _smooth(self, t: float, drive: dict[str, float]) -> dict[str, float]:
        if not self.lowpass_:
            # The filter is designed for the clip's frame rate, taken from the first two frames.
            if self.fs_ is None:
                self.fs_ = -t
                return {k: float("nan") for k in drive}
            dt = t + self.fs_
            fs = 1.0 / dt if dt > 0 else 30.0
            self.lowpass_ = {k: Biquad(self.drive_cutoff_hz, fs) for k in ("l", "r", "both")}
        return {k: self.lowpass_[k](v) if k in self.lowpass_ else v for k, v in drive.items()}

    def count(
        self, t: float, drive: dict[str, float], active: bool, ankles: tuple[float, ...]
    ) -> list[EngineRep]:
        """Feed one frame's driving values; returns the reps accepted on it, a reconsidered
        short first rep ahead of the rep that let it in."""
        drive = self._smooth(t, drive)
        self.smoothed_ = drive
        self.history_.append((t, drive["l"], drive["r"], *ankles))
        while t - self.history_[0][0] > 60.0:
            self.history_.popleft()
        out = []
        for side in self.sides:
            rep = self.counters_[side].update(t, drive[side], active)
            why = self._accept(side, rep) if rep is not None else "none"
            if rep is not None and why:
                self.rejected_.append((side, rep, why))
            if rep is not None and not why:
                er = EngineRep(side, rep)
                first = not self.roms_
                self.accepted_.append(er)
                self.roms_.append(abs(rep.rom))
                if first:
                    out.extend(self._reconsider(rep))
                out.append(er)
        return out

    def _reconsider(self, first: CountedRep) -> list[EngineRep]:
        """Reps just before the first accepted one that were turned down only for being small.

        Before any rep there is no usual range, so a set that opens with a short rep loses it
        to the first-rep guard; once the first full rep sets the range, the short one is judged
        again like any later rep (a late count, a few seconds after it happened)."""
        cs = self.counter_settings
        out = []
        for side, rep, why in self.rejected_:
            if why != "first rep too small" or rep.done_t > first.rise_t:
                continue
            if first.rise_t - rep.done_t > cs.reconsider_s:
                continue
            if not self._accept(side, rep):
                er = EngineRep(side, rep)
                self.accepted_.insert(len(self.accepted_) - 1, er)
                out.append(er)
        return out

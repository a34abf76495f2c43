"""What one analysed session is, as plain frozen data, and its versioned JSON form.

``SessionAnalysis.to_dict()`` is the shape scripts rely on; bump :data:`SCHEMA_VERSION` when a
field changes meaning or disappears (adding fields does not need a bump).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

SCHEMA_VERSION = 1
SIDE_WORDS = {"l": "left", "r": "right", "both": "both"}


def _r(x: float | None, nd: int = 2) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), nd)


@dataclass(frozen=True)
class FaultEvent:
    """One form fault seen in one rep (or set)."""

    fault_id: str
    rule: str
    t_s: float
    set_index: int
    rep_index: int  # within the set, from 0; -1 for a set-level fault
    side: str
    value: float  # what was measured
    limit: float  # the threshold it crossed
    cue: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.fault_id,
            "rule": self.rule,
            "t_s": _r(self.t_s),
            "set": self.set_index,
            "rep": self.rep_index,
            "side": SIDE_WORDS.get(self.side, self.side),
            "value": _r(self.value, 1),
            "limit": _r(self.limit, 1),
            "cue": self.cue,
        }


@dataclass(frozen=True)
class Rep:
    """One counted repetition, measured on the driving signal."""

    set_index: int
    index: int  # within the set, from 0
    side: str  # "l", "r" or "both"
    start_s: float
    top_s: float  # first moment at the top plateau
    end_s: float
    peak_deg: float
    bottom_deg: float
    hold_s: float  # NaN when it cannot be measured (a set that ends holding the top)
    up_s: float
    down_s: float
    hip_peak_deg: float  # signed hip extension of the measured side at the top
    faults: tuple[FaultEvent, ...] = ()

    @property
    def rom_deg(self) -> float:
        return self.peak_deg - self.bottom_deg

    @property
    def good(self) -> bool:
        return not self.faults

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "side": SIDE_WORDS.get(self.side, self.side),
            "start_s": _r(self.start_s),
            "top_s": _r(self.top_s),
            "end_s": _r(self.end_s),
            "peak_deg": _r(self.peak_deg, 1),
            "rom_deg": _r(self.rom_deg, 1),
            "hip_peak_deg": _r(self.hip_peak_deg, 1),
            "hold_s": _r(self.hold_s),
            "tempo": {"up_s": _r(self.up_s), "down_s": _r(self.down_s)},
            "good": self.good,
            "faults": [f.to_dict() for f in self.faults],
        }


@dataclass(frozen=True)
class SetResult:
    """Reps done without a long rest, on one side."""

    index: int
    side: str
    reps: tuple[Rep, ...]
    rest_before_s: float | None  # None for the first set
    # "right" or "left": where the person's front pointed during this set (a person may turn
    # round between sets, to work the other side); None where not known.
    facing: str | None = None
    # "l" or "r": the side nearer the camera during this set (it changes with a turn).
    near_side: str | None = None

    @property
    def start_s(self) -> float:
        return self.reps[0].start_s if self.reps else float("nan")

    @property
    def end_s(self) -> float:
        return self.reps[-1].end_s if self.reps else float("nan")

    @property
    def good_reps(self) -> int:
        return sum(r.good for r in self.reps)

    @property
    def mean_rom_deg(self) -> float:
        return float(np.mean([r.rom_deg for r in self.reps])) if self.reps else float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "side": SIDE_WORDS.get(self.side, self.side),
            "rep_count": len(self.reps),
            "good_reps": self.good_reps,
            "mean_rom_deg": _r(self.mean_rom_deg, 1),
            "rest_before_s": _r(self.rest_before_s, 1),
            "facing": self.facing,
            "near_side": None if self.near_side is None else SIDE_WORDS[self.near_side],
            "start_s": _r(self.start_s),
            "end_s": _r(self.end_s),
            "reps": [r.to_dict() for r in self.reps],
        }


@dataclass(frozen=True)
class ViewCheck:
    """Which way the camera sees the person, and whether that suits the exercise."""

    view: str  # "side", "front", "oblique" or "unknown"
    width_ratio: float  # shoulder+hip width over trunk length, as seen in the image
    suitable: bool


@dataclass(frozen=True, eq=False)
class Signals:
    """Per-frame series for plots: time, hip extension per side, the driving signal."""

    t: FloatArray
    hip_l: FloatArray
    hip_r: FloatArray
    driving: FloatArray
    driving_name: str
    active: NDArray[np.bool_]  # frames where counting was allowed (in position, visible)


@dataclass(frozen=True, eq=False)
class SessionAnalysis:
    """Everything the coach found in one clip.

    >>> s = SessionAnalysis.empty("glute-bridge")
    >>> s.to_dict()["rep_count"], s.to_dict()["schema_version"]
    (0, 1)
    """

    exercise: str
    exercise_confidence: float
    recognized: bool  # True when the exercise was recognised, False when it was given
    view: ViewCheck
    facing: str  # "right" or "left": where the person's front points in the image (at the start)
    near_side: str
    measured_sides: tuple[str, ...]
    sets: tuple[SetResult, ...]
    signals: Signals
    warnings: tuple[str, ...] = ()
    candidates: dict[str, float] = field(default_factory=dict)
    duration_s: float = 0.0
    fps: float = 0.0

    @property
    def reps(self) -> list[Rep]:
        return [r for s in self.sets for r in s.reps]

    @property
    def rep_count(self) -> int:
        return sum(len(s.reps) for s in self.sets)

    @property
    def faults(self) -> list[FaultEvent]:
        return [f for r in self.reps for f in r.faults]

    def summary(self) -> dict[str, Any]:
        reps = self.reps
        per_side: dict[str, int] = {}
        for r in reps:
            key = SIDE_WORDS.get(r.side, r.side)
            per_side[key] = per_side.get(key, 0) + 1
        fault_counts: dict[str, int] = {}
        for f in self.faults:
            fault_counts[f.fault_id] = fault_counts.get(f.fault_id, 0) + 1
        holds = [r.hold_s for r in reps]
        return {
            "sets": len(self.sets),
            "reps": len(reps),
            "good_reps": sum(r.good for r in reps),
            "reps_per_side": per_side,
            "mean_rom_deg": _r(float(np.mean([r.rom_deg for r in reps])), 1) if reps else None,
            "mean_peak_deg": _r(float(np.mean([r.peak_deg for r in reps])), 1) if reps else None,
            "mean_hold_s": _r(float(np.nanmean(holds))) if np.isfinite(holds).any() else None,
            "faults": fault_counts,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "exercise": {
                "id": self.exercise,
                "confidence": _r(self.exercise_confidence, 3),
                "recognized": self.recognized,
                "candidates": {k: _r(v, 3) for k, v in self.candidates.items()},
            },
            "view": {
                "view": self.view.view,
                "suitable": self.view.suitable,
                "width_ratio": _r(self.view.width_ratio, 3),
            },
            "facing": self.facing,
            "near_side": SIDE_WORDS.get(self.near_side, self.near_side),
            "measured_sides": [SIDE_WORDS.get(s, s) for s in self.measured_sides],
            "duration_s": _r(self.duration_s),
            "fps": _r(self.fps),
            "rep_count": self.rep_count,
            "sets": [s.to_dict() for s in self.sets],
            "summary": self.summary(),
            "warnings": list(self.warnings),
        }

    @classmethod
    def empty(cls, exercise: str, warnings: tuple[str, ...] = ()) -> SessionAnalysis:
        z = np.zeros(0)
        return cls(
            exercise=exercise,
            exercise_confidence=0.0,
            recognized=False,
            view=ViewCheck("unknown", float("nan"), False),
            facing="right",
            near_side="l",
            measured_sides=(),
            sets=(),
            signals=Signals(z, z, z, z, "", np.zeros(0, dtype=bool)),
            warnings=warnings,
        )

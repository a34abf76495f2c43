"""The data of progression decisions: thresholds, prescriptions, decisions, and the context
the rules read (see :mod:`hipcoach.training.progression`).

>>> Prescription("hip-thrust", 3, 8, 12, 10, 40.0, 0.0, False).describe()
'3 x 10 (range 8-12) @ 40 kg'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from hipcoach.library.models import Equipment, Exercise, Laterality
from hipcoach.library.registry import Library
from hipcoach.store import SetEntry

Action = Literal[
    "start", "add_reps", "add_load", "next_exercise", "hold", "reduce_load", "easier_exercise"
]
LOAD_ITEMS = (Equipment.DUMBBELL, Equipment.BARBELL, Equipment.MINI_BAND, Equipment.RESISTANCE_BAND)


@dataclass(frozen=True)
class ProgressionSettings:
    """Thresholds of the rules (defaults from training-science.md: 2-10 % load steps)."""

    pain_hold: int = 3
    pain_regress: int = 5
    form_window: int = 2
    good_form_score: float = 0.8
    load_step: float = 0.05
    big_load_step: float = 0.10
    reduce_step: float = 0.10
    load_increment_kg: float = 0.5


@dataclass(frozen=True)
class Prescription:
    """What to do next session for one exercise."""

    exercise_id: str
    sets: int
    reps_min: int
    reps_max: int
    reps_goal: int  # the number to aim for on every set
    load_kg: float | None
    hold_s: float
    per_side: bool

    def describe(self) -> str:
        """E.g. ``3 x 10 (range 8-12) @ 42 kg, 2 s hold, per side``."""
        text = f"{self.sets} x {self.reps_goal} (range {self.reps_min}-{self.reps_max})"
        if self.load_kg:
            text += f" @ {self.load_kg:g} kg"
        if self.hold_s:
            text += f", {self.hold_s:g} s hold"
        if self.per_side:
            text += ", per side"
        return text


@dataclass(frozen=True)
class Decision:
    """The next prescription and the rule that produced it, in plain words."""

    exercise_id: str
    action: Action
    rule: str
    reason: str
    next: Prescription
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise_id": self.exercise_id,
            "action": self.action,
            "rule": self.rule,
            "reason": self.reason,
            "next": asdict(self.next) | {"text": self.next.describe()},
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Context:
    """What the rules look at: the exercise, its recent sessions (oldest first), settings."""

    exercise: Exercise
    history: tuple[tuple[SetEntry, ...], ...]  # per session, sets of this exercise
    days: tuple[str, ...]
    settings: ProgressionSettings
    library: Library

    @property
    def last(self) -> tuple[SetEntry, ...]:
        return self.history[-1]

    @property
    def reps_range(self) -> tuple[int, int]:
        for e in self.last:
            if e.target_reps_min is not None and e.target_reps_max is not None:
                return e.target_reps_min, e.target_reps_max
        s = self.exercise.scheme
        return int(s.reps.min), int(s.reps.max)

    @property
    def load(self) -> float | None:
        loads = [e.load_kg for e in self.last if e.load_kg]
        return max(loads) if loads else None

    def current(self) -> Prescription:
        """The prescription of the last session, as it was done."""
        lo, hi = self.reps_range
        sides = {e.side for e in self.last}
        sets = max(sum(1 for e in self.last if e.side == s) for s in sides)
        reps = [e.reps for e in self.last if e.reps is not None]
        goal = min(max(min(reps), lo), hi) if reps else lo
        return Prescription(
            exercise_id=self.exercise.id,
            sets=sets,
            reps_min=lo,
            reps_max=hi,
            reps_goal=goal,
            load_kg=self.load,
            hold_s=float(self.exercise.scheme.hold_s),
            per_side=self.exercise.laterality is not Laterality.BILATERAL,
        )

    def max_pain(self, entries: Sequence[SetEntry] | None = None) -> int | None:
        pains = [e.pain for e in (self.last if entries is None else entries) if e.pain is not None]
        return max(pains) if pains else None

    def form_of(self, entries: Sequence[SetEntry]) -> str | None:
        """poor / good / None (unknown) for one session, from ratings and coach scores."""
        verdicts = []
        for e in entries:
            if e.form is not None:
                verdicts.append(e.form)
            elif e.form_score is not None:
                verdicts.append("good" if e.form_score >= self.settings.good_form_score else "poor")
        if not verdicts:
            return None
        return "poor" if "poor" in verdicts else "good"

    def faults(self) -> list[str]:
        return list(dict.fromkeys(f for e in self.last for f in e.faults))


def start_prescription(exercise: Exercise) -> Prescription:
    s = exercise.scheme
    return Prescription(
        exercise_id=exercise.id,
        sets=int(s.sets.max),
        reps_min=int(s.reps.min),
        reps_max=int(s.reps.max),
        reps_goal=int(s.reps.min),
        load_kg=None,
        hold_s=float(s.hold_s),
        per_side=exercise.laterality is not Laterality.BILATERAL,
    )

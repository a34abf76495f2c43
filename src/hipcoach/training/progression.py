"""Form-gated double progression: what to do next time, and the rule that said so.

Rules are objects checked in order; the first that fires decides. Safety comes first (pain,
poor form), then the form gate (advance only after good form), then the progression rules:

=================  ===========================================================================
rule id            fires when
=================  ===========================================================================
start              nothing logged yet: begin at the bottom of the library's rep range
pain-regress       pain >= ``pain_regress`` (default 5/10): easier exercise or less load
poor-form          a set rated or measured as poor: less load, else an easier exercise
pain-hold          pain >= ``pain_hold`` (default 3/10): repeat the same prescription
form-gate          form not confirmed good in the last sessions: repeat until it is
timed-hold         held positions: add 5 s once every hold reached the target time
below-range        most sets fell short of the bottom of the range: less load / repeat
two-for-two        last set beat the top of the range by 2+ in 2 sessions in a row: +10 %
double-progression every set reached the top of the range: +5 % load or the next exercise
add-reps           otherwise: one more rep per set, inside the range
=================  ===========================================================================

>>> from datetime import date
>>> from hipcoach.store import LoggedSession, SetEntry
>>> done = LoggedSession(day=date(2026, 3, 2), entries=tuple(
...     SetEntry(exercise_id="hip-thrust", set_index=i, reps=12, target_reps_min=8,
...              target_reps_max=12, load_kg=40, form="good") for i in (1, 2, 3)))
>>> d = Progression().decide("hip-thrust", [done])
>>> d.rule, d.next.load_kg
('double-progression', 42.0)
"""

from __future__ import annotations

from collections.abc import Sequence

from hipcoach.library import load_library
from hipcoach.library.registry import Library
from hipcoach.store import LoggedSession
from hipcoach.training.progression_model import (
    Context,
    Decision,
    Prescription,
    ProgressionSettings,
    start_prescription,
)
from hipcoach.training.progression_rules import DEFAULT_RULES, Rule

__all__ = [
    "DEFAULT_RULES",
    "Decision",
    "Prescription",
    "Progression",
    "ProgressionSettings",
    "Rule",
]


class Progression:
    """Decides the next prescription from logged sessions.

    Configuration in ``__init__`` (library, thresholds, rule order); data in :meth:`decide`.
    """

    def __init__(
        self,
        library: Library | None = None,
        settings: ProgressionSettings | None = None,
        rules: Sequence[Rule] = DEFAULT_RULES,
    ) -> None:
        self.library = library or load_library()
        self.settings = settings or ProgressionSettings()
        self.rules = tuple(rules)

    def decide(self, exercise_id: str, sessions: Sequence[LoggedSession]) -> Decision:
        """The decision for ``exercise_id`` given sessions (any order; others' sets ignored)."""
        exercise = self.library.get(exercise_id)
        ordered = sorted(sessions, key=lambda s: (s.day, s.id or 0))
        history = [(s.day.isoformat(), tuple(s.entries_for(exercise_id))) for s in ordered]
        history = [(d, e) for d, e in history if e]
        if not history:
            return Decision(
                exercise_id=exercise_id,
                action="start",
                rule="start",
                reason=f"Nothing logged for {exercise.name} yet: start at the bottom of the "
                "rep range with a load you can move with good form.",
                next=start_prescription(exercise),
            )
        ctx = Context(
            exercise=exercise,
            history=tuple(e for _, e in history),
            days=tuple(d for d, _ in history),
            settings=self.settings,
            library=self.library,
        )
        for rule in self.rules:
            decision = rule.check(ctx)
            if decision is not None:
                return decision
        raise AssertionError("the last rule always decides")  # pragma: no cover

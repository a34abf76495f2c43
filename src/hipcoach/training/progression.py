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
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal, Protocol

from hipcoach.library import load_library
from hipcoach.library.models import Equipment, Exercise, Laterality
from hipcoach.library.registry import Library
from hipcoach.store import LoggedSession, SetEntry

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


def _round_load(kg: float, step: float) -> float:
    return round(round(kg / step) * step, 2)


def _more_load(ctx: Context, fraction: float) -> tuple[float, str]:
    load = ctx.load or 0.0
    inc = ctx.settings.load_increment_kg
    new = max(_round_load(load * (1 + fraction), inc), load + inc)
    pct = (new - load) / load * 100 if load else 0
    note = "" if pct <= 10.5 else f" (the smallest step, {inc:g} kg, is {pct:.0f} % here)"
    return new, note


def _less_load(ctx: Context) -> float | None:
    load = ctx.load or 0.0
    new = _round_load(load * (1 - ctx.settings.reduce_step), ctx.settings.load_increment_kg)
    return new if new > 0 else None


def _switch(ctx: Context, target_id: str) -> Prescription:
    return start_prescription(ctx.library.get(target_id))


class Rule(Protocol):
    """A progression rule: a decision when it applies to the context, else None."""

    @property
    def id(self) -> str: ...

    def check(self, ctx: Context) -> Decision | None: ...


def _decision(ctx: Context, action: Action, rule: str, reason: str, nxt: Prescription) -> Decision:
    return Decision(
        exercise_id=ctx.exercise.id,
        action=action,
        rule=rule,
        reason=reason,
        next=nxt,
        evidence={"sessions": list(ctx.days[-ctx.settings.form_window :])},
    )


def _regress(ctx: Context, rule: str, why: str, prefer_load: bool) -> Decision:
    """Step back: less load or an easier exercise, whichever the situation allows."""
    cur = ctx.current()
    easier = ctx.exercise.regressions[0] if ctx.exercise.regressions else None
    lighter = _less_load(ctx) if ctx.load else None
    if ctx.load and (prefer_load or easier is None):
        load_text = f"{lighter:g} kg" if lighter else "bodyweight"
        return _decision(
            ctx,
            "reduce_load",
            rule,
            f"{why}: drop the load from {ctx.load:g} to {load_text} and rebuild from the bottom "
            "of the range.",
            replace(cur, load_kg=lighter, reps_goal=cur.reps_min),
        )
    if easier is not None:
        name = ctx.library.get(easier).name
        return _decision(
            ctx,
            "easier_exercise",
            rule,
            f"{why}: switch to the easier {name} ({easier}) until it feels solid.",
            _switch(ctx, easier),
        )
    return _decision(
        ctx,
        "hold",
        rule,
        f"{why}: no easier exercise or load to take off; repeat at the bottom of the range "
        "with slow, controlled reps.",
        replace(cur, reps_goal=cur.reps_min),
    )


@dataclass(frozen=True)
class PainRegress:
    id: str = "pain-regress"

    def check(self, ctx: Context) -> Decision | None:
        pain = ctx.max_pain()
        if pain is None or pain < ctx.settings.pain_regress:
            return None
        why = (
            f"Pain of {pain}/10 last session (at or above {ctx.settings.pain_regress}) means "
            "stepping back; if it persists, stop and get it checked"
        )
        return _regress(ctx, self.id, why, prefer_load=False)


@dataclass(frozen=True)
class PoorForm:
    id: str = "poor-form"

    def check(self, ctx: Context) -> Decision | None:
        if ctx.form_of(ctx.last) != "poor":
            return None
        faults = ctx.faults()
        seen = f" (faults seen: {', '.join(faults)})" if faults else ""
        why = f"Form was poor last session{seen}; form comes before load"
        return _regress(ctx, self.id, why, prefer_load=True)


@dataclass(frozen=True)
class PainHold:
    id: str = "pain-hold"

    def check(self, ctx: Context) -> Decision | None:
        pain = ctx.max_pain()
        if pain is None or pain < ctx.settings.pain_hold:
            return None
        return _decision(
            ctx,
            "hold",
            self.id,
            f"Pain of {pain}/10 last session (moderate: {ctx.settings.pain_hold}-"
            f"{ctx.settings.pain_regress - 1}): repeat the same prescription and do not add "
            "reps or load until it settles.",
            ctx.current(),
        )


@dataclass(frozen=True)
class FormGate:
    id: str = "form-gate"

    def check(self, ctx: Context) -> Decision | None:
        window = ctx.history[-ctx.settings.form_window :]
        verdicts = [ctx.form_of(s) for s in window]
        if all(v == "good" for v in verdicts):
            return None
        n = len(window)
        return _decision(
            ctx,
            "hold",
            self.id,
            f"Form was not confirmed as good in the last {n} session{'s' * (n > 1)}: repeat this "
            "prescription and rate your form (hipcoach log add ... --form good) or film a set "
            "for the coach before progressing.",
            ctx.current(),
        )


@dataclass(frozen=True)
class BelowRange:
    id: str = "below-range"

    def check(self, ctx: Context) -> Decision | None:
        lo, _ = ctx.reps_range
        reps = [e.reps for e in ctx.last if e.reps is not None]
        short = [r for r in reps if r < lo]
        if not reps or len(short) * 2 <= len(reps):
            return None
        why = f"Most sets fell short of {lo} reps ({len(short)} of {len(reps)})"
        if ctx.load:
            return _regress(ctx, self.id, why, prefer_load=True)
        return _decision(
            ctx,
            "hold",
            self.id,
            f"{why}: repeat and aim for {lo} reps on every set.",
            replace(ctx.current(), reps_goal=lo),
        )


@dataclass(frozen=True)
class TimedHold:
    """Held positions (a plank, a stretch) progress by time, not reps."""

    id: str = "timed-hold"
    step_s: float = 5.0

    def check(self, ctx: Context) -> Decision | None:
        scheme = ctx.exercise.scheme
        if scheme.reps.max > 1 or not scheme.hold_s:
            return None
        cur = ctx.current()
        held = [e.hold_s for e in ctx.last if e.hold_s is not None]
        done = min(held) if held else 0.0
        target = max(e.target_hold_s or scheme.hold_s for e in ctx.last)
        if held and done >= target:
            new = target + self.step_s
            return _decision(
                ctx,
                "add_reps",
                self.id,
                f"Every hold lasted {target:g} s or more with good form: hold {new:g} s next time.",
                replace(cur, hold_s=new, reps_goal=1),
            )
        return _decision(
            ctx,
            "hold",
            self.id,
            f"Shortest hold was {done:g} s: keep working towards {target:g} s on every set.",
            replace(cur, hold_s=target, reps_goal=1),
        )


def _last_set_margin(entries: Sequence[SetEntry], top: int) -> int | None:
    """Reps above ``top`` on the last set (the worse side for per-side work)."""
    last: dict[str, SetEntry] = {}
    for e in entries:
        if e.reps is not None and (e.side not in last or e.set_index >= last[e.side].set_index):
            last[e.side] = e
    if not last:
        return None
    return min(e.reps or 0 for e in last.values()) - top


def _add_load_or_advance(ctx: Context, rule: str, why: str, fraction: float) -> Decision:
    cur = ctx.current()
    if ctx.load:
        new, note = _more_load(ctx, fraction)
        return _decision(
            ctx,
            "add_load",
            rule,
            f"{why}: add load, {ctx.load:g} -> {new:g} kg{note}, and restart at "
            f"{cur.reps_min} reps.",
            replace(cur, load_kg=new, reps_goal=cur.reps_min),
        )
    harder = ctx.exercise.progressions[0] if ctx.exercise.progressions else None
    if harder is not None:
        name = ctx.library.get(harder).name
        return _decision(
            ctx,
            "next_exercise",
            rule,
            f"{why} without added load: move on to the harder {name} ({harder}).",
            _switch(ctx, harder),
        )
    loadable = [
        e.item.value.replace("_", " ") for e in ctx.exercise.equipment if e.item in LOAD_ITEMS
    ]
    if loadable:
        return _decision(
            ctx,
            "add_load",
            rule,
            f"{why} at bodyweight: add a light {loadable[0]} and restart at {cur.reps_min} reps.",
            replace(cur, reps_goal=cur.reps_min),
        )
    return _decision(
        ctx,
        "hold",
        rule,
        f"{why}, and this exercise has no harder step in the library: keep the top of the "
        "range and slow the lowering down.",
        cur,
    )


@dataclass(frozen=True)
class TwoForTwo:
    id: str = "two-for-two"

    def check(self, ctx: Context) -> Decision | None:
        if len(ctx.history) < 2:
            return None
        _, hi = ctx.reps_range
        margins = [_last_set_margin(s, hi) for s in ctx.history[-2:]]
        if any(m is None or m < 2 for m in margins):
            return None
        why = (
            f"The last set beat the top of the range ({hi}) by 2 or more reps in two sessions "
            "in a row (the 2-for-2 rule)"
        )
        return _add_load_or_advance(ctx, self.id, why, ctx.settings.big_load_step)


@dataclass(frozen=True)
class DoubleProgression:
    id: str = "double-progression"

    def check(self, ctx: Context) -> Decision | None:
        _, hi = ctx.reps_range
        reps = [e.reps for e in ctx.last]
        if not reps or any(r is None or r < hi for r in reps):
            return None
        why = f"Every set reached the top of the range ({hi} reps) with good form"
        return _add_load_or_advance(ctx, self.id, why, ctx.settings.load_step)


@dataclass(frozen=True)
class AddReps:
    id: str = "add-reps"

    def check(self, ctx: Context) -> Decision | None:
        cur = ctx.current()
        reps = [e.reps for e in ctx.last if e.reps is not None]
        low = min(reps) if reps else cur.reps_min - 1
        goal = min(max(low + 1, cur.reps_min), cur.reps_max)
        return _decision(
            ctx,
            "add_reps",
            self.id,
            f"Good form and inside the range: same load, aim for {goal} reps on every set "
            f"(up from {low}); add load once every set reaches {cur.reps_max}.",
            replace(cur, reps_goal=goal),
        )


DEFAULT_RULES: tuple[Rule, ...] = (
    PainRegress(),
    PoorForm(),
    PainHold(),
    FormGate(),
    TimedHold(),
    BelowRange(),
    TwoForTwo(),
    DoubleProgression(),
    AddReps(),
)


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
        history = [(s.day.isoformat(), s.entries_for(exercise_id)) for s in ordered]
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

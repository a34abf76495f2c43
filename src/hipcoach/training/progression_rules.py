"""The progression rules, checked in order by :class:`hipcoach.training.progression.Progression`.

Each rule is a small object with an ``id`` and ``check(context) -> Decision | None``; a new
rule is a new class added to (or inserted in) :data:`DEFAULT_RULES`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from hipcoach.store import SetEntry
from hipcoach.training.progression_model import (
    LOAD_ITEMS,
    Action,
    Context,
    Decision,
    Prescription,
    start_prescription,
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

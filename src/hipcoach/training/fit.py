"""Fitting a session into its minutes: time per item, and trimming in a fixed order.

Trimming never breaks the composition rules: sets go down to the low end of each scheme
(supporting work and the stretch first), the warm-up to 5 minutes, then extra supporting and
hip extension items go, down to 1 and 2. When even that does not fit, ``fit_session`` returns
None and the planner tries the quickest exercises, or reports the plan as impossible.

>>> warmup_minutes(30), warmup_minutes(60), warmup_minutes(120)
(5, 9, 10)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hipcoach.library.models import Exercise
from hipcoach.training import compose
from hipcoach.training.compose import Context, role_of
from hipcoach.training.plan_models import Role
from hipcoach.training.timing import item_seconds

MIN_MAIN = 2
MAX_MAIN = 3
MIN_WARMUP_MIN = 5
MAX_WARMUP_MIN = 10


@dataclass
class Draft:
    """One item while a session is being fitted into its minutes (mutable on purpose)."""

    ex: Exercise
    sets: int
    load: str | None
    included: bool
    why: list[str] = field(default_factory=list)

    @property
    def role(self) -> Role:
        return role_of(self.ex)

    @property
    def min_sets(self) -> int:
        return int(self.ex.scheme.sets.min)


@dataclass
class Fitted:
    drafts: list[Draft]
    warmup_min: int
    notes: list[str]


def warmup_minutes(minutes: int) -> int:
    # About 15% of the session, within the article's 5-10 minutes.
    return max(MIN_WARMUP_MIN, min(MAX_WARMUP_MIN, round(minutes * 0.15)))


def draft_seconds(ctx: Context, dr: Draft, warmup_min: int) -> int:
    ex, scheme = dr.ex, dr.ex.scheme
    if dr.role is Role.WARM_UP:
        return warmup_min * 60
    rest = scheme.rest_s + (ctx.profile.extra_rest_s if dr.role is Role.MAIN else 0)
    return item_seconds(
        sets=dr.sets,
        reps=int(scheme.reps.max),
        hold_s=scheme.hold_s,
        per_side=scheme.per_side,
        rest_s=rest,
        tempo=compose.tempo_for(ex, ctx),
        setup_s=compose.setup_seconds(ex, dr.load),
    )


def total_seconds(ctx: Context, drafts: list[Draft], warmup_min: int) -> int:
    total = sum(draft_seconds(ctx, dr, warmup_min) for dr in drafts)
    if not any(dr.role is Role.WARM_UP for dr in drafts):
        total += warmup_min * 60  # a warm-up without a library item still takes its minutes
    return total


def fit_session(ctx: Context, drafts: list[Draft]) -> Fitted | None:
    """Trim until the session fits: sets, then warm-up length, then extra items. None if it can't."""
    budget = ctx.request.minutes * 60
    warmup = warmup_minutes(ctx.request.minutes)
    notes: list[str] = []
    if total_seconds(ctx, drafts, warmup) <= budget:
        return Fitted(drafts, warmup, notes)
    # 1. Sets down to the low end of each scheme: supporting work and stretch first.
    for dr in sorted(drafts, key=lambda x: (-x.role.rank, x.included)):
        while dr.sets > dr.min_sets and total_seconds(ctx, drafts, warmup) > budget:
            dr.sets -= 1
            dr.why.append(f"sets cut to {dr.sets} to fit {ctx.request.minutes} minutes")
    # 2. The shortest warm-up the article allows.
    if total_seconds(ctx, drafts, warmup) > budget and warmup > MIN_WARMUP_MIN:
        warmup = MIN_WARMUP_MIN
        notes.append(f"warm-up shortened to {warmup} minutes to fit")
    # 3. Extra items, smallest first, never below 1 supporting and 2 hip extension exercises.
    for role, floor in ((Role.SUPPORT, 1), (Role.MAIN, MIN_MAIN)):
        while total_seconds(ctx, drafts, warmup) > budget:
            same = [dr for dr in drafts if dr.role is role]
            droppable = [dr for dr in same if not dr.included]
            if len(same) <= floor or not droppable:
                break
            victim = max(droppable, key=lambda dr: compose.order_key(dr.ex, dr.load))
            drafts.remove(victim)
            notes.append(f"{victim.ex.id} left out of this session to fit the minutes")
    if total_seconds(ctx, drafts, warmup) > budget:
        return None
    return Fitted(drafts, warmup, notes)

"""Choosing and prescribing the exercises of one session.

The planner decides *which slots* a session has; this module answers the per-exercise questions:
is it eligible, how does it rank, what load does it start with, how many sets this week, and how
do items order big before small.

>>> from hipcoach.library.models import Level
>>> sets_for_week((2, 3), Level.BEGINNER, week=1, weeks=4), sets_for_week((2, 3), Level.BEGINNER, week=4, weeks=4)
(2, 3)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

from hipcoach.library.models import Equipment, Exercise, Level, Pattern
from hipcoach.library.registry import Library
from hipcoach.training.goals import GoalProfile
from hipcoach.training.plan_models import PlanRequest, Role
from hipcoach.training.timing import SETUP_S_BODYWEIGHT, SETUP_S_EQUIPMENT, parse_tempo

T = TypeVar("T")

ROLE_OF_PATTERN: dict[Pattern, Role] = {
    Pattern.WARM_UP: Role.WARM_UP,
    Pattern.HIP_EXTENSION: Role.MAIN,
    Pattern.HIP_ABDUCTION: Role.SUPPORT,
    Pattern.HIP_ADDUCTION: Role.SUPPORT,
    Pattern.HIP_ROTATION: Role.SUPPORT,
    Pattern.HIP_FLEXOR_STRETCH: Role.STRETCH,
}

# Load equipment in the order it is preferred when an exercise allows several.
LOAD_ITEMS: tuple[Equipment, ...] = (
    Equipment.BARBELL,
    Equipment.DUMBBELL,
    Equipment.RESISTANCE_BAND,
    Equipment.MINI_BAND,
)
LOAD_NAMES = {
    Equipment.BARBELL: "barbell",
    Equipment.DUMBBELL: "dumbbell",
    Equipment.RESISTANCE_BAND: "resistance band",
    Equipment.MINI_BAND: "mini band",
}
LOAD_WORDS = {
    Level.BEGINNER: "light",
    Level.INTERMEDIATE: "moderate",
    Level.ADVANCED: "challenging",
}
TIER_SCORE = {"A": 3.0, "B": 2.0, "C": 1.0, "unranked": 1.5}
# Where in its scheme's set range each level starts (0 = low end, 1 = high end).
LEVEL_START = {Level.BEGINNER: 0.0, Level.INTERMEDIATE: 0.34, Level.ADVANCED: 0.67}
# Equipment that is just padding or a wall: no set-up time worth counting.
LIGHT_SETUP = {Equipment.MAT, Equipment.WALL}


@dataclass(frozen=True)
class Context:
    """Everything the per-exercise decisions depend on."""

    library: Library
    request: PlanRequest
    available: frozenset[Equipment]
    profile: GoalProfile


def role_of(ex: Exercise) -> Role:
    return ROLE_OF_PATTERN[ex.pattern]


def missing_equipment(ex: Exercise, available: frozenset[Equipment]) -> list[Equipment]:
    """Required items that neither ``available`` nor a library-listed alternative covers."""
    return sorted(ex.missing_equipment(set(available)), key=lambda e: e.value)


def missing_text(ex: Exercise, available: frozenset[Equipment]) -> str:
    """What is missing, in words: ``barbell (or dumbbell), bench``."""
    parts = []
    for need in ex.equipment:
        if need.optional or need.satisfied_by(set(available)):
            continue
        alts = " or ".join(a.value for a in need.alternatives)
        parts.append(f"{need.item.value} (or {alts})" if alts else need.item.value)
    return ", ".join(parts)


def left_out_because(ex: Exercise, ctx: Context) -> str | None:
    """Why ``ex`` is not a candidate (None when it is). Included exercises skip level and goal."""
    req = ctx.request
    if ex.id in req.exclude:
        return "excluded with --exclude"
    if missing_equipment(ex, ctx.available):
        return "needs " + missing_text(ex, ctx.available)
    if ex.id in req.include:
        return None
    if ex.level.rank > req.level.rank:
        return f"is {ex.level.value} level"
    profile = ctx.profile
    if (
        ex.id in profile.avoid
        or set(ex.primary_muscles) & profile.avoid_primary
        or missing_equipment(ex, ctx.available - profile.no_load)
    ):
        return f"left out for the {req.goal.value} goal"
    return None


def choose_load(ex: Exercise, ctx: Context) -> tuple[str | None, str]:
    """The starting load label and why: required load first, optional load from intermediate on."""
    if role_of(ex) in (Role.WARM_UP, Role.STRETCH):
        return None, "no load: it is a warm-up or stretch"
    word = LOAD_WORDS[ctx.request.level]
    usable_now = ctx.available - ctx.profile.no_load
    for need in ex.equipment:
        options = [need.item, *need.alternatives]
        if need.optional or not any(i in LOAD_ITEMS for i in options):
            continue
        # The listed item first, then its alternatives: a barbell, or else a dumbbell.
        pick = next((i for i in options if i in usable_now and i in LOAD_NAMES), None)
        if pick is not None:
            why = f"it needs a {LOAD_NAMES[need.item]}"
            if pick is not need.item:
                why += f"; a {LOAD_NAMES[pick]} stands in for it"
            return f"{word} {LOAD_NAMES[pick]}", why
    if ctx.request.level is Level.BEGINNER:
        return "bodyweight", "beginners learn the movement with bodyweight before adding load"
    optional = {e.item for e in ex.equipment if e.optional}
    usable = [
        i
        for i in LOAD_ITEMS
        if i in optional and i in ctx.available and i not in ctx.profile.no_load
    ]
    if usable:
        return (
            f"{word} {LOAD_NAMES[usable[0]]}",
            f"a {LOAD_NAMES[usable[0]]} is available and adds resistance at your level",
        )
    return "bodyweight", "no suitable load equipment available"


def is_loaded(load: str | None) -> bool:
    return load is not None and load != "bodyweight"


def evidence_score(ex: Exercise, loaded: bool) -> tuple[float, str]:
    """Glute activation tier score (training-science.md) for the way the exercise is done."""
    applicable = [e for e in ex.evidence if e.when in ("any", "loaded" if loaded else "bodyweight")]
    pool = applicable or list(ex.evidence)
    if not pool:
        return TIER_SCORE["unranked"], "unranked"
    best = max(pool, key=lambda e: TIER_SCORE[e.tier])
    return TIER_SCORE[best.tier], best.tier


def rank_score(ex: Exercise, ctx: Context) -> float:
    """Higher ranks first: goal preference, then evidence tier, then closeness to the level."""
    load, _ = choose_load(ex, ctx)
    tier, _ = evidence_score(ex, is_loaded(load))
    gap = max(ctx.request.level.rank - ex.level.rank, 0)
    prefer = 3.0 if ex.id in ctx.profile.prefer else 0.0
    return prefer + tier + (1.0 - 0.5 * gap)


def ranked(exercises: list[Exercise], ctx: Context) -> list[Exercise]:
    return sorted(exercises, key=lambda ex: (-rank_score(ex, ctx), ex.id))


def order_key(ex: Exercise, load: str | None) -> tuple[int, int, int, float, str]:
    """Big before small: role, then multi-joint before single-joint, loaded first, best tier."""
    tier, _ = evidence_score(ex, is_loaded(load))
    compound = 0 if ex.mechanic in ("compound", "cardio") else 1
    return (role_of(ex).rank, compound, 0 if is_loaded(load) else 1, -tier, ex.id)


def rotate(pool: list[T], start: int, count: int) -> list[T]:
    """``count`` distinct items from ``pool`` starting at ``start``, wrapping around.

    >>> rotate([1, 2, 3], 2, 2)
    [3, 1]
    """
    if not pool:
        return []
    n = min(count, len(pool))
    return [pool[(start + k) % len(pool)] for k in range(n)]


def sets_for_week(sets: tuple[int, int], level: Level, *, week: int, weeks: int) -> int:
    """Volume progression: from the low end of the set range towards the high end over the weeks."""
    lo, hi = sets
    progress = (week - 1) / (weeks - 1) if weeks > 1 else 0.0
    start = LEVEL_START[level]
    frac = start + (1.0 - start) * progress
    return min(hi, lo + math.floor(frac * (hi - lo) + 0.5))


def tempo_for(ex: Exercise, ctx: Context) -> str | None:
    """The library's tempo, with a fast lifting phase for hip extension work when the goal asks."""
    up_s = ctx.profile.up_s
    if up_s is None or role_of(ex) is not Role.MAIN:
        return ex.scheme.tempo
    _, hold, down = parse_tempo(ex.scheme.tempo) or (0.0, ex.scheme.hold_s, 2.0)
    hold = max(hold, ex.scheme.hold_s)
    return "-".join(_fmt(x) for x in (up_s, hold, down))


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def setup_seconds(ex: Exercise, load: str | None) -> int:
    heavy = {e.item for e in ex.equipment if not e.optional} - LIGHT_SETUP
    return SETUP_S_EQUIPMENT if heavy or is_loaded(load) else SETUP_S_BODYWEIGHT


def goal_notes(ex: Exercise, ctx: Context) -> list[str]:
    """Goal-specific lines for hip extension work: the goal's note and the matching cues."""
    if role_of(ex) is not Role.MAIN:
        return []
    notes = [ctx.profile.note] if ctx.profile.note else []
    words = ctx.profile.cue_words
    if words:
        notes += [c for c in ex.cues if any(w in c.lower() for w in words)][:2]
    return notes

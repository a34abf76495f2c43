"""The planner: a :class:`PlanRequest` in, a week-by-week :class:`Plan` out.

Every session follows the article's composition rules: a 5-10 minute warm-up, 2-3 hip extension
exercises (rotated across the week), at least one abduction, adduction or rotation exercise, and
a hip flexor stretch last, ordered big before small, with the library's schemes. Each session's
time estimate fits the minutes given; sets are trimmed, then items, never below those rules. The
same request always gives the same plan: choices rotate by day index, nothing is random.

>>> from hipcoach.library.models import Level
>>> plan = make_plan(PlanRequest(level=Level.BEGINNER, days=2, minutes=40, weeks=1))
>>> [s.day for s in plan.sessions]
[1, 2]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from hipcoach.errors import PlanError, UnknownIdError, UsageError
from hipcoach.library.models import Equipment, Exercise, Level, Pattern
from hipcoach.library.registry import Library, load_library
from hipcoach.training import compose
from hipcoach.training.compose import Context, role_of
from hipcoach.training.fit import (
    MAX_MAIN,
    MIN_MAIN,
    MIN_WARMUP_MIN,
    Draft,
    Fitted,
    draft_seconds,
    fit_session,
    total_seconds,
)
from hipcoach.training.goals import profile_for
from hipcoach.training.plan_models import (
    WEEKDAY_PATTERNS,
    Plan,
    PlanItem,
    PlanRequest,
    PlanSession,
    Role,
)

# How many hip extension and supporting exercises each level aims for before time trimming.
# Beginners get fewer hip extension exercises: adherence drops as the number of prescribed
# exercises rises (training-science.md).
SLOTS = {
    Level.BEGINNER: (2, 2),
    Level.INTERMEDIATE: (3, 2),
    Level.ADVANCED: (3, 2),
}
# Days a week the ACSM position stand suggests per level (training-science.md).
RECOMMENDED_DAYS = {
    Level.BEGINNER: (2, 3),
    Level.INTERMEDIATE: (3, 4),
    Level.ADVANCED: (4, 5),
}
SUPPORT_PATTERNS = (Pattern.HIP_ABDUCTION, Pattern.HIP_ADDUCTION, Pattern.HIP_ROTATION)


@dataclass
class _Pools:
    """The candidates for each slot, ranked, with the user's ``--include``s kept apart."""

    main: list[Exercise]
    support: dict[Pattern, list[Exercise]]
    stretch: list[Exercise]
    warmup: list[Exercise]
    included: list[Exercise]


def make_plan(request: PlanRequest, library: Library | None = None) -> Plan:
    """Build the whole plan, or raise PlanError/UsageError saying why it cannot be made."""
    request.validate()
    lib = library if library is not None else load_library()
    for ids in (request.exclude, request.include):
        for exercise_id in ids:
            if exercise_id not in lib.exercises:
                raise UnknownIdError("exercise", exercise_id, lib.ids())
    available = frozenset(Equipment) if request.equipment is None else request.equipment
    ctx = Context(lib, request, available, profile_for(request.goal))
    pools = _pools(ctx)
    n_main, n_support = _slot_counts(request, pools)
    weekdays = WEEKDAY_PATTERNS[request.days]
    shortest = _shortest_session(ctx, pools)
    free_main = n_main - _count_included(pools, Role.MAIN)
    main_picks = _week_main_picks(pools, len(weekdays), free_main)
    sessions = []
    for week in range(1, request.weeks + 1):
        for d, weekday in enumerate(weekdays):
            drafts = _choose(ctx, pools, d, main_picks[d], n_support, week)
            fitted = fit_session(ctx, drafts) or _fit_shortest(ctx, shortest, week)
            sessions.append(_session(ctx, week, d + 1, weekday, fitted))
    return Plan(request, tuple(sessions), tuple(_warnings(request)), tuple(_plan_why(ctx, pools)))


# -- candidates -------------------------------------------------------------------------------


def _pools(ctx: Context) -> _Pools:
    lib, req = ctx.library, ctx.request
    included = [lib.get(i) for i in dict.fromkeys(req.include)]  # in order, no repeats
    for ex in included:
        if compose.missing_equipment(ex, ctx.available):
            raise PlanError(
                f"{ex.id} needs {compose.missing_text(ex, ctx.available)}, which is not in your "
                "equipment",
                "add it with --equipment, or drop the exercise from --include",
            )
    inc = {ex.id for ex in included}
    eligible = [ex for ex in lib if ex.id not in inc and compose.left_out_because(ex, ctx) is None]

    def by_pattern(pattern: Pattern) -> list[Exercise]:
        return compose.ranked([ex for ex in eligible if ex.pattern is pattern], ctx)

    pools = _Pools(
        main=by_pattern(Pattern.HIP_EXTENSION),
        support={p: by_pattern(p) for p in SUPPORT_PATTERNS if by_pattern(p)},
        stretch=by_pattern(Pattern.HIP_FLEXOR_STRETCH),
        warmup=by_pattern(Pattern.WARM_UP),
        included=included,
    )
    _check_pools(ctx, pools)
    return pools


def _count_included(pools: _Pools, role: Role) -> int:
    return sum(1 for ex in pools.included if role_of(ex) is role)


def _check_pools(ctx: Context, pools: _Pools) -> None:
    n_main = len(pools.main) + _count_included(pools, Role.MAIN)
    if n_main < MIN_MAIN:
        raise PlanError(
            f"only {n_main} hip extension exercise(s) fit your choices; a session needs at least "
            f"{MIN_MAIN}.\n" + _left_out_lines(ctx, Pattern.HIP_EXTENSION),
            _unlock_hint(ctx, Pattern.HIP_EXTENSION),
        )
    if _count_included(pools, Role.MAIN) > MAX_MAIN:
        raise UsageError(
            f"--include names more than {MAX_MAIN} hip extension exercises",
            f"a session holds {MIN_MAIN}-{MAX_MAIN}; include fewer and let the planner rotate",
        )
    for role, has, what, patterns in (
        (
            Role.SUPPORT,
            bool(pools.support),
            "hip abduction, adduction or rotation exercise",
            SUPPORT_PATTERNS,
        ),
        (Role.STRETCH, bool(pools.stretch), "hip flexor stretch", (Pattern.HIP_FLEXOR_STRETCH,)),
    ):
        if not has and not _count_included(pools, role):
            lines = "\n".join(_left_out_lines(ctx, p) for p in patterns)
            raise PlanError(
                f"no {what} fits your choices; every session needs one.\n{lines}",
                _unlock_hint(ctx, patterns[0]),
            )


def _left_out_lines(ctx: Context, pattern: Pattern) -> str:
    lines = []
    for ex in ctx.library.filter(pattern=pattern):
        reason = compose.left_out_because(ex, ctx)
        if reason:
            lines.append(f"  {ex.id} {reason}")
    return "\n".join(lines)


def _unlock_hint(ctx: Context, pattern: Pattern) -> str:
    needed: set[Equipment] = set()
    for ex in ctx.library.filter(pattern=pattern):
        if ex.id not in ctx.request.exclude and ex.level.rank <= ctx.request.level.rank:
            needed.update(compose.missing_equipment(ex, ctx.available))
    if needed:
        items = ", ".join(sorted(e.value for e in needed))
        return f"more exercises open up with --equipment including: {items}; or exclude fewer"
    return "exclude fewer exercises, or choose a higher --level"


def _slot_counts(req: PlanRequest, pools: _Pools) -> tuple[int, int]:
    want_main, want_support = SLOTS[req.level]
    n_main = min(
        max(want_main, _count_included(pools, Role.MAIN)),
        len(pools.main) + _count_included(pools, Role.MAIN),
    )
    n_support_avail = sum(len(v) for v in pools.support.values()) + _count_included(
        pools, Role.SUPPORT
    )
    n_support = min(max(want_support, _count_included(pools, Role.SUPPORT)), n_support_avail)
    return n_main, n_support


# -- choosing a session -----------------------------------------------------------------------


def _draft(ctx: Context, ex: Exercise, week: int, included: bool, why: list[str]) -> Draft:
    load, load_why = compose.choose_load(ex, ctx)
    lo, hi = int(ex.scheme.sets.min), int(ex.scheme.sets.max)
    sets = compose.sets_for_week((lo, hi), ctx.request.level, week=week, weeks=ctx.request.weeks)
    why = [*why, f"load: {load_why}"] if load is not None else why
    return Draft(ex, sets, load, included, why)


def _week_main_picks(
    pools: _Pools, n_days: int, count: int
) -> list[tuple[list[Exercise], Exercise | None]]:
    """Each day's hip extension picks: a rotation through the ranked pool, with a big lift.

    Two kickbacks make a lopsided session: when a day's rotation lands on single-joint work
    only, its most-used pick this week gives way to the least-used multi-joint exercise. The
    second item of each pair is that stand-in (None when the rotation was kept as it was).
    """
    used: Counter[str] = Counter()
    has_big = any(ex.mechanic == "compound" and role_of(ex) is Role.MAIN for ex in pools.included)
    compounds = [ex for ex in pools.main if ex.mechanic == "compound"]
    out: list[tuple[list[Exercise], Exercise | None]] = []
    for d in range(n_days):
        picks = compose.rotate(pools.main, d * count, count)
        stand_in = None
        if picks and compounds and not has_big and all(ex.mechanic != "compound" for ex in picks):
            stand_in = min(compounds, key=lambda ex: (used[ex.id], pools.main.index(ex)))
            out_i = max(range(len(picks)), key=lambda k: (used[picks[k].id], k))
            picks = [stand_in if k == out_i else ex for k, ex in enumerate(picks)]
        used.update(ex.id for ex in picks)
        out.append((picks, stand_in))
    return out


def _choose(
    ctx: Context,
    pools: _Pools,
    d: int,
    main_picks: tuple[list[Exercise], Exercise | None],
    n_support: int,
    week: int,
) -> list[Draft]:
    drafts = [
        _draft(ctx, ex, week, True, ["you asked for it with --include"]) for ex in pools.included
    ]
    picks, anchored = main_picks
    for k, ex in enumerate(picks):
        rank = pools.main.index(ex) + 1
        why = [
            f"hip extension pick {rank} of {len(pools.main)} for the {ctx.request.goal.value} goal"
        ]
        tier = compose.evidence_score(ex, compose.is_loaded(compose.choose_load(ex, ctx)[0]))[1]
        why.append(f"glute activation evidence tier {tier}")
        if d > 0 and k == 0:
            why.append("rotated in so that the days of the week differ")
        if ex is anchored:
            why.append("a multi-joint lift so that the session has a big movement")
        drafts.append(_draft(ctx, ex, week, False, why))
    free_support = n_support - _count_included(pools, Role.SUPPORT)
    patterns = list(pools.support)
    for k in range(free_support):
        slot = d * free_support + k
        pattern = patterns[slot % len(patterns)]
        pool = pools.support[pattern]
        ex = pool[(slot // len(patterns)) % len(pool)]
        if any(dr.ex.id == ex.id for dr in drafts):
            continue
        why = [f"{pattern.value.replace('_', ' ')} work: patterns rotate across the week"]
        drafts.append(_draft(ctx, ex, week, False, why))
    for role, pool, what in (
        (Role.STRETCH, pools.stretch, "hip flexor stretch to finish"),
        (Role.WARM_UP, pools.warmup, "warm-up: light cardio and dynamic movement first"),
    ):
        if pool and not _count_included(pools, role):
            drafts.append(_draft(ctx, pool[d % len(pool)], week, False, [what]))
    return drafts


# -- fitting into the minutes -----------------------------------------------------------------


def _shortest_session(ctx: Context, pools: _Pools) -> list[Exercise]:
    """The quickest session the rules allow: the fallback when a rotation does not fit."""

    def quick(pool: list[Exercise], n: int) -> list[Exercise]:
        def secs(ex: Exercise) -> int:
            dr = Draft(ex, int(ex.scheme.sets.min), compose.choose_load(ex, ctx)[0], False)
            return draft_seconds(ctx, dr, MIN_WARMUP_MIN)

        return sorted(pool, key=lambda ex: (secs(ex), ex.id))[:n]

    chosen = list(pools.included)
    chosen += quick(pools.main, MIN_MAIN - _count_included(pools, Role.MAIN))
    if not _count_included(pools, Role.SUPPORT):
        chosen += quick([ex for pool in pools.support.values() for ex in pool], 1)
    for role, pool in ((Role.STRETCH, pools.stretch), (Role.WARM_UP, pools.warmup)):
        if not _count_included(pools, role):
            chosen += pool[:1]
    return chosen


def _fit_shortest(ctx: Context, chosen: list[Exercise], week: int) -> Fitted:
    drafts = [
        _draft(ctx, ex, week, ex.id in ctx.request.include, ["one of the quickest options"])
        for ex in chosen
    ]
    fitted = fit_session(ctx, drafts)
    if fitted is None:
        for dr in drafts:
            dr.sets = dr.min_sets
        need = -(-total_seconds(ctx, drafts, MIN_WARMUP_MIN) // 60)
        raise PlanError(
            f"a session cannot fit in {ctx.request.minutes} minutes: the shortest one the rules "
            f"allow (a {MIN_WARMUP_MIN}-minute warm-up, {MIN_MAIN} hip extension exercises, one "
            f"supporting exercise and a hip flexor stretch) takes about {need} minutes",
            f"use --minutes {need} or more",
        )
    fitted.notes.insert(0, "the day's usual picks did not fit, so quicker ones were chosen")
    return fitted


# -- building the result ----------------------------------------------------------------------


def _session(ctx: Context, week: int, day: int, weekday: int, fitted: Fitted) -> PlanSession:
    drafts, warmup_min, notes = fitted.drafts, fitted.warmup_min, fitted.notes
    ordered = sorted(drafts, key=lambda dr: compose.order_key(dr.ex, dr.load))
    items = tuple(_item(ctx, n + 1, dr, warmup_min) for n, dr in enumerate(ordered))
    total = total_seconds(ctx, ordered, warmup_min)
    why = [f"estimated {total // 60} min {total % 60} s of {ctx.request.minutes} minutes", *notes]
    return PlanSession(week, day, weekday, warmup_min, total, items, tuple(why))


def _item(ctx: Context, order: int, dr: Draft, warmup_min: int) -> PlanItem:
    ex, scheme = dr.ex, dr.ex.scheme
    rest = scheme.rest_s + (ctx.profile.extra_rest_s if dr.role is Role.MAIN else 0)
    notes = compose.goal_notes(ex, ctx)
    if dr.included and ex.level.rank > ctx.request.level.rank:
        notes.append(f"a {ex.level.value} exercise: included at your request")
    return PlanItem(
        order=order,
        exercise_id=ex.id,
        name=ex.name,
        pattern=ex.pattern.value,
        role=dr.role,
        sets=dr.sets,
        reps=(int(scheme.reps.min), int(scheme.reps.max)),
        hold_s=scheme.hold_s,
        per_side=scheme.per_side,
        load=dr.load,
        rest_s=rest if dr.role is not Role.WARM_UP else 0,
        tempo=compose.tempo_for(ex, ctx),
        estimated_s=draft_seconds(ctx, dr, warmup_min),
        duration_s=warmup_min * 60 if dr.role is Role.WARM_UP else None,
        notes=tuple(notes),
        why=tuple(dr.why),
    )


def _warnings(req: PlanRequest) -> list[str]:
    lo, hi = RECOMMENDED_DAYS[req.level]
    usual = f"the usual {lo}-{hi} for {req.level.value} lifters"
    if req.days < lo:
        return [f"{req.days} day(s) a week is below {usual}: expect slower progress"]
    if req.days > hi:
        return [
            f"{req.days} days a week is above {usual}: the plan rotates exercises so that "
            "back-to-back days differ, but keep an eye on recovery"
        ]
    return []


def _plan_why(ctx: Context, pools: _Pools) -> list[str]:
    req = ctx.request
    eq = (
        "everything"
        if req.equipment is None
        else (", ".join(sorted(e.value for e in req.equipment)) or "none")
    )
    lines = [
        f"goal {req.goal.value}: {ctx.profile.summary}",
        f"equipment: {eq}; level: {req.level.value}",
        "hip extension ranking: " + ", ".join(ex.id for ex in pools.main),
    ]
    left = _left_out_lines(ctx, Pattern.HIP_EXTENSION).replace("\n  ", "; ").strip()
    if left:
        lines.append(f"hip extension exercises left out: {left}")
    return lines

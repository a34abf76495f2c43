"""Every equipment set x every level (x a few days and minutes): each plan meets the article's
composition rules, or fails with a clear PlanError.

The equipment that matters is every item the library's exercises name (alternatives included),
less what every home has (a wall); all 2^n subsets are swept.
"""

from __future__ import annotations

import itertools
import random

import pytest
from plan_rules import check_plan

from hipcoach.errors import PlanError
from hipcoach.library import load_library
from hipcoach.library.models import Equipment, Level
from hipcoach.training.plan_models import Goal, PlanRequest
from hipcoach.training.planner import make_plan

LIB = load_library()
ITEMS = sorted(
    {
        item
        for ex in LIB
        for need in ex.equipment
        for item in (need.item, *need.alternatives)
        if not item.always_available
    },
    key=lambda e: e.value,
)
SUBSETS = [
    frozenset(combo) for r in range(len(ITEMS) + 1) for combo in itertools.combinations(ITEMS, r)
]
# (days, minutes): the shortest sensible session, a typical one, a long one.
SHAPES = [(2, 25), (3, 45), (5, 75)]


def _plan_or_reason(request: PlanRequest) -> str | None:
    try:
        plan = make_plan(request, LIB)
    except PlanError as exc:
        assert exc.message and exc.hint, "a PlanError must say what is wrong and what to do"
        return exc.message
    check_plan(plan, LIB, request.equipment)
    return None


def test_the_sweep_covers_the_library_equipment() -> None:
    assert len(ITEMS) >= 8
    assert len(SUBSETS) == 2 ** len(ITEMS)


@pytest.mark.parametrize("level", list(Level))
def test_every_equipment_set_and_level(level: Level) -> None:
    failures = {}
    for subset, (days, minutes) in itertools.product(SUBSETS, SHAPES):
        request = PlanRequest(level=level, days=days, minutes=minutes, weeks=1, equipment=subset)
        reason = _plan_or_reason(request)
        if reason:
            failures[(tuple(e.value for e in sorted(subset)), days, minutes)] = reason
    # The library has bodyweight options at every pattern, and the shortest session is under
    # 25 minutes, so no equipment set should make a plan impossible.
    assert not failures, list(failures.items())[:5]


@pytest.mark.parametrize("goal", list(Goal))
def test_goals_over_random_equipment_sets(goal: Goal) -> None:
    rng = random.Random(6)  # fixed seed: the same subsets every run
    for subset in [frozenset(), frozenset(ITEMS), *rng.sample(SUBSETS, 24)]:
        for level in Level:
            request = PlanRequest(
                level=level, days=3, minutes=40, weeks=2, goal=goal, equipment=subset
            )
            assert _plan_or_reason(request) is None, (goal, level, subset)


def test_too_few_minutes_fails_clearly_for_every_level() -> None:
    for level, subset in itertools.product(Level, [frozenset(), frozenset(ITEMS)]):
        request = PlanRequest(level=level, days=3, minutes=10, equipment=subset)
        reason = _plan_or_reason(request)
        assert reason is not None and "cannot fit in 10 minutes" in reason


def test_sweep_with_exclusions_fails_only_for_the_documented_reasons() -> None:
    # Excluding each hip extension exercise in turn, with no equipment: either a valid plan or
    # the "fewer than 2 hip extension exercises" error, never anything else.
    ext = [ex.id for ex in LIB if ex.pattern.value == "hip_extension"]
    for excluded in ext:
        for subset in (frozenset(), frozenset({Equipment.MAT})):
            request = PlanRequest(
                level=Level.BEGINNER, days=3, minutes=40, equipment=subset, exclude=(excluded,)
            )
            reason = _plan_or_reason(request)
            assert reason is None or "hip extension exercise(s) fit your choices" in reason

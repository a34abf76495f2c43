"""The article's composition rules as one checker, shared by the planner tests."""

from __future__ import annotations

from hipcoach.library.models import Equipment, Pattern
from hipcoach.library.registry import Library
from hipcoach.training.plan_models import Plan, Role

SUPPORT = {Pattern.HIP_ABDUCTION.value, Pattern.HIP_ADDUCTION.value, Pattern.HIP_ROTATION.value}


def check_plan(plan: Plan, lib: Library, available: frozenset[Equipment] | None) -> None:
    """Assert every session of ``plan`` meets the rules; messages name the session."""
    req = plan.request
    assert len(plan.sessions) == req.weeks * req.days
    have = set(Equipment) if available is None else set(available)
    for s in plan.sessions:
        where = f"week {s.week} day {s.day}"
        items = s.items
        patterns = [i.pattern for i in items]
        assert 5 <= s.warmup_minutes <= 10, where
        n_ext = patterns.count(Pattern.HIP_EXTENSION.value)
        assert 2 <= n_ext <= 3, f"{where}: {n_ext} hip extension exercises"
        assert SUPPORT & set(patterns), f"{where}: no abduction, adduction or rotation work"
        assert Pattern.HIP_FLEXOR_STRETCH.value in patterns, f"{where}: no hip flexor stretch"
        assert items[-1].pattern == Pattern.HIP_FLEXOR_STRETCH.value, f"{where}: stretch not last"
        assert items[0].pattern == Pattern.WARM_UP.value, f"{where}: warm-up not first"
        assert [i.order for i in items] == list(range(1, len(items) + 1))
        # Big before small: roles in session order, multi-joint before single-joint work.
        ranks = [i.role.rank for i in items]
        assert ranks == sorted(ranks), f"{where}: roles out of order {patterns}"
        mains = [lib.get(i.exercise_id) for i in items if i.role is Role.MAIN]
        mech = [0 if ex.mechanic == "compound" else 1 for ex in mains]
        assert mech == sorted(mech), f"{where}: isolation before compound"
        assert s.estimated_minutes <= req.minutes, f"{where}: {s.estimated_minutes} min"
        assert sum(i.estimated_s for i in items) == s.estimated_s, where
        ids = [i.exercise_id for i in items]
        assert len(ids) == len(set(ids)), f"{where}: an exercise twice"
        for item in items:
            ex = lib.get(item.exercise_id)
            assert ex.doable_with(have), f"{where}: {ex.id} needs equipment not available"
            assert ex.id not in req.exclude
            if ex.id not in req.include:
                assert ex.level.rank <= req.level.rank, f"{where}: {ex.id} above the level"
            scheme = ex.scheme
            assert item.per_side == scheme.per_side
            assert scheme.sets.min <= item.sets <= scheme.sets.max, f"{where}: {ex.id} sets"
            assert list(item.reps) == [int(scheme.reps.min), int(scheme.reps.max)]
            assert item.pattern == ex.pattern.value

"""Planner behaviour: goals, levels, variation, progression, trimming and impossible plans."""

from __future__ import annotations

import pytest
from plan_rules import check_plan

from hipcoach.errors import PlanError, UnknownIdError, UsageError
from hipcoach.library import load_library
from hipcoach.library.models import Equipment, Level
from hipcoach.training.plan_models import Goal, PlanRequest, Role, parse_goal, parse_level
from hipcoach.training.planner import make_plan
from hipcoach.training.timing import item_seconds, rep_seconds

LIB = load_library()
ALL = None
NONE: frozenset[Equipment] = frozenset()


def plan(**kw):  # type: ignore[no-untyped-def]
    args = {"level": Level.BEGINNER, "days": 3, "minutes": 45, "weeks": 1, **kw}
    return make_plan(PlanRequest(**args), LIB)


def mains(session) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.exercise_id for i in session.items if i.role is Role.MAIN]


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("goal", list(Goal))
def test_default_equipment_plans_meet_the_rules(level: Level, goal: Goal) -> None:
    p = plan(level=level, goal=goal, weeks=4)
    check_plan(p, LIB, ALL)


def test_same_inputs_same_plan() -> None:
    a = plan(level=Level.INTERMEDIATE, days=4, weeks=3).to_json()
    b = plan(level=Level.INTERMEDIATE, days=4, weeks=3).to_json()
    assert a == b


def test_hip_extension_work_varies_across_the_week() -> None:
    p = plan(level=Level.ADVANCED, days=3)
    picks = [tuple(mains(s)) for s in p.sessions]
    assert len(set(picks)) == 3
    # Most of the 8 hip extension exercises show up somewhere in the week.
    assert len({i for s in picks for i in s}) >= 7


@pytest.mark.parametrize("level", list(Level))
@pytest.mark.parametrize("equipment", [None, frozenset(), frozenset({Equipment.MAT})])
def test_every_session_has_a_multi_joint_hip_extension_lift(level, equipment) -> None:  # type: ignore[no-untyped-def]
    for s in plan(level=level, equipment=equipment, days=5).sessions:
        kinds = {LIB.get(i).mechanic for i in mains(s)}
        assert "compound" in kinds, (s.day, mains(s))


def test_weeks_repeat_the_same_exercises_with_more_volume() -> None:
    p = plan(days=2, minutes=90, weeks=4)
    week1 = [s for s in p.sessions if s.week == 1]
    week4 = [s for s in p.sessions if s.week == 4]
    assert [mains(s) for s in week1] == [mains(s) for s in week4]
    sets1 = sum(i.sets for s in week1 for i in s.items if i.role is Role.MAIN)
    sets4 = sum(i.sets for s in week4 for i in s.items if i.role is Role.MAIN)
    assert sets4 > sets1
    # Beginners start at the low end of each scheme's set range and finish at the top.
    for item in week1[0].items_with(Role.MAIN):
        assert item.sets == LIB.get(item.exercise_id).scheme.sets.min
    for item in week4[0].items_with(Role.MAIN):
        assert item.sets == LIB.get(item.exercise_id).scheme.sets.max


def test_beginners_get_beginner_work_with_bodyweight() -> None:
    p = plan(level=Level.BEGINNER)
    for s in p.sessions:
        for item in s.items_with(Role.MAIN):
            assert LIB.get(item.exercise_id).level is Level.BEGINNER
            assert item.load == "bodyweight"


def test_intermediate_lifters_use_optional_load_they_have() -> None:
    p = plan(level=Level.INTERMEDIATE, equipment=frozenset({Equipment.DUMBBELL}), days=3)
    loads = {i.exercise_id: i.load for s in p.sessions for i in s.items}
    assert loads["glute-bridge"] == "moderate dumbbell"
    assert all(i.load is None for s in p.sessions for i in s.items_with(Role.STRETCH))


def test_hip_thrust_uses_a_dumbbell_when_there_is_no_barbell() -> None:
    eq = frozenset({Equipment.BENCH, Equipment.DUMBBELL})
    p = plan(level=Level.INTERMEDIATE, equipment=eq, include=("hip-thrust",))
    for s in p.sessions:
        thrust = next(i for i in s.items if i.exercise_id == "hip-thrust")
        assert thrust.load == "moderate dumbbell"
        assert thrust.order == 2  # the big loaded lift comes right after the warm-up


def test_unilateral_work_is_per_side_and_takes_longer() -> None:
    p = plan(level=Level.BEGINNER, days=3)
    seen = {i.exercise_id: i for s in p.sessions for i in s.items}
    kick = seen["standing-kickback"]
    assert kick.per_side
    one_side = item_seconds(
        sets=kick.sets, reps=12, hold_s=0, per_side=False, rest_s=45, tempo=None, setup_s=0
    )
    two_sides = item_seconds(
        sets=kick.sets, reps=12, hold_s=0, per_side=True, rest_s=45, tempo=None, setup_s=0
    )
    assert two_sides - one_side == kick.sets * (12 * rep_seconds(0, None) + 10)


def test_time_estimate_by_hand() -> None:
    # 3 sets x 12 reps, 2 s hold: 12 x (3 + 2) s = 60 s a set; 2 rests of 60 s; 20 s set-up.
    assert (
        item_seconds(sets=3, reps=12, hold_s=2, per_side=False, rest_s=60, tempo=None, setup_s=20)
        == 320
    )
    # Tempo 1-0-2 and per side: 10 x 3 s x 2 sides + 10 s switch = 70 s a set.
    assert (
        item_seconds(sets=2, reps=10, hold_s=0, per_side=True, rest_s=30, tempo="1-0-2", setup_s=0)
        == 170
    )


def test_back_friendly_avoids_arch_prone_work_and_cues_a_neutral_spine() -> None:
    p = plan(level=Level.ADVANCED, goal=Goal.BACK_FRIENDLY, days=4)
    used = {i.exercise_id for s in p.sessions for i in s.items}
    assert "hip-thrust" not in used
    assert "prone-ball-hip-extension" not in used
    for s in p.sessions:
        for item in s.items_with(Role.MAIN):
            assert any("spine" in n for n in item.notes)
            assert item.load is None or "barbell" not in item.load


def test_back_friendly_still_allows_an_explicit_include() -> None:
    p = plan(level=Level.INTERMEDIATE, goal=Goal.BACK_FRIENDLY, include=("hip-thrust",))
    assert all("hip-thrust" in mains(s) for s in p.sessions)


def test_athletic_power_leads_with_step_ups_and_hip_thrusts_lifted_fast() -> None:
    p = plan(level=Level.ADVANCED, goal=Goal.ATHLETIC_POWER, days=2)
    first = p.sessions[0]
    assert set(mains(first)[:2]) == {"step-up", "hip-thrust"}
    general = plan(level=Level.ADVANCED, days=2)
    for item, plain in zip(
        first.items_with(Role.MAIN), general.sessions[0].items_with(Role.MAIN), strict=False
    ):
        assert item.tempo is not None and item.tempo.startswith("1-")
        if item.exercise_id == plain.exercise_id:
            assert item.rest_s == plain.rest_s + 30


def test_short_sessions_are_trimmed_but_keep_the_rules() -> None:
    long = plan(level=Level.ADVANCED, minutes=90, weeks=4)
    short = plan(level=Level.ADVANCED, minutes=25, weeks=4)
    check_plan(short, LIB, ALL)
    assert sum(len(s.items) for s in short.sessions) < sum(len(s.items) for s in long.sessions)
    assert all(s.estimated_minutes <= 25 for s in short.sessions)
    assert any(s.why[1:] for s in short.sessions)  # the trimming is explained


def test_warm_up_grows_with_the_session_within_5_to_10_minutes() -> None:
    assert plan(minutes=30).sessions[0].warmup_minutes == 5
    assert plan(minutes=60).sessions[0].warmup_minutes == 9
    assert plan(minutes=120).sessions[0].warmup_minutes == 10


def test_explanations_name_the_reasons() -> None:
    p = plan(
        level=Level.INTERMEDIATE, equipment=frozenset({Equipment.MAT, Equipment.STABILITY_BALL})
    )
    assert any("evidence tier" in w for i in p.sessions[0].items for w in i.why)
    joined = " ".join(p.why)
    assert "hip-thrust needs" in joined and "barbell" in joined
    assert "ball-bridge-curl is advanced level" in joined


def test_days_outside_the_usual_range_give_a_warning_not_an_error() -> None:
    p = plan(level=Level.BEGINNER, days=6)
    assert p.warnings and "above the usual 2-3" in p.warnings[0]
    assert not plan(level=Level.BEGINNER, days=3).warnings


# -- impossible plans -------------------------------------------------------------------------


@pytest.mark.parametrize("days", [0, 8, -1])
def test_days_out_of_range(days: int) -> None:
    with pytest.raises(UsageError, match="--days"):
        plan(days=days)


def test_five_minutes_is_impossible_and_says_how_long_it_takes() -> None:
    with pytest.raises(PlanError, match="cannot fit in 5 minutes") as info:
        plan(minutes=5)
    need = int(str(info.value.hint).split("--minutes ")[1].split()[0])
    check_plan(plan(minutes=need), LIB, ALL)  # the suggested minutes really work
    with pytest.raises(PlanError):
        plan(minutes=need - 1)


def test_included_exercise_needing_missing_equipment() -> None:
    with pytest.raises(PlanError, match=r"hip-thrust needs .*barbell \(or dumbbell\)"):
        plan(level=Level.INTERMEDIATE, equipment=NONE, include=("hip-thrust",))


def test_excluding_too_much_leaves_fewer_than_two_hip_extension_exercises() -> None:
    with pytest.raises(PlanError, match="only 1 hip extension") as info:
        plan(equipment=NONE, exclude=("glute-bridge",))
    assert "standing-kickback" not in str(info.value)  # the one left is not listed as left out
    assert "mat" in str(info.value.hint)


def test_no_supporting_work_available() -> None:
    support = [
        ex.id
        for ex in LIB
        if ex.pattern.value in ("hip_abduction", "hip_adduction", "hip_rotation")
    ]
    with pytest.raises(PlanError, match="abduction, adduction or rotation"):
        plan(exclude=tuple(support))


def test_no_stretch_available() -> None:
    stretches = [ex.id for ex in LIB if ex.pattern.value == "hip_flexor_stretch"]
    with pytest.raises(PlanError, match="hip flexor stretch"):
        plan(exclude=tuple(stretches))


def test_unknown_ids_and_words() -> None:
    with pytest.raises(UnknownIdError, match="glute-brige"):
        plan(exclude=("glute-brige",))
    with pytest.raises(UnknownIdError, match="level"):
        parse_level("expert")
    with pytest.raises(UnknownIdError, match="goal"):
        parse_goal("bulk")
    assert parse_goal("Athletic Power") is Goal.ATHLETIC_POWER
    assert parse_level(" Intermediate") is Level.INTERMEDIATE


def test_contradictions() -> None:
    with pytest.raises(UsageError, match="both included and excluded"):
        plan(include=("glute-bridge",), exclude=("glute-bridge",))
    with pytest.raises(UsageError, match="more than 3"):
        plan(
            level=Level.ADVANCED,
            include=("glute-bridge", "hip-thrust", "step-up", "standing-kickback"),
        )
    with pytest.raises(UsageError, match="--weeks"):
        plan(weeks=0)

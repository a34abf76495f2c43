"""Progression responds to reps, load, logged form and pain, and always names its rule."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hipcoach.store import LoggedSession, SetEntry
from hipcoach.training.progression import Progression, ProgressionSettings

DAY0 = date(2026, 3, 2)


def session(
    exercise: str,
    reps: list[int],
    *,
    n: int = 0,
    load: float | None = None,
    form: str | None = "good",
    score: float | None = None,
    pain: int | None = None,
    lo: int = 8,
    hi: int = 12,
    side: str = "both",
    hold: float | None = None,
    faults: tuple[str, ...] = (),
) -> LoggedSession:
    return LoggedSession(
        day=DAY0 + timedelta(days=2 * n),
        entries=tuple(
            SetEntry(
                exercise_id=exercise,
                set_index=i,
                side=side,  # type: ignore[arg-type]
                target_reps_min=lo,
                target_reps_max=hi,
                reps=r,
                load_kg=load,
                form=form,  # type: ignore[arg-type]
                form_score=score,
                pain=pain,
                hold_s=hold,
                faults=faults,
            )
            for i, r in enumerate(reps, start=1)
        ),
    )


@pytest.fixture(scope="module")
def engine() -> Progression:
    return Progression()


CASES = [
    # (name, exercise, sessions, expected rule, expected action, next exercise, next load, goal)
    ("nothing logged", "hip-thrust", [], "start", "start", "hip-thrust", None, 8),
    (
        "inside the range adds a rep",
        "hip-thrust",
        [session("hip-thrust", [10, 10, 9], load=40)],
        "add-reps",
        "add_reps",
        "hip-thrust",
        40,
        10,
    ),
    (
        "top of the range adds 5 % load",
        "hip-thrust",
        [session("hip-thrust", [12, 12, 12], load=40)],
        "double-progression",
        "add_load",
        "hip-thrust",
        42,
        8,
    ),
    (
        "one set short of the top keeps the load",
        "hip-thrust",
        [session("hip-thrust", [12, 12, 11], load=40)],
        "add-reps",
        "add_reps",
        "hip-thrust",
        40,
        12,
    ),
    (
        "top of the range at bodyweight moves to a harder exercise",
        "glute-bridge",
        [session("glute-bridge", [12, 12, 12])],
        "double-progression",
        "next_exercise",
        "hip-thrust",
        None,
        8,
    ),
    (
        "2-for-2: last set +2 over the top twice adds 10 %",
        "hip-thrust",
        [
            session("hip-thrust", [14, 14, 14], load=40, n=0),
            session("hip-thrust", [15, 14, 14], load=40, n=1),
        ],
        "two-for-two",
        "add_load",
        "hip-thrust",
        44,
        8,
    ),
    (
        "2-for-2 needs two sessions: one gives the normal step",
        "hip-thrust",
        [session("hip-thrust", [14, 14, 14], load=40)],
        "double-progression",
        "add_load",
        "hip-thrust",
        42,
        8,
    ),
    (
        "form not reported holds even at the top",
        "hip-thrust",
        [session("hip-thrust", [12, 12, 12], load=40, form=None)],
        "form-gate",
        "hold",
        "hip-thrust",
        40,
        12,
    ),
    (
        "form must be good in both of the last two sessions",
        "hip-thrust",
        [
            session("hip-thrust", [11, 11, 11], load=40, form=None, n=0),
            session("hip-thrust", [12, 12, 12], load=40, n=1),
        ],
        "form-gate",
        "hold",
        "hip-thrust",
        40,
        12,
    ),
    (
        "coach score counts as good form",
        "hip-thrust",
        [session("hip-thrust", [12, 12, 12], load=40, form=None, score=0.9)],
        "double-progression",
        "add_load",
        "hip-thrust",
        42,
        8,
    ),
    (
        "poor form with load: lighten by 10 %",
        "hip-thrust",
        [session("hip-thrust", [12, 12, 12], load=40, form="poor")],
        "poor-form",
        "reduce_load",
        "hip-thrust",
        36,
        8,
    ),
    (
        "coach-measured poor form at bodyweight: easier exercise",
        "hip-thrust",
        [session("hip-thrust", [12, 12, 12], form=None, score=0.4, faults=("hyperextension",))],
        "poor-form",
        "easier_exercise",
        "glute-bridge",
        None,
        8,
    ),
    (
        "moderate pain holds the prescription",
        "hip-thrust",
        [session("hip-thrust", [12, 12, 12], load=40, pain=3)],
        "pain-hold",
        "hold",
        "hip-thrust",
        40,
        12,
    ),
    (
        "pain 6 steps back to an easier exercise",
        "hip-thrust",
        [session("hip-thrust", [12, 12, 12], load=40, pain=6)],
        "pain-regress",
        "easier_exercise",
        "glute-bridge",
        None,
        8,
    ),
    (
        "pain with nothing easier in the library: less load",
        "glute-bridge",
        [session("glute-bridge", [12, 12, 12], load=10, pain=7)],
        "pain-regress",
        "reduce_load",
        "glute-bridge",
        9,
        8,
    ),
    (
        "most sets short of the range with load: lighter",
        "hip-thrust",
        [session("hip-thrust", [6, 6, 8], load=40)],
        "below-range",
        "reduce_load",
        "hip-thrust",
        36,
        8,
    ),
    (
        "per-side work needs both sides at the top",
        "quadruped-kickback",
        [
            LoggedSession(
                day=DAY0,
                entries=session("quadruped-kickback", [12, 12], side="left").entries
                + session("quadruped-kickback", [12, 11], side="right").entries,
            )
        ],
        "add-reps",
        "add_reps",
        "quadruped-kickback",
        None,
        12,
    ),
    (
        "per-side work at the top moves on",
        "quadruped-kickback",
        [
            LoggedSession(
                day=DAY0,
                entries=session("quadruped-kickback", [12, 12], side="left").entries
                + session("quadruped-kickback", [12, 12], side="right").entries,
            )
        ],
        "double-progression",
        "next_exercise",
        "prone-ball-hip-extension",
        None,
        10,
    ),
    (
        "timed holds progress by time",
        "copenhagen-plank-short-lever",
        [session("copenhagen-plank-short-lever", [1, 1], lo=1, hi=1, hold=21, side="left")],
        "timed-hold",
        "add_reps",
        "copenhagen-plank-short-lever",
        None,
        1,
    ),
]


@pytest.mark.parametrize(
    ("exercise", "sessions", "rule", "action", "next_id", "load", "goal"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_rules(
    engine: Progression,
    exercise: str,
    sessions: list[LoggedSession],
    rule: str,
    action: str,
    next_id: str,
    load: float | None,
    goal: int,
) -> None:
    d = engine.decide(exercise, sessions)
    assert (d.rule, d.action) == (rule, action), d.reason
    assert d.next.exercise_id == next_id
    assert d.next.load_kg == load
    assert d.next.reps_goal == goal
    assert d.reason and d.reason[0].isupper() and d.reason.endswith(".")
    assert d.to_dict()["next"]["text"] == d.next.describe()


def test_only_the_latest_sessions_matter_and_order_does_not(engine: Progression) -> None:
    old_pain = session("hip-thrust", [12, 12, 12], load=40, pain=8, n=0)
    recent = [session("hip-thrust", [10, 10, 10], load=40, n=k) for k in (1, 2)]
    d = engine.decide("hip-thrust", [recent[1], old_pain, recent[0]])
    assert d.rule == "add-reps"


def test_thresholds_are_settings() -> None:
    lenient = Progression(settings=ProgressionSettings(pain_hold=7, pain_regress=9))
    d = lenient.decide("hip-thrust", [session("hip-thrust", [12, 12, 12], load=40, pain=6)])
    assert d.rule == "double-progression"


def test_small_loads_step_by_the_smallest_increment(engine: Progression) -> None:
    d = engine.decide("hip-thrust", [session("hip-thrust", [12, 12, 12], load=2)])
    assert d.next.load_kg == 2.5
    assert "smallest step" in d.reason


def test_reason_names_faults_seen(engine: Progression) -> None:
    s = session("glute-bridge", [12, 12], form="poor", faults=("hyperextension", "missed-hold"))
    d = engine.decide("glute-bridge", [s])
    assert d.rule == "poor-form" and "hyperextension, missed-hold" in d.reason


def test_sets_of_other_exercises_are_ignored(engine: Progression) -> None:
    other = session("step-up", [20, 20], load=10, pain=9)
    d = engine.decide("hip-thrust", [other, session("hip-thrust", [9, 9], load=40)])
    assert d.rule == "add-reps"


def test_unknown_exercise(engine: Progression) -> None:
    from hipcoach.errors import UnknownIdError

    with pytest.raises(UnknownIdError):
        engine.decide("hip-thrusts", [])

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hipcoach.errors import DataError, UnknownIdError, UsageError
from hipcoach.store import Store, StoredPlan, open_store
from hipcoach.training.log import log_manual, parse_load, parse_reps
from hipcoach.training.log_coach import log_analysis

DAY = date(2026, 3, 2)  # a Monday


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store (tests/store covers PostgreSQL)."""
    s = open_store(url=f"sqlite:///{tmp_path / 'log.db'}")
    try:
        yield s
    finally:
        s.close()


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("40", 40.0),
        ("40kg", 40.0),
        ("40 KG", 40.0),
        ("12,5", 12.5),
        ("100lb", 45.36),
        ("bodyweight", None),
        ("bw", None),
        ("0", None),
        (None, None),
        (7.5, 7.5),
    ],
)
def test_parse_load(text: Any, kg: float | None) -> None:
    assert parse_load(text) == kg


@pytest.mark.parametrize("text", ["heavy", "-5", "20 stone", "1e3"])
def test_parse_load_refuses(text: str) -> None:
    with pytest.raises(UsageError, match="load"):
        parse_load(text)


def test_parse_reps() -> None:
    assert parse_reps("12, 11;10") == [12, 11, 10]
    assert parse_reps(None) == []
    with pytest.raises(UsageError, match="'x' is not a whole number"):
        parse_reps("12,x")


def test_bilateral_sets_with_library_targets(store: Store) -> None:
    s = log_manual(store, "hip-thrust", day=DAY, reps=[10], sets=3, load_kg=40, rir=2, form="good")
    assert [(e.set_index, e.side, e.reps, e.load_kg) for e in s.entries] == [
        (1, "both", 10, 40),
        (2, "both", 10, 40),
        (3, "both", 10, 40),
    ]
    assert {(e.target_reps_min, e.target_reps_max) for e in s.entries} == {(8, 12)}
    assert s.source == "manual" and s.planned_ref is None


def test_unilateral_logs_each_side(store: Store) -> None:
    s = log_manual(store, "quadruped-kickback", day=DAY, reps=[12, 10])
    assert [(e.side, e.set_index, e.reps) for e in s.entries] == [
        ("left", 1, 12),
        ("left", 2, 10),
        ("right", 1, 12),
        ("right", 2, 10),
    ]
    s2 = log_manual(store, "step-up", day=DAY, reps_by_side={"left": [15], "right": [14, 13]})
    step = [e for e in s2.entries if e.exercise_id == "step-up"]
    assert [(e.side, e.reps) for e in step] == [("left", 15), ("right", 14), ("right", 13)]
    s3 = log_manual(store, "clamshell", day=DAY, reps=[15], side="right", new_session=True)
    assert [e.side for e in s3.entries] == ["right"]


def test_same_day_appends_unless_new_session(store: Store) -> None:
    a = log_manual(store, "hip-thrust", day=DAY, reps=[10])
    b = log_manual(store, "clamshell", day=DAY, reps=[12])
    assert a.id == b.id and b.exercises() == ["hip-thrust", "clamshell"]
    c = log_manual(store, "hip-thrust", day=DAY, reps=[10], new_session=True)
    assert c.id != a.id
    assert len(store.sessions()) == 2


def test_timed_exercise_needs_no_reps(store: Store) -> None:
    s = log_manual(store, "couch-stretch", day=DAY, hold_s=30, sets=2)
    assert [(e.reps, e.hold_s, e.target_hold_s) for e in s.entries][:2] == [
        (1, 30, 30),
        (1, 30, 30),
    ]


@pytest.mark.parametrize(
    ("exercise", "kwargs", "match"),
    [
        ("glute-bridge", {"reps": [10], "side": "left"}, "no left side"),
        ("glute-bridge", {"reps": [10, 9], "sets": 3}, "--sets 3 but 2 rep counts"),
        ("glute-bridge", {}, "how many reps"),
        ("glute-bridge", {"reps": [10], "pain": 12}, "pain must be between 0 and 10"),
        ("glute-bridge", {"reps": [10], "form": "ok"}, "form must be one of"),
        ("clamshell", {"reps": [10], "side": "up"}, "side must be left, right or both"),
    ],
)
def test_bad_manual_input_writes_nothing(
    store: Store, exercise: str, kwargs: dict[str, Any], match: str
) -> None:
    with pytest.raises(UsageError, match=match):
        log_manual(store, exercise, day=DAY, **kwargs)
    assert store.sessions() == []


def test_unknown_exercise(store: Store) -> None:
    with pytest.raises(UnknownIdError, match="did you mean hip-thrust"):
        log_manual(store, "hip-thrusts", day=DAY, reps=[10])


def _plan() -> StoredPlan:
    # The planner's stored shape: Plan.to_dict() with sessions carrying week, day, weekday.
    return StoredPlan(
        inputs={"days": 2},
        start=DAY,
        plan={
            "sessions": [
                {
                    "week": 1,
                    "day": 1,
                    "weekday": "Mon",
                    "items": [
                        {
                            "exercise_id": "hip-thrust",
                            "role": "main",
                            "sets": 3,
                            "reps": [6, 10],
                            "hold_s": 1,
                            "per_side": False,
                            "load": "20 kg barbell",
                        },
                        {
                            "exercise_id": "clamshell",
                            "role": "support",
                            "sets": 2,
                            "reps": [10, 15],
                            "hold_s": 0,
                            "per_side": True,
                            "load": None,
                        },
                    ],
                },
                {
                    "week": 1,
                    "day": 2,
                    "weekday": "Thu",
                    "items": [
                        {
                            "exercise_id": "glute-bridge",
                            "role": "main",
                            "sets": 2,
                            "reps": [8, 12],
                            "hold_s": 2,
                            "per_side": False,
                            "load": None,
                        },
                    ],
                },
            ]
        },
    )


def test_target_comes_from_the_active_plan(store: Store) -> None:
    saved = store.save_plan(_plan())
    s = log_manual(store, "hip-thrust", day=DAY, reps=[8, 8, 7], load_kg=20)
    e = s.entries[0]
    assert (e.target_reps_min, e.target_reps_max, e.target_hold_s, e.target_load_kg) == (
        6,
        10,
        1,
        20,
    )
    assert s.planned_ref == f"plan:{saved.id}/w1d1"
    # Not in the plan: the library scheme.
    other = log_manual(store, "step-up", day=DAY, reps=[15], new_session=True)
    assert (other.entries[0].target_reps_min, other.entries[0].target_reps_max) == (15, 20)


ANALYSIS = {
    "schema_version": 1,
    "exercise": {"id": "quadruped-kickback", "confidence": 0.93},
    "sets": [
        {
            "index": 0,
            "side": "left",
            "reps": [
                {"hold_s": 1.0, "rom_deg": 40.0, "faults": []},
                {"hold_s": 2.0, "rom_deg": 44.0, "faults": [{"id": "hyperextension", "t_s": 3.2}]},
            ],
        },
        {
            "index": 1,
            "side": "right",
            "reps": [
                {"hold_s": 1.5, "rom_deg": 42.0, "faults": []},
                {"hold_s": 1.5, "rom_deg": 42.0, "faults": []},
                {"hold_s": 1.5, "rom_deg": 42.0, "faults": []},
                {"hold_s": 1.5, "rom_deg": 42.0, "faults": []},
                {"hold_s": 1.5, "rom_deg": 42.0, "faults": ["leg-above-hip"]},
            ],
        },
        {"index": 2, "side": "r", "reps": []},
    ],
}


def test_log_analysis_records_measured_sets(store: Store) -> None:
    s = log_analysis(store, ANALYSIS, day=DAY, pain=1)
    assert s.source == "analysis"
    left, right = s.entries
    assert (left.side, left.set_index, left.reps, left.hold_s, left.rom_deg) == (
        "left",
        1,
        2,
        1.5,
        42.0,
    )
    assert (left.form_score, left.form, left.faults) == (0.5, "poor", ("hyperextension",))
    assert (right.side, right.set_index, right.reps, right.form_score, right.form) == (
        "right",
        1,
        5,
        0.8,
        "good",
    )
    assert right.faults == ("leg-above-hip",) and right.pain == 1
    assert (right.target_reps_min, right.target_reps_max) == (8, 12)
    assert store.get_session(s.id or 0) == s


def test_log_analysis_accepts_a_plain_exercise_id(store: Store) -> None:
    data = {"exercise": "glute-bridge", "sets": [{"side": "both", "reps": [{"faults": []}]}]}
    s = log_analysis(store, data, day=DAY)
    assert s.entries[0].reps == 1 and s.entries[0].hold_s is None


@pytest.mark.parametrize(
    ("data", "error", "match"),
    [
        ({"sets": []}, DataError, "no exercise id"),
        ({"exercise": "glute-bridge", "sets": {}}, DataError, "'sets' must be a list"),
        (
            {"exercise": "glute-bridge", "sets": [{"side": "both", "reps": []}]},
            DataError,
            "no reps",
        ),
        ({"exercise": "glute-bridge", "sets": [{"side": "up", "reps": [{}]}]}, DataError, "side"),
        (
            {"exercise": "glute-bridge", "sets": [{"reps": [{"hold_s": "long"}]}]},
            DataError,
            "hold_s",
        ),
        ({"exercise": "glute-bridge", "sets": [{"reps": [{"faults": [{}]}]}]}, DataError, "fault"),
        ({"exercise": "bridge", "sets": []}, UnknownIdError, "bridge"),
    ],
)
def test_log_analysis_bad_shapes(
    store: Store, data: dict[str, Any], error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        log_analysis(store, data, day=DAY)
    assert store.sessions() == []


def test_log_analysis_reads_the_real_session_analysis_shape(store: Store) -> None:
    """The coach's own SessionAnalysis.to_dict() goes straight into the log."""
    from dataclasses import replace

    from hipcoach.analysis.results import FaultEvent, Rep, SessionAnalysis, SetResult

    def rep(i: int, faults: tuple[FaultEvent, ...] = ()) -> Rep:
        return Rep(
            set_index=0,
            index=i,
            side="l",
            start_s=2.0 * i,
            top_s=2.0 * i + 0.7,
            end_s=2.0 * i + 1.8,
            peak_deg=178.0,
            bottom_deg=130.0,
            hold_s=2.0,
            up_s=0.7,
            down_s=0.9,
            hip_peak_deg=178.0,
            faults=faults,
        )

    fault = FaultEvent("hyperextension", "hyperextension", 3.0, 0, 1, "l", 195.0, 192.0, "cue")
    analysis = replace(
        SessionAnalysis.empty("glute-bridge"),
        sets=(
            SetResult(
                index=0,
                side="l",
                reps=(rep(0), rep(1, (fault,)), rep(2), rep(3)),
                rest_before_s=None,
            ),
        ),
    )
    s = log_analysis(store, analysis.to_dict(), day=DAY)
    (e,) = s.entries
    assert (e.exercise_id, e.side, e.reps, e.hold_s, e.rom_deg) == (
        "glute-bridge",
        "both",
        4,
        2.0,
        48.0,
    )
    assert (e.form_score, e.form, e.faults) == (0.75, "poor", ("hyperextension",))

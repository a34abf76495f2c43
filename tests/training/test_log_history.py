from __future__ import annotations

from datetime import date, timedelta

from hipcoach.store import LoggedSession, SetEntry, StoredPlan
from hipcoach.training.history import adherence, personal_records, progress_rows

MON = date(2026, 3, 2)


def _s(
    day: date, exercise: str, reps: list[int], load: float | None = None, **kw: object
) -> LoggedSession:
    return LoggedSession(
        day=day,
        entries=tuple(
            SetEntry(exercise_id=exercise, set_index=i, reps=r, load_kg=load, **kw)  # type: ignore[arg-type]
            for i, r in enumerate(reps, start=1)
        ),
    )


def test_progress_rows_summarise_each_session() -> None:
    rows = progress_rows(
        [
            _s(MON + timedelta(days=3), "hip-thrust", [12, 11], 42, rom_deg=60.0, form_score=1.0),
            _s(MON, "hip-thrust", [10, 10, 9], 40, rom_deg=50.0, form="good", pain=2),
            _s(MON, "clamshell", [15]),
        ],
        "hip-thrust",
    )
    assert [r.day for r in rows] == [MON, MON + timedelta(days=3)]
    first, second = rows
    assert (first.sets, first.total_reps, first.best_reps, first.top_load_kg) == (3, 29, 10, 40)
    assert first.volume_kg == 29 * 40 and first.max_pain == 2 and first.form == "good"
    assert (second.mean_rom_deg, second.form_score, second.form) == (60.0, 1.0, None)


def test_personal_records_pick_the_best_and_earliest() -> None:
    prs = personal_records(
        [
            _s(MON, "hip-thrust", [10], 40),
            _s(MON + timedelta(days=2), "hip-thrust", [8], 50),
            _s(MON + timedelta(days=4), "hip-thrust", [8], 50),
            _s(MON + timedelta(days=4), "glute-bridge", [20], hold_s=3.0),
        ]
    )
    by = {(p.exercise_id, p.kind): p for p in prs}
    assert by[("hip-thrust", "heaviest load")].value == 50
    assert by[("hip-thrust", "heaviest load")].day == MON + timedelta(days=2)
    assert by[("hip-thrust", "most reps")].detail == "10 reps at 40 kg"
    assert by[("glute-bridge", "most reps")].detail == "20 reps at bodyweight"
    assert by[("glute-bridge", "longest hold")].value == 3.0
    assert ("glute-bridge", "heaviest load") not in by


def _plan() -> StoredPlan:
    def session(week: int, day: int, weekday: str) -> dict[str, object]:
        return {
            "week": week,
            "day": day,
            "weekday": weekday,
            "items": [
                {"exercise_id": "walk-and-leg-swings", "role": "warm_up", "sets": 1},
                {"exercise_id": "hip-thrust", "role": "main", "sets": 3, "per_side": False},
                {"exercise_id": "clamshell", "role": "support", "sets": 2, "per_side": True},
            ],
        }

    sessions = [session(w, d, wd) for w in (1, 2) for d, wd in ((1, "Mon"), (2, "Thu"))]
    # Stored mid-week: the plan's weeks start on that week's Monday.
    return StoredPlan(inputs={}, plan={"sessions": sessions}, start=MON + timedelta(days=1))


def test_adherence_counts_sessions_and_sets_due() -> None:
    logged = [
        _s(MON, "hip-thrust", [10, 10, 10]),  # w1d1 on time, 3 of 7 sets (clamshell skipped)
        _s(MON + timedelta(days=4), "clamshell", [12, 12, 12, 12]),  # w1d2 a day late, 4 of 7
        _s(MON + timedelta(days=8), "step-up", [15]),  # not in the plan
    ]
    report = adherence(_plan(), logged, until=MON + timedelta(days=9))
    assert [(s.week, s.day, s.date) for s in report.sessions] == [
        (1, 1, MON),
        (1, 2, MON + timedelta(days=3)),
        (2, 1, MON + timedelta(days=7)),
    ]
    assert [s.done for s in report.sessions] == [True, True, False]
    assert [s.planned_sets for s in report.sessions] == [7, 7, 7]
    assert report.planned == 3 and report.done == 2
    assert report.session_rate == 2 / 3
    assert report.set_rate == (3 + 4) / 21
    assert report.to_dict()["done_sessions"] == 2


def test_adherence_with_nothing_due() -> None:
    report = adherence(_plan(), [], until=MON - timedelta(days=1))
    assert report.planned == 0 and report.session_rate is None and report.set_rate is None

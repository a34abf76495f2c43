from __future__ import annotations

from datetime import date, datetime

import pytest

from hipcoach.errors import UsageError
from hipcoach.store import BreakRecord, LoggedSession, SetEntry, Store, StoredPlan, open_store


def _session(
    day: date, exercise: str = "glute-bridge", sets: int = 3, **kw: object
) -> LoggedSession:
    entries = tuple(
        SetEntry(
            exercise_id=exercise,
            set_index=i + 1,
            target_reps_min=8,
            target_reps_max=12,
            reps=10 + i,
            load_kg=20.0,
            hold_s=2.0,
            rir=2,
            pain=1,
            form="good",
            form_score=0.9,
            rom_deg=55.5,
            faults=("short-rep",) if i == 0 else (),
            notes=f"set {i + 1}",
        )
        for i in range(sets)
    )
    return LoggedSession(day=day, entries=entries, **kw)  # type: ignore[arg-type]


def test_session_round_trip_keeps_every_field(store: Store) -> None:
    saved = store.add_session(_session(date(2026, 3, 2), name="Day A", notes="felt strong"))
    assert saved.id is not None
    got = store.get_session(saved.id)
    assert got.day == date(2026, 3, 2)
    assert got.name == "Day A" and got.notes == "felt strong" and got.source == "manual"
    assert [e.reps for e in got.entries] == [10, 11, 12]
    first = got.entries[0]
    assert first.faults == ("short-rep",)
    assert (first.load_kg, first.hold_s, first.rir, first.pain) == (20.0, 2.0, 2, 1)
    assert (first.form, first.form_score, first.rom_deg) == ("good", 0.9, 55.5)
    assert (first.target_reps_min, first.target_reps_max) == (8, 12)
    assert got.entries[2].reached_top and not first.reached_top


def test_add_sessions_is_all_or_nothing(store: Store) -> None:
    def sessions():  # type: ignore[no-untyped-def]
        yield _session(date(2026, 3, 2))
        yield _session(date(2026, 3, 3))
        raise RuntimeError("import failed half-way")

    with pytest.raises(RuntimeError):
        store.add_sessions(sessions())
    assert store.sessions() == []


def test_sessions_filter_order_and_limit(store: Store) -> None:
    store.add_session(_session(date(2026, 3, 4), "hip-thrust"))
    store.add_session(_session(date(2026, 3, 2)))
    mixed = _session(date(2026, 3, 6))
    mixed = LoggedSession(
        day=mixed.day, entries=mixed.entries + _session(mixed.day, "step-up", 1).entries
    )
    store.add_session(mixed)
    assert [s.day.day for s in store.sessions()] == [2, 4, 6]
    assert [s.day.day for s in store.sessions(start=date(2026, 3, 3))] == [4, 6]
    assert [s.day.day for s in store.sessions(end=date(2026, 3, 4))] == [2, 4]
    only = store.sessions(exercise_id="step-up")
    assert len(only) == 1 and [e.exercise_id for e in only[0].entries] == ["step-up"]
    assert [s.day.day for s in store.sessions(limit=2)] == [4, 6]
    assert store.exercise_ids() == ["glute-bridge", "step-up", "hip-thrust"]


def test_add_entries_appends_in_order_and_delete_cascades(store: Store) -> None:
    saved = store.add_session(_session(date(2026, 3, 2), sets=1))
    assert saved.id is not None
    grown = store.add_entries(saved.id, _session(saved.day, "hip-thrust", 2).entries)
    assert [e.exercise_id for e in grown.entries] == ["glute-bridge", "hip-thrust", "hip-thrust"]
    assert store.find_session(date(2026, 3, 2), source="manual") == grown
    assert store.find_session(date(2026, 3, 2), source="import") is None
    store.delete_session(saved.id)
    assert store.sessions() == []
    assert store.info().counts["set_entries"] == 0
    with pytest.raises(UsageError, match="no logged session with id"):
        store.get_session(saved.id)


def test_plans_keep_one_active(store: Store) -> None:
    first = store.save_plan(
        StoredPlan(
            inputs={"days": 2}, plan=[{"week": 1, "day": 1, "items": []}], start=date(2026, 3, 2)
        )
    )
    second = store.save_plan(StoredPlan(inputs={"days": 3}, plan=[], start=date(2026, 3, 9)))
    active = store.active_plan()
    assert active is not None and active.id == second.id and active.inputs == {"days": 3}
    assert [p.active for p in store.plans()] == [False, True]
    assert store.get_plan(first.id or 0).plan == [{"week": 1, "day": 1, "items": []}]
    with pytest.raises(UsageError):
        store.get_plan(999)


def test_breaks_by_day(store: Store) -> None:
    store.add_break(BreakRecord(at=datetime(2026, 3, 2, 9, 30), status="taken", kind="walk"))
    store.add_break(
        BreakRecord(at=datetime(2026, 3, 2, 23, 59, 59), status="skipped", kind="glute-squeeze")
    )
    store.add_break(BreakRecord(at=datetime(2026, 3, 3, 0, 0), status="taken", duration_s=300))
    day = store.breaks_on(date(2026, 3, 2))
    assert [(b.status, b.kind) for b in day] == [("taken", "walk"), ("skipped", "glute-squeeze")]
    assert [b.duration_s for b in store.breaks_on(date(2026, 3, 3))] == [300]
    store.delete_break(day[0].id or 0)
    assert len(store.breaks_on(date(2026, 3, 2))) == 1


def test_reopening_keeps_data_and_schema(db_url: str) -> None:
    with open_store(url=db_url) as s:
        s.add_session(_session(date(2026, 3, 2)))
    with open_store(url=db_url) as s:
        info = s.info()
        assert info.counts["sessions"] == 1 and info.counts["set_entries"] == 3
        assert info.schema_version == 1 and info.revision == "0001_initial"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pain": 11}, "pain must be between 0 and 10"),
        ({"rir": -1}, "RIR"),
        ({"form": "great"}, "form must be one of good, poor"),
        ({"form_score": 1.5}, "form score"),
        ({"side": "middle"}, "side must be one of"),
        ({"set_index": 0}, "set index"),
        ({"target_reps_min": 12, "target_reps_max": 8}, "min is above max"),
        ({"load_kg": float("nan")}, "not a number"),
    ],
)
def test_bad_values_are_refused_before_any_write(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        SetEntry(exercise_id="glute-bridge", set_index=kwargs.pop("set_index", 1), **kwargs)  # type: ignore[arg-type]


def test_bad_break_values() -> None:
    with pytest.raises(UsageError, match="break status"):
        BreakRecord(at=datetime(2026, 1, 1), status="maybe")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="source"):
        LoggedSession(day=date(2026, 1, 1), source="guess")  # type: ignore[arg-type]


def test_migrations_match_the_tables(store: Store) -> None:
    """The shipped Alembic revisions build exactly the schema tables.py declares."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from hipcoach.store.tables import Base

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from hipcoach.errors import DataError, UnknownIdError, UsageError
from hipcoach.store import LoggedSession, SetEntry, Store, open_store
from hipcoach.training.exercise_names import map_exercise_name
from hipcoach.training.exports import CSV_COLUMNS, to_csv, to_json_data
from hipcoach.training.imports import import_file, parse_csv, parse_json

DAY = date(2026, 3, 2)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store (tests/store covers PostgreSQL)."""
    s = open_store(url=f"sqlite:///{tmp_path / 'log.db'}")
    try:
        yield s
    finally:
        s.close()


def _sessions() -> list[LoggedSession]:
    return [
        LoggedSession(
            day=DAY,
            name="Day A",
            notes="felt good, slept well",
            entries=(
                SetEntry(
                    exercise_id="hip-thrust",
                    set_index=1,
                    target_reps_min=8,
                    target_reps_max=12,
                    target_load_kg=40,
                    reps=12,
                    load_kg=40,
                    rir=2,
                    pain=1,
                    form="good",
                    notes='said "easy", moved on',
                ),
                SetEntry(
                    exercise_id="quadruped-kickback",
                    set_index=1,
                    side="left",
                    reps=10,
                    hold_s=1.5,
                    form_score=0.75,
                    rom_deg=41.5,
                    faults=("hyperextension", "hip-rotation"),
                    target_hold_s=1.0,
                ),
                SetEntry(exercise_id="quadruped-kickback", set_index=1, side="right", reps=9),
            ),
        ),
        LoggedSession(
            day=date(2026, 3, 5),
            entries=(
                SetEntry(exercise_id="couch-stretch", set_index=1, side="left", reps=1, hold_s=30),
            ),
        ),
    ]


def _comparable(sessions: list[LoggedSession]) -> list[tuple[object, ...]]:
    return [
        (
            s.day,
            s.name,
            s.notes,
            tuple(e.__class__(**{**e.__dict__, "id": None}) for e in s.entries),
        )
        for s in sessions
    ]


def test_csv_has_strong_like_columns_first() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(_sessions()))))
    assert rows[0][:4] == ["Date", "Workout Name", "Exercise Name", "Set Order"]
    assert {"Weight", "Reps", "Seconds", "RPE", "Notes", "Side", "Pain", "RIR", "Form"} <= set(
        rows[0]
    )
    first = dict(zip(CSV_COLUMNS, rows[1], strict=True))
    assert first["Exercise Name"] == "Hip thrust" and first["Weight"] == "40"
    assert first["RPE"] == "8" and first["RIR"] == "2" and first["Target Reps"] == "8-12"
    assert len(rows) == 1 + 4


def test_csv_round_trip_is_lossless() -> None:
    report = parse_csv(to_csv(_sessions()))
    assert report.unmapped == [] and report.rows_read == 4
    assert _comparable(report.sessions) == [
        (s[0], s[1] if s[1] else "hipcoach", s[2], s[3]) for s in _comparable(_sessions())
    ]
    assert {s.source for s in report.sessions} == {"import"}


def test_json_round_trip_is_lossless() -> None:
    text = json.dumps(to_json_data(_sessions()))
    report = parse_json(text)
    assert _comparable(report.sessions) == _comparable(_sessions())


STRONG = """Date;Workout Name;Duration;Exercise Name;Set Order;Weight;Reps;Distance;Seconds;Notes;Workout Notes;RPE
2023-01-05 07:13:37;Lower A;45m;Hip Thrust (Barbell);1;135;10;0;0;;;8
2023-01-05 07:13:37;Lower A;45m;Hip Thrust (Barbell);2;135;9;0;0;;;9.5
2023-01-05 07:13:37;Lower A;45m;Squat (Barbell);1;185;5;0;0;;;
2023-01-05 07:13:37;Lower A;45m;Glute Kickback (Machine);1;50;12;0;0;;;
2023-01-08 08:00:00;Lower B;40m;Step-up;1;20;15;0;0;left leg first;;
2023-01-08 08:00:00;Lower B;40m;Plank;1;0;0;0;60;;;
"""


def test_strong_file_maps_names_and_reports_the_rest() -> None:
    report = parse_csv(STRONG, unit="lb")
    assert report.rows_read == 6
    assert [(r, n) for r, n in report.unmapped] == [(4, "Squat (Barbell)"), (7, "Plank")]
    assert report.mapped_names == {
        "Hip Thrust (Barbell)": "hip-thrust",
        "Glute Kickback (Machine)": "quadruped-kickback",
        "Step-up": "step-up",
    }
    a, b = report.sessions
    assert (a.day, a.name, b.day, b.name) == (
        date(2023, 1, 5),
        "Lower A",
        date(2023, 1, 8),
        "Lower B",
    )
    thrust = a.entries_for("hip-thrust")
    assert [e.load_kg for e in thrust] == [61.23, 61.23]  # 135 lb
    assert [e.rir for e in thrust] == [2, 0]  # RPE 8 -> 2 in reserve; 9.5 rounds to 0
    assert b.entries[0].notes == "left leg first"


def test_overrides_map_the_unmapped() -> None:
    report = parse_csv(STRONG, overrides={"Squat (Barbell)": "step-up"})
    assert [n for _, n in report.unmapped] == ["Plank"]
    with pytest.raises(UnknownIdError):
        parse_csv(STRONG, overrides={"Plank": "plank"})


def test_hevy_style_headers() -> None:
    text = (
        '"title","start_time","end_time","exercise_title","set_index","set_type","weight_kg","reps","duration_seconds","rpe"\n'
        '"Glutes","05 Jan 2023, 07:13","05 Jan 2023, 08:00","Barbell Hip Thrust","0","normal","60","10","",""\n'
        '"Glutes","05 Jan 2023, 07:13","05 Jan 2023, 08:00","Barbell Hip Thrust","1","normal","60","8","",""\n'
    )
    report = parse_csv(text)
    (s,) = report.sessions
    assert s.day == date(2023, 1, 5) and s.name == "Glutes"
    assert [(e.set_index, e.reps, e.load_kg) for e in s.entries] == [(1, 10, 60), (2, 8, 60)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Hip Thrust (Barbell)", "hip-thrust"),
        ("glute bridge", "glute-bridge"),
        ("Glute Brdige", "glute-bridge"),  # a typo still maps
        ("Donkey Kicks", "quadruped-kickback"),
        ("hip-thrust", "hip-thrust"),
        ("Ball bridge without the curl", "ball-bridge-curl"),  # a variant's name
        ("Deadlift (Barbell)", None),
        ("Hip Abductor (Machine)", None),
    ],
)
def test_map_exercise_name(name: str, expected: str | None) -> None:
    from hipcoach.library import load_library

    assert map_exercise_name(name, load_library()) == expected


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "empty"),
        ("Name,Weight\nx,1\n", "no date"),
        (
            "Date,Exercise Name,Reps\n2026-03-02,Glute bridge,ten\n",
            "row 2, column 'Reps': 'ten' is not a whole number",
        ),
        ("Date,Exercise Name,Reps\n2026-03-02,Glute bridge,10.5\n", "not a whole number"),
        ("Date,Exercise Name,Reps\nyesterday,Glute bridge,10\n", "row 2, column 'Date'"),
        (
            "Date,Exercise Name,Reps,Pain\n2026-03-02,Glute bridge,10,11\n",
            "row 2: pain must be between 0 and 10",
        ),
        (
            "Date,Exercise Name,Reps\n2026-03-02,Glute bridge,10,extra\n",
            "more cells than the header",
        ),
        ("Date,Exercise Name,Reps,RPE\n2026-03-02,Glute bridge,10,14\n", "RPE between 0 and 10"),
        ("Date,Exercise Name,Reps,Side\n2026-03-02,Glute bridge,10,up\n", "side must be one of"),
        ("Date,Exercise Name\n2026-03-02,Glute bridge\n", "Reps, Seconds or Weight"),
    ],
)
def test_malformed_csv_is_refused(text: str, match: str) -> None:
    with pytest.raises(DataError, match=match):
        parse_csv(text)


def test_import_is_transactional_and_skips_duplicates(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(to_csv(_sessions()), encoding="utf-8")
    bad = tmp_path / "bad.csv"
    # A bad cell on the last row: the first rows must not be written either.
    bad.write_text(
        to_csv(_sessions()).rstrip("\n") + "\n2026-03-09,x,Glute bridge,1,abc,kg,10\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="row 6, column 'Weight'"):
        import_file(store, bad)
    assert store.sessions() == []

    dry = import_file(store, good, dry_run=True)
    assert len(dry.sessions) == 2 and store.sessions() == []
    first = import_file(store, good)
    assert len(first.sessions) == 2 and all(s.id for s in first.sessions)
    again = import_file(store, good)
    assert again.duplicates == 4 and again.sessions == []
    assert len(store.sessions()) == 2


def test_import_json_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "log.json"
    path.write_text(json.dumps(to_json_data(_sessions())), encoding="utf-8")
    assert len(import_file(store, path).sessions) == 2
    assert [e.faults for e in store.sessions()[0].entries][1] == ("hyperextension", "hip-rotation")


@pytest.mark.parametrize(
    ("content", "error", "match"),
    [
        ("{not json", DataError, "not valid JSON"),
        ('{"sessions": []}', DataError, "not a hipcoach log export"),
        ('{"format": "hipcoach-log", "version": 99}', DataError, "newer"),
        (
            '{"format": "hipcoach-log", "version": 1, "sessions": [{"sets": [{"exercise_id": "glute-bridge"}]}]}',
            DataError,
            "session 1",
        ),
        (
            '{"format": "hipcoach-log", "version": 1, "sessions": [{"day": "2026-03-02", "sets": [{"exercise_id": "glute-bridge", "set_index": 1, "pain": 20}]}]}',
            DataError,
            "pain",
        ),
    ],
)
def test_bad_json_import(
    store: Store, tmp_path: Path, content: str, error: type, match: str
) -> None:
    path = tmp_path / "log.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(error, match=match):
        import_file(store, path)
    assert store.sessions() == []


def test_import_missing_or_binary_file(store: Store, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        import_file(store, tmp_path / "missing.csv")
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\xff\xfe\x00\x81\x82")
    with pytest.raises(DataError, match="not a text file"):
        import_file(store, binary)

"""``hipcoach log`` and ``hipcoach progress`` end to end, including bad input (no tracebacks)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[[list[str]], tuple[int, str, str]]


def _ok(cli: Cli, args: list[str]) -> str:
    code, out, err = cli(args)
    assert code == 0, err
    return out


def test_add_show_history_records(cli: Cli) -> None:
    out = _ok(
        cli,
        [
            "log",
            "add",
            "hip-thrust",
            "--reps",
            "12,11,10",
            "--load",
            "40kg",
            "--rir",
            "2",
            "--pain",
            "1",
            "--form",
            "good",
            "--date",
            "2026-03-02",
            "--notes",
            "solid",
        ],
    )
    assert "Hip thrust" in out and "8-12" in out and "40 kg" in out
    _ok(
        cli,
        [
            "log",
            "add",
            "step-up",
            "--left",
            "15,15",
            "--right",
            "14,13",
            "--load",
            "20lb",
            "--date",
            "2026-03-02",
        ],
    )
    shown = json.loads(_ok(cli, ["log", "show", "--json"]))
    assert shown["day"] == "2026-03-02" and len(shown["sets"]) == 7
    step = [s for s in shown["sets"] if s["exercise_id"] == "step-up"]
    assert [(s["side"], s["reps"], s["load_kg"]) for s in step] == [
        ("left", 15, 9.07),
        ("left", 15, 9.07),
        ("right", 14, 9.07),
        ("right", 13, 9.07),
    ]
    hist = json.loads(_ok(cli, ["log", "history", "--json"]))
    assert len(hist) == 1 and hist[0]["id"] == shown["id"]
    assert "hip-thrust, step-up" in _ok(cli, ["log", "history"])
    prs = json.loads(_ok(cli, ["log", "records", "--json"]))
    assert {
        "exercise_id": "hip-thrust",
        "kind": "heaviest load",
        "value": 40.0,
        "unit": "kg",
        "detail": "40 kg x 12",
        "day": "2026-03-02",
    } in prs


def test_progress_follows_logged_form_and_pain(cli: Cli) -> None:
    _ok(
        cli,
        [
            "log",
            "add",
            "hip-thrust",
            "-r",
            "12",
            "-s",
            "3",
            "-w",
            "40",
            "--form",
            "good",
            "-d",
            "2026-03-02",
        ],
    )
    (d,) = json.loads(_ok(cli, ["progress", "hip-thrust", "--json"]))
    assert (d["rule"], d["next"]["load_kg"]) == ("double-progression", 42.0)
    _ok(
        cli,
        [
            "log",
            "add",
            "hip-thrust",
            "-r",
            "8",
            "-s",
            "3",
            "-w",
            "42",
            "--form",
            "poor",
            "-d",
            "2026-03-04",
        ],
    )
    (d,) = json.loads(_ok(cli, ["progress", "hip-thrust", "--json"]))
    assert (d["rule"], d["action"], d["next"]["load_kg"]) == ("poor-form", "reduce_load", 38.0)
    _ok(
        cli,
        [
            "log",
            "add",
            "hip-thrust",
            "-r",
            "8",
            "-s",
            "3",
            "-w",
            "38",
            "--form",
            "good",
            "--pain",
            "6",
            "-d",
            "2026-03-06",
        ],
    )
    (d,) = json.loads(_ok(cli, ["progress", "hip-thrust", "--json"]))
    assert (d["rule"], d["next"]["exercise_id"]) == ("pain-regress", "glute-bridge")
    out = _ok(cli, ["progress"])
    assert "pain-regress" in out and "Glute bridge" in out


def test_trend_chart_export_import(cli: Cli, tmp_path: Path) -> None:
    for day, reps in (("2026-03-02", "10,10"), ("2026-03-05", "12,11")):
        _ok(cli, ["log", "add", "glute-bridge", "-r", reps, "-d", day, "--form", "good"])
    rows = json.loads(_ok(cli, ["log", "trend", "glute-bridge", "--json"]))
    assert [r["best_reps"] for r in rows] == [10, 12]
    assert "Glute bridge: progress" in _ok(cli, ["log", "trend", "glute-bridge"])
    png, svg = tmp_path / "p.png", tmp_path / "sub" / "p.svg"
    _ok(cli, ["log", "chart", "glute-bridge", "-o", str(png)])
    _ok(cli, ["log", "chart", "glute-bridge", "-o", str(svg)])
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in svg.read_bytes()[:2000]
    csv_path = tmp_path / "log.csv"
    _ok(cli, ["log", "export", "-o", str(csv_path)])
    assert csv_path.read_text().startswith("Date,Workout Name,Exercise Name,Set Order")
    exported_json = json.loads(_ok(cli, ["log", "export", "--format", "json"]))
    assert len(exported_json["sessions"]) == 2
    # Importing our own export again changes nothing (duplicates skipped).
    report = json.loads(_ok(cli, ["log", "import", str(csv_path), "--json"]))
    assert report["duplicate_sets_skipped"] == 4 and report["sessions"] == 0


def test_import_reports_unmapped_rows(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "strong.csv"
    path.write_text(
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n"
        "2023-01-05 07:13:37,Lower,Hip Thrust (Barbell),1,100,10\n"
        "2023-01-05 07:13:37,Lower,Bulgarian Split Squat,1,20,8\n",
        encoding="utf-8",
    )
    code, out, err = cli(["log", "import", str(path), "--unit", "lb"])
    assert code == 0
    assert "Imported 1 session (1 set)" in out and "'Hip Thrust (Barbell)' -> hip-thrust" in out
    assert "1 row not imported" in err and "Bulgarian Split Squat" in err and "--map" in err
    code, out, _ = cli(
        ["log", "import", str(path), "--unit", "lb", "--map", "Bulgarian Split Squat=step-up"]
    )
    assert code == 0 and "Imported 1 session (1 set)" in out  # the thrust row is a duplicate
    assert "Skipped 1 set already in the log" in out


def test_adherence_against_a_plan_file(cli: Cli, tmp_path: Path) -> None:
    plan = [
        {
            "week": 1,
            "day": 1,
            "weekday": "Mon",
            "items": [
                {"exercise_id": "glute-bridge", "role": "main", "sets": 3, "per_side": False}
            ],
        }
    ]
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    _ok(cli, ["log", "add", "glute-bridge", "-r", "10", "-s", "2", "-d", "2026-03-02"])
    report = json.loads(
        _ok(
            cli,
            [
                "log",
                "adherence",
                "--plan",
                str(path),
                "--start",
                "2026-03-02",
                "--until",
                "2026-03-08",
                "--json",
            ],
        )
    )
    assert report["done_sessions"] == 1 and report["set_rate"] == pytest.approx(2 / 3)
    out = _ok(cli, ["log", "adherence", "--plan", str(path), "--start", "2026-03-02"])
    assert "Sessions done: 1/1" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["log", "add", "hip-thrust", "--reps", "10", "--date", "03/02/2026"], 2, "is not a date"),
        (["log", "add", "hip-thrust", "--reps", "10", "--load", "heavy"], 2, "is not a weight"),
        (
            ["log", "add", "hip-thrust", "--reps", "10", "--pain", "11"],
            2,
            "pain must be between 0 and 10",
        ),
        (["log", "add", "hip-thrust", "--reps", "10", "--form", "great"], 2, "form must be one of"),
        (["log", "add", "hip-thrusts", "--reps", "10"], 2, "did you mean hip-thrust"),
        (["log", "add", "hip-thrust"], 2, "how many reps"),
        (
            ["log", "add", "clamshell", "--left", "10", "--side", "left"],
            2,
            "either --side or --left",
        ),
        (["log", "show"], 2, "the log is empty"),
        (["log", "show", "42"], 2, "no logged session with id 42"),
        (["log", "delete", "42"], 2, "no logged session with id 42"),
        (["log", "trend", "nope"], 2, "unknown exercise id"),
        (["log", "chart", "glute-bridge", "-o", "x.png"], 2, "nothing logged"),
        (["log", "export", "--format", "xml"], 2, "unknown export format"),
        (["log", "adherence"], 2, "no saved plan"),
        (["log", "import", "missing.csv"], 2, "no such file"),
        (["log", "import", "x.csv", "--map", "novalue"], 2, "is not NAME=ID"),
        (["progress", "nope"], 2, "unknown exercise id"),
    ],
)
def test_bad_input_is_a_message_not_a_traceback(
    cli: Cli, args: list[str], code: int, message: str
) -> None:
    got, out, err = cli(args)
    assert got == code, out + err
    assert message in err and "Traceback" not in err + out


def test_chart_needs_png_or_svg(cli: Cli, tmp_path: Path) -> None:
    _ok(cli, ["log", "add", "glute-bridge", "-r", "10"])
    code, _, err = cli(["log", "chart", "glute-bridge", "-o", str(tmp_path / "p.jpg")])
    assert code == 2 and ".png or .svg" in err


def test_malformed_import_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    _ok(cli, ["log", "add", "glute-bridge", "-r", "10", "-d", "2026-03-01"])
    path = tmp_path / "bad.csv"
    path.write_text(
        "Date,Exercise Name,Reps\n2026-03-02,Glute bridge,10\n2026-03-03,Glute bridge,lots\n",
        encoding="utf-8",
    )
    code, _, err = cli(["log", "import", str(path)])
    assert code == 3 and "row 3, column 'Reps'" in err and "nothing was imported" in err
    assert len(json.loads(_ok(cli, ["log", "history", "--json"]))) == 1


def test_corrupt_database_is_reported_and_kept(cli: Cli, _isolated_data_dir: Path) -> None:
    db = _isolated_data_dir / "hipcoach.db"
    db.write_bytes(b"garbage" * 1000)
    code, _, err = cli(["log", "add", "glute-bridge", "-r", "10"])
    assert code == 5 and "is damaged" in err and "Traceback" not in err
    assert db.read_bytes() == b"garbage" * 1000


def test_newer_database_is_reported_and_kept(cli: Cli, _isolated_data_dir: Path) -> None:
    _ok(cli, ["log", "add", "glute-bridge", "-r", "10"])
    db = _isolated_data_dir / "hipcoach.db"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = db.read_bytes()
    code, _, err = cli(["log", "history"])
    assert code == 5 and "newer hipcoach" in err and "upgrade hipcoach" in err
    assert db.read_bytes() == before


def test_delete(cli: Cli) -> None:
    _ok(cli, ["log", "add", "glute-bridge", "-r", "10"])
    sid = json.loads(_ok(cli, ["log", "show", "--json"]))["id"]
    assert f"Deleted session {sid}" in _ok(cli, ["log", "delete", str(sid)])
    assert json.loads(_ok(cli, ["log", "history", "--json"])) == []


def test_info(cli: Cli, _isolated_data_dir: Path) -> None:
    _ok(cli, ["log", "add", "glute-bridge", "-r", "10", "-s", "2"])
    facts = json.loads(_ok(cli, ["log", "info", "--json"]))
    assert facts["url"] == f"sqlite:///{_isolated_data_dir / 'hipcoach.db'}"
    assert facts["counts"]["sessions"] == 1 and facts["counts"]["set_entries"] == 2
    assert "Schema version 1" in _ok(cli, ["log", "info"])

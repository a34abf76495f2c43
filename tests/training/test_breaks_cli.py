"""``hipcoach breaks`` from the command line."""

from __future__ import annotations

import json
import time as _time
from datetime import date
from pathlib import Path

import pytest


def test_schedule_json(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(["breaks", "schedule", "--day", "2026-01-05", "--json"])
    assert code == 0, err
    rows = json.loads(out)
    assert len(rows) == 15
    assert rows[0]["at"] == "2026-01-05T09:30" and rows[0]["kind"] == "walk"
    assert rows[1]["kind"] == "strength" and rows[1]["steps"]


def test_schedule_options_and_settings(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(
        [
            "breaks",
            "schedule",
            "--day",
            "2026-01-05",
            "--every",
            "60",
            "--start",
            "08:00",
            "--end",
            "12:00",
            "--json",
        ]
    )
    assert code == 0
    assert [r["at"][11:] for r in json.loads(out)] == ["09:00", "10:00", "11:00"]
    monkeypatch.setenv("HIPCOACH_BREAK_EVERY", "45")
    monkeypatch.setenv("HIPCOACH_WORK_DAYS", "sat")
    code, out, _ = cli(["breaks", "schedule", "--day", "2026-01-10", "--json"])  # a Saturday
    assert code == 0 and json.loads(out)[0]["at"].endswith("09:45")
    code, out, _ = cli(["breaks", "schedule", "--day", "2026-01-05"])
    assert code == 0 and "not a working day" in out


def test_schedule_table(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["breaks", "schedule", "--day", "2026-01-05"])
    assert code == 0 and "09:30" in out and "Walking break" in out


def test_bare_breaks_shows_today(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["breaks"])
    assert code == 0 and "hipcoach breaks run" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["schedule", "--every", "90"], "--every must be between 30 and 60"),
        (["schedule", "--start", "nine"], "HH:MM"),
        (["schedule", "--days", "someday"], "cannot read"),
        (["schedule", "--day", "5/1/2026"], "not a date"),
        (["run", "--for", "0"], "--for must be positive"),
        (["log", "maybe"], "taken or skipped"),
        (["log", "taken", "--kind", "yoga"], "unknown break routine id"),
        (["export", "x.ics", "--until", "soon"], "not a date"),
    ],
)
def test_bad_input(cli, args: list[str], needle: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(["breaks", *args])
    assert code == 2, err
    assert needle in err and "Traceback" not in out + err


def test_run_once_in_the_terminal(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["breaks", "run", "--once", "--terminal"])
    assert code == 0
    assert "Time to get up" in out and "hipcoach breaks log taken" in out


def test_run_for_is_bounded(cli) -> None:  # type: ignore[no-untyped-def]
    t0 = _time.monotonic()
    code, out, _ = cli(["breaks", "run", "--for", "0.02", "--terminal", "--every", "60"])
    assert code == 0 and "Ctrl-C stops" in out
    assert _time.monotonic() - t0 < 10


def test_log_and_summary(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli(["breaks", "log", "taken", "--at", "09:30", "--day", "2026-01-05"])[0] == 0
    assert (
        cli(
            [
                "breaks",
                "log",
                "taken",
                "--kind",
                "half-squats",
                "--at",
                "10:00",
                "--day",
                "2026-01-05",
            ]
        )[0]
        == 0
    )
    code, out, _ = cli(["breaks", "log", "skipped", "--at", "10:30", "--day", "2026-01-05"])
    assert code == 0 and "skipped" in out
    assert cli(["breaks", "log", "taken", "--at", "09:30", "--day", "2026-01-06"])[0] == 0
    code, out, err = cli(["breaks", "summary", "--day", "2026-01-05", "--json"])
    assert code == 0, err
    summary = json.loads(out)
    assert summary == {
        "day": "2026-01-05",
        "scheduled": 15,
        "taken": 2,
        "skipped": 1,
        "unlogged": 12,
        "active_minutes": 10,
        "taken_kinds": {"half-squats": 1, "walk": 1},
    }
    code, out, _ = cli(["breaks", "summary", "--day", "2026-01-05"])
    assert "2 taken, 1 skipped, 12 not logged, of 15 scheduled" in out


def test_export(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "breaks.ics"
    code, out, _ = cli(
        [
            "breaks",
            "export",
            str(target),
            "--every",
            "60",
            "--from",
            "2026-01-05",
            "--until",
            "2026-01-30",
        ]
    )
    assert code == 0 and "7 repeating break events" in out
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 7 and text.count("BEGIN:VALARM") == 7
    assert "UNTIL=20260130T235959" in text
    assert date(2026, 1, 5).strftime("%Y%m%d") in text

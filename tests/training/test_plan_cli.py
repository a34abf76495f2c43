"""``hipcoach plan`` from the command line: JSON shape, explain, save, iCalendar, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hipcoach.library.models import Pattern
from hipcoach.store import repo

ITEM_KEYS = {"exercise_id", "pattern", "sets", "reps", "hold_s", "per_side", "load"}
SESSION_KEYS = {"week", "day", "warmup_minutes", "estimated_minutes", "items"}


def test_json_is_a_list_of_sessions_with_the_documented_keys(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(
        [
            "plan",
            "--equipment",
            "dumbbell,mini_band",
            "--level",
            "beginner",
            "--days",
            "3",
            "--minutes",
            "40",
            "--weeks",
            "2",
            "--json",
        ]
    )
    assert code == 0, err
    sessions = json.loads(out)
    assert isinstance(sessions, list) and len(sessions) == 6
    for s in sessions:
        assert set(s) >= SESSION_KEYS
        assert s["estimated_minutes"] <= 40
        for item in s["items"]:
            assert set(item) >= ITEM_KEYS
            assert isinstance(item["reps"], list) and len(item["reps"]) == 2
            Pattern(item["pattern"])
    assert [(s["week"], s["day"]) for s in sessions] == [(w, d) for w in (1, 2) for d in (1, 2, 3)]


def test_repeated_and_comma_separated_options(cli) -> None:  # type: ignore[no-untyped-def]
    a = cli(
        [
            "plan",
            "-e",
            "dumbbell",
            "-e",
            "mat",
            "-x",
            "glute-bridge",
            "-x",
            "upright-hip-thrust",
            "--json",
            "--weeks",
            "1",
        ]
    )
    b = cli(
        [
            "plan",
            "-e",
            "mat,dumbbell",
            "-x",
            "glute-bridge,upright-hip-thrust",
            "--json",
            "--weeks",
            "1",
        ]
    )
    assert a[0] == b[0] == 0
    assert a[1] == b[1]
    used = {i["exercise_id"] for s in json.loads(a[1]) for i in s["items"]}
    assert not used & {"glute-bridge", "upright-hip-thrust"}


def test_table_and_explain(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["plan", "--weeks", "1", "--days", "2", "--explain"])
    assert code == 0
    assert "Week 1, day 1 (Mon)" in out and "Week 1, day 2 (Thu)" in out
    assert "Why this plan" in out and "evidence tier" in out
    code, out, _ = cli(["plan", "--weeks", "1", "--days", "2"])
    assert "Why this plan" not in out


def test_save_stores_the_active_plan(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(["plan", "--weeks", "1", "--save", "--start", "2026-03-04", "--json"])
    assert code == 0, err
    assert "Saved as plan 1, starting 2026-03-09" in err  # the first Monday on or after
    with repo.open_store() as store:
        stored = store.active_plan()
    assert stored is not None
    assert stored.inputs["level"] == "beginner"
    assert stored.plan["sessions"] == json.loads(out)


def test_ical_file_is_written(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.ics"
    code, out, _ = cli(
        [
            "plan",
            "--weeks",
            "2",
            "--days",
            "2",
            "--ical",
            str(target),
            "--start",
            "2026-01-05",
            "--at",
            "07:15",
        ]
    )
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 4
    assert "DTSTART:20260105T071500" in text and "DTSTART:20260115T071500" in text
    assert "Wrote 4 sessions" in out


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--days", "0"], 2, "--days must be between 1 and 7"),
        (["--days", "8"], 2, "--days must be between 1 and 7"),
        (["--minutes", "5"], 6, "cannot fit in 5 minutes"),
        (["--level", "expert"], 2, "unknown level id 'expert'"),
        (["--goal", "bulk"], 2, "unknown goal id 'bulk'"),
        (["--exclude", "glute-brige"], 2, "unknown exercise id 'glute-brige'"),
        (["--include", "nope"], 2, "unknown exercise id 'nope'"),
        (
            ["--equipment", "none", "--include", "hip-thrust", "--level", "intermediate"],
            6,
            "hip-thrust needs",
        ),
        (["--equipment", "none", "--exclude", "glute-bridge"], 6, "hip extension exercise"),
        (["--equipment", "rocket"], 2, "unknown equipment id 'rocket'"),
        (["--equipment", "none,dumbbell"], 2, "none"),
        (["--weeks", "0"], 2, "--weeks"),
        (["--start", "tomorrow", "--ical", "x.ics"], 2, "not a date"),
        (["--at", "25:00", "--ical", "x.ics"], 2, "not a time of day"),
    ],
)
def test_impossible_or_wrong_input_fails_clearly(cli, args, code, needle) -> None:  # type: ignore[no-untyped-def]
    got, out, err = cli(["plan", *args])
    assert got == code, err
    assert needle in err
    assert "Traceback" not in err + out
    assert "Hint:" in err


def test_ical_into_a_missing_folder_is_a_clear_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(["plan", "--ical", str(tmp_path / "no" / "such" / "plan.ics")])
    assert code == 2
    assert "cannot write" in err and "Traceback" not in err


def test_deterministic_across_processes() -> None:
    """Same inputs, same plan, even with a different hash seed (no set-order dependence)."""
    # The planner alone (not the whole CLI, whose other commands import heavy libraries).
    script = (
        "import json; from hipcoach.training.planner import make_plan; "
        "from hipcoach.training.plan_models import PlanRequest, parse_level; "
        "p = make_plan(PlanRequest(level=parse_level('advanced'), days=4, minutes=45, weeks=2)); "
        "print(json.dumps(p.to_json()))"
    )
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        outs.append(proc.stdout)
    assert outs[0] == outs[1] and json.loads(outs[0])

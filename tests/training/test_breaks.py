"""Sitting breaks: schedule, routines, the reminder loop, notifiers and the daily summary."""

from __future__ import annotations

import io
import os
import stat
from datetime import date, datetime, time
from pathlib import Path
from types import SimpleNamespace

import pytest
from rich.console import Console

from hipcoach.errors import UsageError
from hipcoach.training.break_runner import (
    BreakRunner,
    DesktopNotifier,
    FakeClock,
    RecordingNotifier,
    TerminalNotifier,
    pick_notifier,
)
from hipcoach.training.breaks import (
    BreakSettings,
    load_routines,
    next_reminder,
    parse_clock,
    parse_days,
    routine_for,
    schedule_for,
    summarize,
)

MONDAY = date(2026, 1, 5)


def hm(reminders) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.at.strftime("%H:%M") for r in reminders]


def test_default_every_30_minutes_inside_working_hours() -> None:
    times = hm(schedule_for(MONDAY, BreakSettings()))
    assert times[0] == "09:30" and times[-1] == "16:30" and len(times) == 15


def test_every_60_and_custom_hours() -> None:
    s = BreakSettings(every_min=60, start=time(8, 15), end=time(12, 18))
    assert hm(schedule_for(MONDAY, s)) == ["09:15", "10:15", "11:15"]  # 12:15 + 5 min > 12:18


def test_a_break_must_end_inside_working_hours() -> None:
    s = BreakSettings(every_min=30, start=time(9), end=time(10, 4))
    assert hm(schedule_for(MONDAY, s)) == ["09:30"]


def test_days_off_have_no_reminders() -> None:
    assert schedule_for(date(2026, 1, 10), BreakSettings()) == []  # Saturday
    weekend = BreakSettings(days=parse_days("sat,sun"))
    assert len(schedule_for(date(2026, 1, 10), weekend)) == 15


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("mon-fri", [0, 1, 2, 3, 4]),
        ("Mon,Wed,Fri", [0, 2, 4]),
        ("fri-mon", [0, 4, 5, 6]),
        ("weekdays", [0, 1, 2, 3, 4]),
        ("all", [0, 1, 2, 3, 4, 5, 6]),
        ("tuesday-thursday", [1, 2, 3]),
    ],
)
def test_parse_days(text: str, days: list[int]) -> None:
    assert sorted(parse_days(text)) == days


@pytest.mark.parametrize("text", ["someday", "mon-fri-sun", ",", ""])
def test_parse_days_rejects_nonsense(text: str) -> None:
    with pytest.raises(UsageError):
        parse_days(text)


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"every_min": 29}, "--every must be between 30 and 60"),
        ({"every_min": 90}, "--every must be between 30 and 60"),
        ({"start": time(17), "end": time(9)}, "ends"),
        ({"start": time(9), "end": time(9, 20)}, "too short"),
        ({"days": frozenset()}, "no working days"),
    ],
)
def test_bad_settings(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(UsageError, match=needle):
        BreakSettings(**kwargs)  # type: ignore[arg-type]


def test_parse_clock() -> None:
    assert parse_clock("9:05", "--start") == time(9, 5)
    for bad in ("9", "25:00", "nine"):
        with pytest.raises(UsageError, match="HH:MM"):
            parse_clock(bad, "--start")


def test_routines_are_data_and_alternate_walks_with_strength() -> None:
    routines = load_routines()
    kinds = {r.kind for r in routines}
    assert kinds == {"walk", "strength"}
    assert len([r for r in routines if r.kind == "strength"]) >= 2
    assert all(r.minutes == 5 and r.steps for r in routines)
    picks = [routine_for(n, routines) for n in range(1, 9)]
    assert [r.kind for r in picks] == ["walk", "strength"] * 4
    assert len({r.id for r in picks if r.kind == "strength"}) == 3  # every routine gets a turn


def test_next_reminder_skips_evenings_and_weekends() -> None:
    s = BreakSettings()
    assert next_reminder(datetime(2026, 1, 5, 9, 30), s).at == datetime(2026, 1, 5, 10, 0)
    friday_evening = datetime(2026, 1, 9, 16, 45)
    assert next_reminder(friday_evening, s).at == datetime(2026, 1, 12, 9, 30)


def test_runner_sends_each_reminder_on_time() -> None:
    clock = FakeClock(datetime(2026, 1, 5, 8, 0))
    rec = RecordingNotifier()
    seen: list[datetime] = []

    def on_sent(reminder) -> None:  # type: ignore[no-untyped-def]
        seen.append(clock.now())

    runner = BreakRunner(BreakSettings(), rec, clock=clock.now, sleep=clock.sleep, on_sent=on_sent)
    sent = runner.run(for_minutes=10 * 60)  # 08:00-18:00: the whole working day
    assert hm(sent) == hm(schedule_for(MONDAY, BreakSettings()))
    assert seen == [r.at for r in sent]  # delivered at the reminder time, not before
    assert len(rec.sent) == 15
    assert rec.sent[0][0].startswith("Time to get up")
    assert "walk" in rec.sent[0][1].lower()
    assert clock.now() == datetime(2026, 1, 5, 18, 0)  # --for is honoured


def test_runner_once_sends_immediately() -> None:
    clock = FakeClock(datetime(2026, 1, 5, 9, 40))
    rec = RecordingNotifier()
    reminder = BreakRunner(BreakSettings(), rec, clock=clock.now, sleep=clock.sleep).run_once()
    assert reminder.at == datetime(2026, 1, 5, 10, 0)
    assert clock.now() == datetime(2026, 1, 5, 9, 40) and len(rec.sent) == 1


def test_pick_notifier() -> None:
    console = Console(file=io.StringIO())
    found = lambda name: "/usr/bin/notify-send"  # noqa: E731
    missing = lambda name: None  # noqa: E731
    assert pick_notifier(console, env={"DISPLAY": ":0"}, which=found).name == "desktop"
    assert pick_notifier(console, env={"WAYLAND_DISPLAY": "w"}, which=found).name == "desktop"
    assert pick_notifier(console, env={}, which=found).name == "terminal"  # no display
    assert pick_notifier(console, env={"DISPLAY": ":0"}, which=missing).name == "terminal"
    forced = pick_notifier(console, env={"DISPLAY": ":0"}, which=found, terminal_only=True)
    assert forced.name == "terminal"


def test_desktop_notifier_runs_notify_send(tmp_path: Path) -> None:
    log = tmp_path / "args.txt"
    fake = tmp_path / "notify-send"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {log}\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    fallback = RecordingNotifier()
    DesktopNotifier(str(fake), fallback).notify("Time to get up", "Walk")
    args = log.read_text().splitlines()
    assert args[-2:] == ["Time to get up", "Walk"] and "--app-name=hipcoach" in args
    assert fallback.sent == []


def test_desktop_notifier_falls_back_when_it_fails(tmp_path: Path) -> None:
    broken = tmp_path / "notify-send"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    fallback = RecordingNotifier()
    DesktopNotifier(str(broken), fallback).notify("t", "b")
    DesktopNotifier(str(tmp_path / "absent"), fallback).notify("t2", "b2")
    assert fallback.sent == [("t", "b"), ("t2", "b2")]


def test_terminal_notifier_prints() -> None:
    buf = io.StringIO()
    TerminalNotifier(Console(file=buf)).notify("Time to get up", "Walk around")
    assert "Time to get up" in buf.getvalue() and "Walk around" in buf.getvalue()


def test_summary_counts_taken_skipped_and_unlogged() -> None:
    ev = [
        SimpleNamespace(at=datetime(2026, 1, 5, 9, 30), status="taken", kind="walk"),
        SimpleNamespace(at=datetime(2026, 1, 5, 10, 0), status="taken", kind="glute-squeeze"),
        SimpleNamespace(at=datetime(2026, 1, 5, 10, 30), status="skipped", kind="walk"),
        SimpleNamespace(at=datetime(2026, 1, 6, 9, 30), status="taken", kind="walk"),  # next day
    ]
    s = summarize(MONDAY, BreakSettings(), ev)
    assert (s.scheduled, s.taken, s.skipped, s.unlogged) == (15, 2, 1, 12)
    assert s.active_minutes == 10
    assert s.to_dict()["taken_kinds"] == {"glute-squeeze": 1, "walk": 1}


def test_no_display_in_ci_means_terminal() -> None:
    # Whatever machine runs this, the real environment decides without raising.
    notifier = pick_notifier(Console(file=io.StringIO()))
    expected = (
        "desktop"
        if (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        else "terminal"
    )
    if expected == "desktop" and notifier.name == "terminal":
        pytest.skip("a display but no notify-send")
    assert notifier.name == expected

"""The iCalendar export, parsed back with an independent RFC 5545 parser (icalendar)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr

from hipcoach.errors import UsageError
from hipcoach.library import load_library
from hipcoach.library.models import Level
from hipcoach.training.breaks import BreakSettings, parse_days
from hipcoach.training.ical import breaks_calendar, escape_text, fold, plan_calendar
from hipcoach.training.plan_models import PlanRequest
from hipcoach.training.planner import make_plan

icalendar = pytest.importorskip("icalendar")

NOW = datetime(2026, 1, 1, 12, 0)


def _events(text: str) -> list:  # type: ignore[type-arg]
    cal = icalendar.Calendar.from_ical(text)
    return [c for c in cal.walk() if c.name == "VEVENT"]


def _check_wire_format(text: str) -> None:
    raw = text.encode("utf-8")
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines), "lines must be folded at 75 octets"
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2] == b"END:VCALENDAR"


def test_plan_calendar_round_trips() -> None:
    plan = make_plan(PlanRequest(level=Level.BEGINNER, days=3, minutes=40, weeks=2), load_library())
    text = plan_calendar(plan, start=date(2026, 1, 5), at=time(18, 30), alarm_minutes=20, now=NOW)
    _check_wire_format(text)
    cal = icalendar.Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0" and "hipcoach" in str(cal["PRODID"])
    events = _events(text)
    assert len(events) == len(plan.sessions) == 6
    starts = [e.decoded("DTSTART") for e in events]
    # Mon, Wed, Fri of two weeks, at 18:30 local (floating) time.
    assert starts[:3] == [datetime(2026, 1, d, 18, 30) for d in (5, 7, 9)]
    assert starts[3] == datetime(2026, 1, 12, 18, 30)
    assert len({str(e["UID"]) for e in events}) == 6
    for event, session in zip(events, plan.sessions, strict=True):
        assert event.decoded("DURATION") == timedelta(minutes=session.estimated_minutes)
        description = str(event["DESCRIPTION"])
        for item in session.items:
            assert item.name in description
        alarms = [c for c in event.walk() if c.name == "VALARM"]
        assert len(alarms) == 1
        assert alarms[0].decoded("TRIGGER") == timedelta(minutes=-20)
        assert str(alarms[0]["ACTION"]) == "DISPLAY"


def test_plan_calendar_is_stable_for_the_same_inputs() -> None:
    plan = make_plan(PlanRequest(level=Level.BEGINNER, days=2, minutes=40, weeks=1), load_library())
    a = plan_calendar(plan, start=date(2026, 1, 5), now=NOW)
    b = plan_calendar(plan, start=date(2026, 1, 5), now=NOW)
    assert a == b


def test_bad_alarm() -> None:
    plan = make_plan(PlanRequest(level=Level.BEGINNER, days=1, minutes=40, weeks=1), load_library())
    with pytest.raises(UsageError, match="--alarm"):
        plan_calendar(plan, start=date(2026, 1, 5), alarm_minutes=-5, now=NOW)


def test_breaks_calendar_recurs_on_working_days_with_alarms() -> None:
    settings = BreakSettings(every_min=30, start=time(9), end=time(17), days=parse_days("mon-thu"))
    text = breaks_calendar(settings, start=date(2026, 1, 3), now=NOW)  # a Saturday
    _check_wire_format(text)
    events = _events(text)
    assert len(events) == 15  # 09:30 ... 16:30
    first = events[0]
    assert first.decoded("DTSTART") == datetime(2026, 1, 5, 9, 30)  # moved to Monday
    assert first.decoded("DURATION") == timedelta(minutes=5)
    rule = first["RRULE"].to_ical().decode()
    assert "FREQ=WEEKLY" in rule and "BYDAY=MO,TU,WE,TH" in rule
    # Expand one week with an independent RRULE engine: 4 working days x 15 breaks.
    occurrences = []
    for e in events:
        rr = rrulestr(e["RRULE"].to_ical().decode(), dtstart=e.decoded("DTSTART"))
        occurrences += rr.between(datetime(2026, 1, 5), datetime(2026, 1, 12))
    assert len(occurrences) == 60
    assert {o.weekday() for o in occurrences} == {0, 1, 2, 3}
    for e in events:
        alarm = next(c for c in e.walk() if c.name == "VALARM")
        assert alarm.decoded("TRIGGER") == timedelta(0)


def test_breaks_calendar_until() -> None:
    settings = BreakSettings(every_min=60)
    text = breaks_calendar(settings, start=date(2026, 1, 5), until=date(2026, 1, 9), now=NOW)
    e = _events(text)[0]
    rr = rrulestr(e["RRULE"].to_ical().decode(), dtstart=e.decoded("DTSTART"))
    assert len(list(rr)) == 5
    with pytest.raises(UsageError, match="--until"):
        breaks_calendar(settings, start=date(2026, 1, 5), until=date(2026, 1, 1), now=NOW)


def test_escaping_and_folding_survive_a_parser() -> None:
    tricky = "Squeeze, hold; relax\\repeat\nNext line — café ✓ " + "é" * 80
    assert escape_text("a,b;c") == "a\\,b\\;c"
    line = fold("DESCRIPTION:" + escape_text(tricky))
    for part in line.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\n"
        "UID:x@t\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000\r\n"
        f"{line}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert str(_events(text)[0]["DESCRIPTION"]) == tricky

"""iCalendar (RFC 5545) export of a plan and of the sitting-break schedule, with alarms.

Written by hand: the format is small, and it keeps a runtime dependency out. Times are
"floating" local times (no time zone), which calendar apps show at that clock time wherever the
user is. Lines end in CRLF and are folded at 75 octets; text values are escaped (section 3.3.11).

- a plan: one VEVENT per session, the items in the description, a VALARM before it;
- breaks: one VEVENT per reminder time, repeating weekly on the working days (RRULE), with a
  VALARM at its start.

>>> from datetime import date, datetime
>>> from hipcoach.training.breaks import BreakSettings
>>> text = breaks_calendar(BreakSettings(every_min=60), start=date(2026, 1, 5),
...                        now=datetime(2026, 1, 1, 12, 0))
>>> text.count("BEGIN:VEVENT"), "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" in text
(7, True)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from hipcoach.errors import UsageError
from hipcoach.training.breaks import (
    ICAL_DAYS,
    BreakSettings,
    load_routines,
    routine_for,
)
from hipcoach.training.plan_models import Plan, PlanItem, PlanSession, Role

PRODID = "-//hipcoach//hipcoach training plan//EN"
FOLD_AT = 75  # octets per line, CRLF excluded


def escape_text(value: str) -> str:
    r"""Escape a TEXT value: backslash, semicolon, comma and newlines.

    >>> escape_text("3 x 8-12; hold 2 s, each side\nnext")
    '3 x 8-12\\; hold 2 s\\, each side\\nnext'
    """
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line at 75 octets without splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= FOLD_AT:
        return line
    parts: list[str] = []
    start, limit = 0, FOLD_AT
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # continuation byte
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, FOLD_AT - 1  # continuation lines start with a space
    return "\r\n ".join(parts)


def _dt(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%S")


def _utc(value: datetime) -> str:
    aware = value if value.tzinfo else value.astimezone()
    return aware.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _duration(minutes: int) -> str:
    return f"PT{minutes // 60}H{minutes % 60}M" if minutes >= 60 else f"PT{minutes}M"


def _calendar(name: str, events: Iterable[list[str]]) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def _alarm(trigger: str, text: str) -> list[str]:
    return [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(text)}",
        f"TRIGGER:{trigger}",
        "END:VALARM",
    ]


def _item_line(item: PlanItem) -> str:
    if item.duration_s is not None:
        what = f"{item.duration_s // 60} min"
    else:
        lo, hi = item.reps
        what = f"{item.sets} x {lo}" + (f"-{hi}" if hi != lo else "")
        if item.hold_s:
            what += f", hold {item.hold_s:g} s"
        if item.per_side:
            what += " each side"
    load = f" ({item.load})" if item.load else ""
    return f"{item.order}. {item.name}: {what}{load}"


def _session_description(session: PlanSession) -> str:
    lines = [f"Warm-up {session.warmup_minutes} min, about {session.estimated_minutes} min in all."]
    lines += [_item_line(i) for i in session.items]
    mains = session.items_with(Role.MAIN)
    if mains:
        lines.append("Log it with: hipcoach log add")
    return "\n".join(lines)


def plan_calendar(
    plan: Plan,
    *,
    start: date,
    at: time = time(18, 0),
    alarm_minutes: int = 30,
    now: datetime,
) -> str:
    """One event per session, on the weekdays the plan names, from the week of ``start``."""
    if not 0 <= alarm_minutes <= 24 * 60:
        raise UsageError(f"--alarm must be 0-1440 minutes, got {alarm_minutes}", "e.g. --alarm 30")
    seed = json.dumps([plan.request.to_dict(), start.isoformat(), at.isoformat()], sort_keys=True)
    digest = hashlib.sha256(seed.encode()).hexdigest()[:16]
    events = []
    for s in plan.sessions:
        begin = datetime.combine(s.date(start), at)
        events.append(
            [
                "BEGIN:VEVENT",
                f"UID:plan-{digest}-w{s.week}d{s.day}@hipcoach",
                f"DTSTAMP:{_utc(now)}",
                f"DTSTART:{_dt(begin)}",
                f"DURATION:{_duration(s.estimated_minutes)}",
                f"SUMMARY:{escape_text(f'Hip training: week {s.week}, day {s.day}')}",
                f"DESCRIPTION:{escape_text(_session_description(s))}",
                "CATEGORIES:hipcoach",
                *_alarm(f"-PT{alarm_minutes}M", f"Hip training in {alarm_minutes} minutes"),
                "END:VEVENT",
            ]
        )
    return _calendar("hipcoach training plan", events)


def breaks_calendar(
    settings: BreakSettings,
    *,
    start: date,
    now: datetime,
    until: date | None = None,
) -> str:
    """One weekly-repeating event per reminder slot, on the working days, with an alarm."""
    first = start
    while first.weekday() not in settings.days:
        first += timedelta(days=1)
    byday = ",".join(ICAL_DAYS[d] for d in sorted(settings.days))
    rule = f"RRULE:FREQ=WEEKLY;BYDAY={byday}"
    if until is not None:
        if until < first:
            raise UsageError(
                f"--until {until.isoformat()} is before the first break day {first.isoformat()}",
                "give a later --until",
            )
        # With floating DTSTART the UNTIL must be floating too (RFC 5545, 3.3.10).
        rule += f";UNTIL={_dt(datetime.combine(until, time(23, 59, 59)))}"
    routines = load_routines()
    events = []
    for n, slot in enumerate(settings.slots(), 1):
        routine = routine_for(n, routines)
        begin = datetime.combine(first, slot)
        events.append(
            [
                "BEGIN:VEVENT",
                f"UID:break-{slot:%H%M}-{settings.every_min}@hipcoach",
                f"DTSTAMP:{_utc(now)}",
                f"DTSTART:{_dt(begin)}",
                f"DURATION:{_duration(settings.break_min)}",
                rule,
                f"SUMMARY:{escape_text(f'Get up: {routine.name.lower()}')}",
                f"DESCRIPTION:{escape_text(routine.text())}",
                "CATEGORIES:hipcoach",
                "TRANSP:TRANSPARENT",  # a reminder, not a meeting: do not block the time
                *_alarm("PT0M", f"Time to get up: {routine.name.lower()}"),
                "END:VEVENT",
            ]
        )
    return _calendar("hipcoach sitting breaks", events)


def write_calendar(path: Path, text: str) -> None:
    """Write the .ics file; a folder that does not exist is a UsageError, not a traceback."""
    try:
        path.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(
            f"cannot write {path}: {exc.strerror or exc}",
            "check that the folder exists and you may write there",
        ) from exc

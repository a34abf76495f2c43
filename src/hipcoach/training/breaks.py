"""Sitting-break reminders: when to get up, what to do, and how the day went.

Why these numbers (for the docs; the user sees only the suggestions):

- The source article advises getting up every 30-60 minutes for at least 5 minutes.
- 5 minutes of standing or walking every 30 minutes lowered glucose and insulin
  (Diabetes Care, doi 10.2337/dc15-1240); only the 5-minutes-every-30 dose lowered glucose
  significantly, while all doses lowered systolic blood pressure (Duran et al., Med Sci Sports
  Exerc 2023;55:847). Hence the default of every 30 minutes.
- Short resistance bouts (half squats, calf raises, gluteal contractions, knee raises) every
  60 minutes helped in type 2 diabetes (Homer et al., Diabetes Care 2021;44:1254), so a break
  may be a glute-squeeze mini-routine instead of a walk.

Reminders fall on a fixed cadence from the start of the working day: with 09:00-17:00 every
30 minutes, the first is at 09:30 and the last at 16:30 (a break must end by the end of the day).

>>> from datetime import date
>>> s = BreakSettings(every_min=60)
>>> [r.at.strftime("%H:%M") for r in schedule_for(date(2026, 1, 5), s)][:3]
['10:00', '11:00', '12:00']
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from typing import Literal, Protocol

from hipcoach.errors import DataError, UsageError

MIN_EVERY = 30
MAX_EVERY = 60
BREAK_MINUTES = 5
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY_WORDS = {
    "weekdays": frozenset(range(5)),
    "workdays": frozenset(range(5)),
    "weekend": frozenset({5, 6}),
    "all": frozenset(range(7)),
    "daily": frozenset(range(7)),
    "everyday": frozenset(range(7)),
}


@dataclass(frozen=True)
class BreakRoutine:
    """A five-minute break: a walk or a short strength routine, as data."""

    id: str
    name: str
    kind: Literal["walk", "strength"]
    minutes: int
    steps: tuple[str, ...]

    def text(self) -> str:
        return "\n".join(f"{n}. {step}" for n, step in enumerate(self.steps, 1))


@lru_cache(maxsize=1)
def load_routines() -> tuple[BreakRoutine, ...]:
    """The bundled routines (``training/data/break_routines.toml``), walk first.

    >>> load_routines()[0].id
    'walk'
    """
    path = resources.files("hipcoach.training") / "data" / "break_routines.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        routines = tuple(
            BreakRoutine(
                id=r["id"],
                name=r["name"],
                kind=r["kind"],
                minutes=int(r["minutes"]),
                steps=tuple(r["steps"]),
            )
            for r in raw["routine"]
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{path}: malformed break routine file ({exc})") from exc
    if not any(r.kind == "walk" for r in routines) or not any(
        r.kind == "strength" for r in routines
    ):
        raise DataError(f"{path}: needs at least one walk and one strength routine")
    return routines


def parse_clock(text: str, option: str) -> time:
    """``"9:00"`` or ``"09:00"`` -> time(9, 0); anything else is a UsageError."""
    try:
        hh, mm = text.strip().split(":")
        return time(int(hh), int(mm))
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a time of day", "write it as HH:MM") from None


def parse_days(text: str) -> frozenset[int]:
    """Working days from ``mon-fri``, ``mon,wed,fri``, ``weekdays`` or ``all`` (0 = Monday).

    >>> sorted(parse_days("mon-wed,fri"))
    [0, 1, 2, 4]
    """
    out: set[int] = set()
    for part in (p.strip().lower() for p in text.split(",")):
        if not part:
            continue
        if part in _DAY_WORDS:
            out |= _DAY_WORDS[part]
            continue
        ends = [e.strip()[:3] for e in part.split("-")]
        if len(ends) > 2 or any(e not in DAY_NAMES for e in ends):
            raise UsageError(
                f"--days {text!r}: cannot read {part!r}",
                "use day names like mon-fri, mon,wed,fri, weekdays or all",
            )
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        out |= {d % 7 for d in range(first, first + (last - first) % 7 + 1)}
    if not out:
        raise UsageError("--days names no day", "use day names like mon-fri")
    return frozenset(out)


@dataclass(frozen=True)
class BreakSettings:
    """When reminders come: every ``every_min`` minutes from ``start`` until ``end`` on ``days``."""

    every_min: int = 30
    start: time = time(9, 0)
    end: time = time(17, 0)
    days: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))
    break_min: int = BREAK_MINUTES

    def __post_init__(self) -> None:
        if not MIN_EVERY <= self.every_min <= MAX_EVERY:
            raise UsageError(
                f"--every must be between {MIN_EVERY} and {MAX_EVERY} minutes, got {self.every_min}",
                "get up at least every hour; every 30 minutes works best",
            )
        span = _minutes(self.end) - _minutes(self.start)
        if span <= 0:
            raise UsageError(
                f"the working day ends ({self.end:%H:%M}) before it starts ({self.start:%H:%M})",
                "give --start before --end, e.g. --start 09:00 --end 17:00",
            )
        if span < self.every_min + self.break_min:
            raise UsageError(
                f"working hours {self.start:%H:%M}-{self.end:%H:%M} are too short for a break "
                f"every {self.every_min} minutes",
                "widen the working hours or use a shorter --every",
            )
        if not self.days:
            raise UsageError("no working days given", "use e.g. --days mon-fri")

    def slots(self) -> list[time]:
        """Reminder times of day."""
        out = []
        t = _minutes(self.start) + self.every_min
        while t + self.break_min <= _minutes(self.end):
            out.append(time(t // 60, t % 60))
            t += self.every_min
        return out

    def describe(self) -> str:
        days = ",".join(DAY_NAMES[d] for d in sorted(self.days))
        return f"every {self.every_min} min, {self.start:%H:%M}-{self.end:%H:%M}, {days}"


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class Reminder:
    """One reminder: when, which break of the day (1-based), and what to do."""

    at: datetime
    number: int
    routine: BreakRoutine

    @property
    def title(self) -> str:
        return f"Time to get up: {self.routine.minutes}-minute break"

    @property
    def body(self) -> str:
        return f"{self.routine.name}\n{self.routine.text()}"

    def to_dict(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(timespec="minutes"),
            "number": self.number,
            "routine": self.routine.id,
            "kind": self.routine.kind,
            "minutes": self.routine.minutes,
            "name": self.routine.name,
            "steps": list(self.routine.steps),
        }


def routine_for(number: int, routines: Sequence[BreakRoutine]) -> BreakRoutine:
    """Odd breaks are walks, even ones rotate through the strength routines.

    >>> [routine_for(n, load_routines()).id for n in range(1, 5)]
    ['walk', 'glute-squeeze', 'walk', 'standing-hip-extension']
    """
    walks = [r for r in routines if r.kind == "walk"]
    strength = [r for r in routines if r.kind == "strength"]
    if number % 2 == 1:
        return walks[(number // 2) % len(walks)]
    return strength[(number // 2 - 1) % len(strength)]


def schedule_for(
    day: date, settings: BreakSettings, routines: Sequence[BreakRoutine] | None = None
) -> list[Reminder]:
    """The day's reminders; empty on a day off."""
    if day.weekday() not in settings.days:
        return []
    pool = routines or load_routines()
    return [
        Reminder(datetime.combine(day, slot), n, routine_for(n, pool))
        for n, slot in enumerate(settings.slots(), 1)
    ]


def next_reminder(
    after: datetime, settings: BreakSettings, routines: Sequence[BreakRoutine] | None = None
) -> Reminder:
    """The first reminder strictly after ``after`` (looking at most a week ahead)."""
    for offset in range(8):
        for reminder in schedule_for(after.date() + timedelta(days=offset), settings, routines):
            if reminder.at > after:
                return reminder
    raise UsageError("no reminder in the coming week", "check --days")  # unreachable: days >= 1


class BreakEvent(Protocol):
    """A logged break (the store's BreakRecord satisfies this)."""

    @property
    def at(self) -> datetime: ...
    @property
    def status(self) -> str: ...
    @property
    def kind(self) -> str: ...


@dataclass(frozen=True)
class BreakSummary:
    day: date
    scheduled: int
    taken: int
    skipped: int
    taken_kinds: dict[str, int]

    @property
    def unlogged(self) -> int:
        return max(self.scheduled - self.taken - self.skipped, 0)

    @property
    def active_minutes(self) -> int:
        return self.taken * BREAK_MINUTES

    def to_dict(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "scheduled": self.scheduled,
            "taken": self.taken,
            "skipped": self.skipped,
            "unlogged": self.unlogged,
            "active_minutes": self.active_minutes,
            "taken_kinds": dict(sorted(self.taken_kinds.items())),
        }


def summarize(day: date, settings: BreakSettings, events: Iterable[BreakEvent]) -> BreakSummary:
    """Taken and skipped breaks on ``day`` against the number scheduled.

    >>> from types import SimpleNamespace as E
    >>> ev = [E(at=datetime(2026, 1, 5, 9, 30), status="taken", kind="walk")]
    >>> summarize(date(2026, 1, 5), BreakSettings(), ev).unlogged
    14
    """
    on_day = [e for e in events if e.at.date() == day]
    kinds: dict[str, int] = {}
    for e in on_day:
        if e.status == "taken":
            kinds[e.kind] = kinds.get(e.kind, 0) + 1
    return BreakSummary(
        day=day,
        scheduled=len(schedule_for(day, settings)),
        taken=sum(1 for e in on_day if e.status == "taken"),
        skipped=sum(1 for e in on_day if e.status == "skipped"),
        taken_kinds=kinds,
    )

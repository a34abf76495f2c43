"""Typed objects of a training plan: the request, the goals, and the plan it produces.

The planner (:mod:`hipcoach.training.planner`) turns a :class:`PlanRequest` into a :class:`Plan`.
``Plan.to_json()`` is the stable ``hipcoach plan --json`` shape: a list of sessions.

>>> req = PlanRequest(level=Level.BEGINNER, days=2, minutes=30)
>>> req.goal.value
'general-strength'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from hipcoach.errors import UsageError
from hipcoach.library import query as library_query
from hipcoach.library.models import Equipment, Level

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

# Which weekdays (0 = Monday) to train on for each number of days a week: spread out so that
# the same muscles get at least a day of rest wherever the week allows it.
WEEKDAY_PATTERNS: dict[int, tuple[int, ...]] = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 1, 3, 4),
    5: (0, 1, 2, 3, 4),
    6: (0, 1, 2, 3, 4, 5),
    7: (0, 1, 2, 3, 4, 5, 6),
}

MAX_WEEKS = 52
MAX_MINUTES = 240


def first_monday(start: date) -> date:
    """The first Monday on or after ``start``: plans run Monday to Sunday.

    >>> first_monday(date(2026, 1, 7))
    datetime.date(2026, 1, 12)
    """
    return start + timedelta(days=(7 - start.weekday()) % 7)


class Goal(StrEnum):
    GENERAL_STRENGTH = "general-strength"
    ATHLETIC_POWER = "athletic-power"
    BACK_FRIENDLY = "back-friendly"


class Role(StrEnum):
    """Where an item sits in a session; the order of the members is the session order."""

    WARM_UP = "warm_up"
    MAIN = "main"  # hip extension work
    SUPPORT = "support"  # abduction, adduction, rotation
    STRETCH = "stretch"  # hip flexor stretch, last

    @property
    def rank(self) -> int:
        return list(Role).index(self)


def parse_level(text: str) -> Level:
    """``"Beginner"`` -> Level.BEGINNER; anything else is a UsageError listing the levels."""
    return library_query.parse_enum(Level, text, "level")


def parse_goal(text: str) -> Goal:
    """Accepts ``general strength``, ``general_strength`` or ``general-strength`` (and so on).

    >>> parse_goal("athletic power")
    <Goal.ATHLETIC_POWER: 'athletic-power'>
    """
    aliases = {"strength": Goal.GENERAL_STRENGTH, "power": Goal.ATHLETIC_POWER}
    return aliases.get(text.strip().lower()) or library_query.parse_enum(Goal, text, "goal")


def parse_equipment(values: list[str] | None) -> frozenset[Equipment] | None:
    """Parse ``--equipment`` values (comma-separated and/or repeated), as ``exercises list`` does.

    ``None`` or no values (option left out) means everything is available; ``none`` means nothing
    beyond what every home has (a wall).

    >>> sorted(e.value for e in parse_equipment(["dumbbell,mini_band"]))
    ['dumbbell', 'mini_band']
    >>> parse_equipment(["none"])
    frozenset()
    """
    parsed = library_query.parse_equipment(values or [])
    return None if parsed is None else frozenset(parsed)


@dataclass(frozen=True)
class PlanRequest:
    """What the user asked for. ``equipment=None`` means everything in the library is available."""

    level: Level
    days: int
    minutes: int
    weeks: int = 4
    goal: Goal = Goal.GENERAL_STRENGTH
    equipment: frozenset[Equipment] | None = None
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()

    def validate(self) -> None:
        """Range checks that need no library; raise UsageError with what to do."""
        if not 1 <= self.days <= 7:
            raise UsageError(
                f"--days must be between 1 and 7 training days a week, got {self.days}",
                "2-3 days a week suits beginners, 3-4 intermediates, 4-5 advanced lifters",
            )
        if not 1 <= self.weeks <= MAX_WEEKS:
            raise UsageError(
                f"--weeks must be between 1 and {MAX_WEEKS}, got {self.weeks}",
                "plan a block of 4-8 weeks and make a new plan after it",
            )
        if not 1 <= self.minutes <= MAX_MINUTES:
            raise UsageError(
                f"--minutes must be between 1 and {MAX_MINUTES} minutes a session, got {self.minutes}",
                "30-60 minutes a session is typical",
            )
        both = sorted(set(self.include) & set(self.exclude))
        if both:
            raise UsageError(
                f"{', '.join(both)} is both included and excluded",
                "drop it from --include or from --exclude",
            )

    def to_dict(self) -> dict[str, object]:
        return {
            "level": self.level.value,
            "days": self.days,
            "minutes": self.minutes,
            "weeks": self.weeks,
            "goal": self.goal.value,
            "equipment": None
            if self.equipment is None
            else sorted(e.value for e in self.equipment),
            "exclude": list(self.exclude),
            "include": list(self.include),
        }


@dataclass(frozen=True)
class PlanItem:
    """One exercise in a session, with its prescription for that week.

    ``reps`` is the range to work in (double progression moves up inside it); ``per_side`` means
    every set is done on each side. ``duration_s`` is set for timed warm-up items.
    """

    order: int
    exercise_id: str
    name: str
    pattern: str
    role: Role
    sets: int
    reps: tuple[int, int]
    hold_s: float
    per_side: bool
    load: str | None
    rest_s: int
    tempo: str | None
    estimated_s: int
    duration_s: int | None = None
    notes: tuple[str, ...] = ()
    why: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        hold: float | int = int(self.hold_s) if float(self.hold_s).is_integer() else self.hold_s
        return {
            "order": self.order,
            "exercise_id": self.exercise_id,
            "name": self.name,
            "pattern": self.pattern,
            "role": self.role.value,
            "sets": self.sets,
            "reps": list(self.reps),
            "hold_s": hold,
            "per_side": self.per_side,
            "load": self.load,
            "rest_s": self.rest_s,
            "tempo": self.tempo,
            "duration_s": self.duration_s,
            "estimated_minutes": round(self.estimated_s / 60, 1),
            "notes": list(self.notes),
            "why": list(self.why),
        }


@dataclass(frozen=True)
class PlanSession:
    week: int
    day: int  # 1-based training day within the week
    weekday: int  # 0 = Monday
    warmup_minutes: int
    estimated_s: int
    items: tuple[PlanItem, ...]
    why: tuple[str, ...] = ()

    @property
    def estimated_minutes(self) -> int:
        # Rounded up so that "fits in N minutes" holds for the displayed figure too.
        return -(-self.estimated_s // 60)

    def items_with(self, role: Role) -> list[PlanItem]:
        return [i for i in self.items if i.role is role]

    def date(self, start: date) -> date:
        """The calendar date of this session; the plan starts on the first Monday >= ``start``.

        >>> PlanSession(1, 2, 3, 5, 1200, ()).date(date(2026, 1, 7))  # Wednesday -> next week
        datetime.date(2026, 1, 15)
        """
        return first_monday(start) + timedelta(weeks=self.week - 1, days=self.weekday)

    def to_dict(self) -> dict[str, object]:
        return {
            "week": self.week,
            "day": self.day,
            "weekday": WEEKDAY_NAMES[self.weekday],
            "warmup_minutes": self.warmup_minutes,
            "estimated_minutes": self.estimated_minutes,
            "items": [i.to_dict() for i in self.items],
            "why": list(self.why),
        }


@dataclass(frozen=True)
class Plan:
    request: PlanRequest
    sessions: tuple[PlanSession, ...]
    warnings: tuple[str, ...] = ()
    why: tuple[str, ...] = field(default=())

    def to_json(self) -> list[dict[str, object]]:
        """The ``--json`` shape: a list of sessions."""
        return [s.to_dict() for s in self.sessions]

    def to_dict(self) -> dict[str, object]:
        """Everything, including the request, for storage."""
        return {
            "request": self.request.to_dict(),
            "sessions": self.to_json(),
            "warnings": list(self.warnings),
            "why": list(self.why),
        }

"""Plain, typed records the store reads and writes (no SQLAlchemy here).

The rest of hipcoach builds these and hands them to :class:`hipcoach.store.repo.Store`; the store
returns them with ``id`` (and timestamps) filled in. Values are checked on construction so a bad
number from the command line or an imported file fails with a clear message before anything is
written.

>>> entry = SetEntry(exercise_id="glute-bridge", set_index=1, reps=12, target_reps_max=12)
>>> entry.reached_top
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hipcoach.errors import UsageError

# Plain strings checked against the tuples below when a record is built: the values come from
# the database, CSV files and the command line, so the check has to happen at run time anyway.
Side = str  # one of SIDES
Source = str  # one of SOURCES
Form = str  # one of FORMS
BreakStatus = str  # one of BREAK_STATUSES

SIDES: tuple[str, ...] = ("both", "left", "right")
SOURCES: tuple[str, ...] = ("manual", "analysis", "import")
FORMS: tuple[str, ...] = ("good", "poor")
BREAK_STATUSES: tuple[str, ...] = ("taken", "skipped")


def _check_range(name: str, value: float | None, lo: float, hi: float | None = None) -> None:
    if value is None:
        return
    if value != value:  # NaN: a float that is not equal to itself
        raise UsageError(f"{name} is not a number", f"give {name} as a number")
    if value < lo or (hi is not None and value > hi):
        span = f"between {lo:g} and {hi:g}" if hi is not None else f"at least {lo:g}"
        raise UsageError(f"{name} must be {span}, got {value:g}", f"give {name} {span}")


def _check_choice(name: str, value: str | None, choices: tuple[str, ...]) -> None:
    if value is not None and value not in choices:
        raise UsageError(
            f"{name} must be one of {', '.join(choices)}, got {value!r}",
            f"use one of: {', '.join(choices)}",
        )


@dataclass(frozen=True)
class SetEntry:
    """One set of one exercise: the target beside what was done.

    ``side`` is ``both`` for bilateral work, ``left``/``right`` for one side of unilateral work.
    Loads are kilograms, times seconds. ``form`` is the person's own verdict (good/poor);
    ``form_score`` (0-1) is the share of clean reps measured by the video coach.
    """

    exercise_id: str
    set_index: int
    side: Side = "both"
    target_reps_min: int | None = None
    target_reps_max: int | None = None
    target_load_kg: float | None = None
    target_hold_s: float | None = None
    reps: int | None = None
    load_kg: float | None = None
    hold_s: float | None = None
    rir: int | None = None
    pain: int | None = None
    form: Form | None = None
    form_score: float | None = None
    rom_deg: float | None = None
    faults: tuple[str, ...] = ()
    notes: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.exercise_id:
            raise UsageError("a set needs an exercise id", "name the exercise, e.g. glute-bridge")
        _check_range("set index", self.set_index, 1, 100)
        _check_choice("side", self.side, SIDES)
        _check_range("target reps min", self.target_reps_min, 0, 1000)
        _check_range("target reps max", self.target_reps_max, 0, 1000)
        if (
            self.target_reps_min is not None
            and self.target_reps_max is not None
            and self.target_reps_min > self.target_reps_max
        ):
            raise UsageError(
                f"target reps {self.target_reps_min}-{self.target_reps_max}: min is above max",
                "give the rep range low to high, e.g. 8-12",
            )
        _check_range("target load (kg)", self.target_load_kg, 0, 1000)
        _check_range("target hold (s)", self.target_hold_s, 0, 3600)
        _check_range("reps", self.reps, 0, 1000)
        _check_range("load (kg)", self.load_kg, 0, 1000)
        _check_range("hold (s)", self.hold_s, 0, 3600)
        _check_range("RIR (reps in reserve)", self.rir, 0, 10)
        _check_range("pain", self.pain, 0, 10)
        _check_choice("form", self.form, FORMS)
        _check_range("form score", self.form_score, 0, 1)
        _check_range("range of motion (deg)", self.rom_deg, 0, 360)
        object.__setattr__(self, "faults", tuple(self.faults))

    @property
    def reached_top(self) -> bool:
        """True when the set reached the top of its target rep range."""
        return (
            self.reps is not None
            and self.target_reps_max is not None
            and self.reps >= self.target_reps_max
        )


@dataclass(frozen=True)
class LoggedSession:
    """One training session: a day, where it came from, and its sets.

    ``planned_ref`` names the planned session it followed (e.g. ``plan:3/w2d1``) when known.
    """

    day: date
    entries: tuple[SetEntry, ...] = ()
    source: Source = "manual"
    name: str | None = None
    planned_ref: str | None = None
    notes: str | None = None
    id: int | None = None
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        _check_choice("source", self.source, SOURCES)
        object.__setattr__(self, "entries", tuple(self.entries))

    def exercises(self) -> list[str]:
        """Exercise ids in the order they first appear."""
        return list(dict.fromkeys(e.exercise_id for e in self.entries))

    def entries_for(self, exercise_id: str) -> list[SetEntry]:
        return [e for e in self.entries if e.exercise_id == exercise_id]


@dataclass(frozen=True)
class StoredPlan:
    """A plan as the planner produced it (JSON), with the inputs that made it."""

    inputs: dict[str, Any]
    plan: Any
    start: date
    name: str | None = None
    active: bool = True
    id: int | None = None
    created_at: datetime | None = None


@dataclass(frozen=True)
class BreakRecord:
    """A sitting break that was offered: taken or skipped, and what kind (walk, glute squeeze)."""

    at: datetime
    status: BreakStatus
    kind: str = "walk"
    duration_s: float | None = None
    notes: str | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _check_choice("break status", self.status, BREAK_STATUSES)
        if not self.kind:
            raise UsageError("a break needs a kind", "e.g. walk or glute-squeeze")
        _check_range("break duration (s)", self.duration_s, 0, 24 * 3600)


@dataclass(frozen=True)
class DatabaseInfo:
    """What ``Store.info()`` reports: where the data lives and at which schema version."""

    url: str
    schema_version: int
    revision: str
    app_version: str
    counts: dict[str, int] = field(default_factory=dict)

"""Reading the training log back: per-exercise progress, personal records, plan adherence.

Pure functions over :class:`~hipcoach.store.LoggedSession` lists, so they are easy to test and
the CLI, charts and exports share them.

>>> from datetime import date
>>> from hipcoach.store import LoggedSession, SetEntry
>>> s = LoggedSession(day=date(2026, 3, 2), entries=(
...     SetEntry(exercise_id="hip-thrust", set_index=1, reps=10, load_kg=40),
...     SetEntry(exercise_id="hip-thrust", set_index=2, reps=8, load_kg=40)))
>>> progress_rows([s], "hip-thrust")[0].volume_kg
720.0
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from hipcoach.store import LoggedSession, SetEntry, StoredPlan

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _mean(values: Sequence[float]) -> float | None:
    return round(statistics.fmean(values), 3) if values else None


@dataclass(frozen=True)
class ProgressRow:
    """One session of one exercise, summarised for tables and charts."""

    day: date
    session_id: int | None
    sets: int
    total_reps: int
    best_reps: int | None
    top_load_kg: float | None
    volume_kg: float
    mean_hold_s: float | None
    mean_rom_deg: float | None
    form_score: float | None
    form: str | None  # worst self-reported/derived verdict: "poor" if any set was poor
    max_pain: int | None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["day"] = self.day.isoformat()
        return d


def session_form(entries: Sequence[SetEntry]) -> str | None:
    """``poor`` if any set was poor, ``good`` if all rated sets were good, else None."""
    forms = [e.form for e in entries if e.form is not None]
    if not forms:
        return None
    return "poor" if "poor" in forms else "good"


def progress_rows(sessions: Sequence[LoggedSession], exercise_id: str) -> list[ProgressRow]:
    """One :class:`ProgressRow` per session that has sets of ``exercise_id``, oldest first."""
    rows = []
    for s in sorted(sessions, key=lambda x: (x.day, x.id or 0)):
        entries = s.entries_for(exercise_id)
        if not entries:
            continue
        reps = [e.reps for e in entries if e.reps is not None]
        loads = [e.load_kg for e in entries if e.load_kg is not None]
        pains = [e.pain for e in entries if e.pain is not None]
        rows.append(
            ProgressRow(
                day=s.day,
                session_id=s.id,
                sets=len(entries),
                total_reps=sum(reps),
                best_reps=max(reps) if reps else None,
                top_load_kg=max(loads) if loads else None,
                volume_kg=float(sum((e.reps or 0) * (e.load_kg or 0) for e in entries)),
                mean_hold_s=_mean([e.hold_s for e in entries if e.hold_s is not None]),
                mean_rom_deg=_mean([e.rom_deg for e in entries if e.rom_deg is not None]),
                form_score=_mean([e.form_score for e in entries if e.form_score is not None]),
                form=session_form(entries),
                max_pain=max(pains) if pains else None,
            )
        )
    return rows


@dataclass(frozen=True)
class PersonalRecord:
    exercise_id: str
    kind: str  # "heaviest load", "most reps", "longest hold", "largest range of motion"
    value: float
    unit: str
    detail: str
    day: date

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["day"] = self.day.isoformat()
        return d


def personal_records(sessions: Sequence[LoggedSession]) -> list[PersonalRecord]:
    """Best set per exercise by load, reps, hold and range of motion (earliest day on ties)."""
    best: dict[tuple[str, str], PersonalRecord] = {}

    def offer(ex: str, kind: str, value: float | None, unit: str, detail: str, day: date) -> None:
        if value is None or value <= 0:
            return
        cur = best.get((ex, kind))
        if cur is None or value > cur.value:
            best[(ex, kind)] = PersonalRecord(ex, kind, float(value), unit, detail, day)

    for s in sorted(sessions, key=lambda x: (x.day, x.id or 0)):
        for e in s.entries:
            side = "" if e.side == "both" else f" ({e.side})"
            if e.load_kg:
                detail = f"{e.load_kg:g} kg x {e.reps}{side}"
                offer(e.exercise_id, "heaviest load", e.load_kg, "kg", detail, s.day)
            load = f" at {e.load_kg:g} kg" if e.load_kg else " at bodyweight"
            offer(e.exercise_id, "most reps", e.reps, "reps", f"{e.reps} reps{load}{side}", s.day)
            offer(e.exercise_id, "longest hold", e.hold_s, "s", f"{e.hold_s} s{side}", s.day)
            offer(
                e.exercise_id,
                "largest range of motion",
                e.rom_deg,
                "deg",
                f"{e.rom_deg} deg{side}",
                s.day,
            )
    return sorted(best.values(), key=lambda r: (r.exercise_id, r.kind))


@dataclass(frozen=True)
class PlannedSessionStatus:
    week: int
    day: int
    date: date
    planned_sets: int
    done_sets: int
    done: bool  # at least one planned exercise logged that day

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["date"] = self.date.isoformat()
        return d


@dataclass(frozen=True)
class Adherence:
    sessions: tuple[PlannedSessionStatus, ...]

    @property
    def planned(self) -> int:
        return len(self.sessions)

    @property
    def done(self) -> int:
        return sum(s.done for s in self.sessions)

    @property
    def session_rate(self) -> float | None:
        return self.done / self.planned if self.planned else None

    @property
    def set_rate(self) -> float | None:
        planned = sum(s.planned_sets for s in self.sessions)
        done = sum(min(s.done_sets, s.planned_sets) for s in self.sessions)
        return done / planned if planned else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "planned_sessions": self.planned,
            "done_sessions": self.done,
            "session_rate": self.session_rate,
            "set_rate": self.set_rate,
            "sessions": [s.to_dict() for s in self.sessions],
        }


def _plan_sessions(plan: Any) -> list[dict[str, Any]]:
    sessions = plan.get("sessions", []) if isinstance(plan, dict) else plan
    return [s for s in sessions or [] if isinstance(s, dict)]


def adherence(
    plan: StoredPlan, sessions: Sequence[LoggedSession], *, until: date | None = None
) -> Adherence:
    """Planned sessions due by ``until`` (default today) against what the log holds.

    A planned session counts as done when any of its exercises was logged within a day of its
    date (people shift a session by a day); planned sets count each side of per-side work.
    """
    until = until or date.today()
    monday = plan.start - timedelta(days=plan.start.weekday())
    by_day: dict[date, list[SetEntry]] = {}
    for s in sessions:
        by_day.setdefault(s.day, []).extend(s.entries)
    used: set[tuple[date, str]] = set()
    out = []
    for ps in _plan_sessions(plan.plan):
        weekday = ps.get("weekday", "Mon")
        offset = WEEKDAYS.index(weekday) if isinstance(weekday, str) else int(weekday)
        when = monday + timedelta(weeks=int(ps.get("week", 1)) - 1, days=offset)
        if when > until:
            continue
        items = [i for i in ps.get("items", []) if i.get("role") != "warm_up"]
        planned_sets = sum(int(i.get("sets") or 0) * (2 if i.get("per_side") else 1) for i in items)
        ids = {i.get("exercise_id") for i in items}
        done_sets = 0
        for d in (when, when + timedelta(days=1), when - timedelta(days=1)):
            matched = [e for e in by_day.get(d, []) if e.exercise_id in ids]
            keys = {(d, e.exercise_id) for e in matched}
            if matched and not keys & used:
                used |= keys
                done_sets = len(matched)
                break
        out.append(
            PlannedSessionStatus(
                week=int(ps.get("week", 1)),
                day=int(ps.get("day", offset + 1)),
                date=when,
                planned_sets=planned_sets,
                done_sets=done_sets,
                done=done_sets > 0,
            )
        )
    return Adherence(tuple(out))

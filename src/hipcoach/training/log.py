"""Recording sessions in the training log by hand (the coach's sessions: :mod:`.log_coach`).

Each logged set keeps the target (from the active plan, or else the library's scheme) beside
what was done, so adherence and progression can be worked out later.

>>> from hipcoach.store import open_store
>>> from datetime import date
>>> with open_store(url="sqlite://") as store:
...     s = log_manual(store, "glute-bridge", reps=[12, 11, 10], day=date(2026, 3, 2), form="good")
...     [(e.target_reps_min, e.target_reps_max, e.reps) for e in s.entries]
[(8, 12, 12), (8, 12, 11), (8, 12, 10)]
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hipcoach.errors import UsageError
from hipcoach.library import load_library
from hipcoach.library.models import Exercise, Laterality
from hipcoach.library.registry import Library
from hipcoach.store import LoggedSession, SetEntry, Store, StoredPlan

LB_TO_KG = 0.45359237
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# A coach-measured set counts as good form when at least this share of its reps had no fault.
GOOD_FORM_SHARE = 0.8


@dataclass(frozen=True)
class Target:
    """What one exercise should be on a given day, and where that came from."""

    sets: int
    reps_min: int
    reps_max: int
    hold_s: float
    per_side: bool
    load_kg: float | None = None
    source: str = "library scheme"
    planned_ref: str | None = None


def parse_load(text: str | float | None) -> float | None:
    """A load in kg from ``20``, ``"20kg"``, ``"45 lb"``, ``"bodyweight"``; None when there is none.

    >>> parse_load("45 lb")
    20.41
    >>> parse_load("bodyweight") is None
    True
    """
    if text is None:
        return None
    if isinstance(text, int | float):
        value = float(text)
        unit = "kg"
    else:
        raw = text.strip().lower()
        if raw in ("", "bw", "bodyweight", "body weight", "none", "-"):
            return None
        m = re.fullmatch(r"(\d+(?:[.,]\d+)?)\s*(kg|kgs|lb|lbs)?", raw)
        if not m:
            raise UsageError(
                f"load {text!r} is not a weight",
                "give kilograms (20 or 20kg), pounds (45lb), or bodyweight",
            )
        value = float(m.group(1).replace(",", "."))
        unit = m.group(2) or "kg"
    if not math.isfinite(value) or value < 0:
        raise UsageError(f"load {text!r} must be zero or more", "give e.g. 20kg")
    kg = value * LB_TO_KG if unit.startswith("lb") else value
    return round(kg, 2) if kg else None


def _kg_in(text: object) -> float | None:
    """A kg figure inside a planner's free-text load (e.g. ``"8 kg dumbbell"``), if any."""
    if not isinstance(text, str):
        return None
    m = re.search(r"(\d+(?:\.\d+)?)\s*kg", text.lower())
    return float(m.group(1)) if m else None


def parse_reps(text: str | Sequence[int] | None) -> list[int]:
    """``"12,11,10"`` -> [12, 11, 10]; a UsageError names anything that is not a count.

    >>> parse_reps("10, 9,8")
    [10, 9, 8]
    """
    if text is None:
        return []
    if not isinstance(text, str):
        values = [int(v) for v in text]
    else:
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        values = []
        for p in parts:
            if not p.isdigit():
                raise UsageError(
                    f"reps {text!r}: {p!r} is not a whole number",
                    "give reps per set separated by commas, e.g. --reps 12,11,10",
                )
            values.append(int(p))
    if any(v < 0 or v > 1000 for v in values):
        raise UsageError(f"reps {values} must be between 0 and 1000")
    return values


def _planned_item(plan: StoredPlan, exercise_id: str, day: date) -> tuple[dict[str, Any], str]:
    """The plan's item for this exercise on ``day`` (or in that week), with a reference."""
    sessions = plan.plan.get("sessions", []) if isinstance(plan.plan, dict) else plan.plan
    monday = plan.start - timedelta(days=plan.start.weekday())
    best: tuple[int, dict[str, Any], str] | None = None
    for session in sessions or []:
        try:
            week = int(session["week"])
            weekday = session.get("weekday", "Mon")
            offset = WEEKDAYS.index(weekday) if isinstance(weekday, str) else int(weekday)
        except (KeyError, ValueError, TypeError):
            continue
        when = monday + timedelta(weeks=week - 1, days=offset)
        for item in session.get("items", []):
            if item.get("exercise_id") != exercise_id:
                continue
            ref = f"plan:{plan.id}/w{week}d{session.get('day', offset + 1)}"
            # Same day beats same week beats anything else.
            rank = 0 if when == day else 1 if abs((when - day).days) < 7 else 2
            if best is None or rank < best[0]:
                best = (rank, item, ref)
    if best is None or best[0] == 2:
        raise LookupError(exercise_id)
    return best[1], best[2]


def target_for(exercise: Exercise, day: date, plan: StoredPlan | None = None) -> Target:
    """The target for ``exercise`` on ``day``: the active plan's item, else the library scheme."""
    if plan is not None:
        try:
            item, ref = _planned_item(plan, exercise.id, day)
            reps = item.get("reps") or [exercise.scheme.reps.min, exercise.scheme.reps.max]
            return Target(
                sets=int(item.get("sets") or exercise.scheme.sets.max),
                reps_min=int(reps[0]),
                reps_max=int(reps[1]),
                hold_s=float(item.get("hold_s") or 0),
                per_side=bool(item.get("per_side", exercise.scheme.per_side)),
                load_kg=_kg_in(item.get("load")),
                source=f"plan ({ref})",
                planned_ref=ref,
            )
        except LookupError:
            pass
    s = exercise.scheme
    return Target(
        sets=int(s.sets.max),
        reps_min=int(s.reps.min),
        reps_max=int(s.reps.max),
        hold_s=float(s.hold_s),
        per_side=s.per_side or exercise.laterality is not Laterality.BILATERAL,
    )


def _sides(exercise: Exercise, target: Target, side: str | None) -> list[str]:
    unilateral = target.per_side or exercise.laterality is not Laterality.BILATERAL
    if side in (None, "both"):
        return ["left", "right"] if unilateral else ["both"]
    if side not in ("left", "right"):
        raise UsageError(f"side must be left, right or both, got {side!r}")
    if not unilateral:
        raise UsageError(
            f"{exercise.id} works both legs together; it has no {side} side",
            "leave out --side for bilateral exercises",
        )
    return [side]


def build_entries(
    exercise: Exercise,
    target: Target,
    *,
    reps: Sequence[int] = (),
    sets: int | None = None,
    side: str | None = None,
    reps_by_side: Mapping[str, Sequence[int]] | None = None,
    load_kg: float | None = None,
    hold_s: float | None = None,
    rir: int | None = None,
    pain: int | None = None,
    form: str | None = None,
    notes: str | None = None,
) -> list[SetEntry]:
    """Set entries for one exercise: every set, on every side it is done on.

    ``reps`` gives reps per set (one number is repeated ``sets`` times); ``reps_by_side`` gives
    different reps for left and right.
    """
    by_side = {k: list(v) for k, v in (reps_by_side or {}).items() if v}
    sides = (
        sorted(by_side, key=["left", "right"].index) if by_side else _sides(exercise, target, side)
    )
    timed = target.reps_max <= 1 and target.hold_s > 0
    entries: list[SetEntry] = []
    for s in sides:
        counts = list(by_side.get(s, reps))
        if not counts:
            if not timed:
                raise UsageError(
                    f"how many reps of {exercise.id}?",
                    "give --reps (e.g. --reps 12,11,10, or --reps 10 --sets 3)",
                )
            counts = [1]
        if len(counts) == 1 and (sets or 0) > 1:
            counts = counts * int(sets or 1)
        elif sets is not None and len(counts) != sets:
            raise UsageError(
                f"--sets {sets} but {len(counts)} rep counts were given",
                "give one rep count per set, or a single count with --sets",
            )
        for i, count in enumerate(counts, start=1):
            entries.append(
                SetEntry(
                    exercise_id=exercise.id,
                    set_index=i,
                    side=s,
                    target_reps_min=target.reps_min,
                    target_reps_max=target.reps_max,
                    target_load_kg=target.load_kg,
                    target_hold_s=target.hold_s or None,
                    reps=count,
                    load_kg=load_kg,
                    hold_s=hold_s,
                    rir=rir,
                    pain=pain,
                    form=form,
                    notes=notes,
                )
            )
    return entries


def attach_entries(
    store: Store,
    day: date,
    entries: list[SetEntry],
    *,
    source: str,
    planned_ref: str | None,
    new_session: bool,
    notes: str | None = None,
) -> LoggedSession:
    existing = None if new_session else store.find_session(day, source=source)
    if existing is not None and existing.id is not None:
        return store.add_entries(existing.id, entries)
    return store.add_session(
        LoggedSession(
            day=day,
            entries=tuple(entries),
            source=source,
            planned_ref=planned_ref,
            notes=notes,
        )
    )


def log_manual(
    store: Store,
    exercise_id: str,
    *,
    day: date | None = None,
    library: Library | None = None,
    new_session: bool = False,
    **values: Any,
) -> LoggedSession:
    """Record sets done by hand; appends to that day's manual session unless ``new_session``.

    ``values`` are :func:`build_entries` keywords (reps, sets, side, reps_by_side, load_kg,
    hold_s, rir, pain, form, notes). The target comes from the active plan when it has this
    exercise near ``day``, else from the library scheme.
    """
    library = library or load_library()
    exercise = library.get(exercise_id)
    day = day or date.today()
    target = target_for(exercise, day, store.active_plan())
    entries = build_entries(exercise, target, **values)
    return attach_entries(
        store,
        day,
        entries,
        source="manual",
        planned_ref=target.planned_ref,
        new_session=new_session,
    )

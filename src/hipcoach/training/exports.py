"""Exporting the training log: CSV with Strong/Hevy-like columns, and JSON.

The CSV has one row per set. The first columns follow the layout of Strong's export so other
apps and spreadsheets read it; hipcoach's own columns follow (side, pain, RIR, form, targets),
so an export imports back without loss (:mod:`hipcoach.training.imports`).

>>> from datetime import date
>>> from hipcoach.store import LoggedSession, SetEntry
>>> s = LoggedSession(day=date(2026, 3, 2), entries=(
...     SetEntry(exercise_id="glute-bridge", set_index=1, reps=12, rir=2),))
>>> to_csv([s]).splitlines()[1][:40]
'2026-03-02,hipcoach,Glute bridge,1,,kg,1'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from hipcoach.errors import UnknownIdError
from hipcoach.library import load_library
from hipcoach.library.registry import Library
from hipcoach.store import LoggedSession, SetEntry

JSON_FORMAT = "hipcoach-log"
JSON_VERSION = 1

CSV_COLUMNS = (
    "Date",
    "Workout Name",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Weight Unit",
    "Reps",
    "Seconds",
    "RPE",
    "Notes",
    "Workout Notes",
    # hipcoach's own columns:
    "Exercise Id",
    "Side",
    "RIR",
    "Pain",
    "Form",
    "Form Score",
    "ROM (deg)",
    "Faults",
    "Target Reps",
    "Target Weight",
    "Target Seconds",
    "Source",
)


def _num(x: float | int | None) -> str:
    if x is None:
        return ""
    return f"{x:g}" if isinstance(x, float) else str(x)


def _exercise_name(exercise_id: str, library: Library) -> str:
    try:
        return library.get(exercise_id).name
    except UnknownIdError:
        return exercise_id  # logged before an exercise was renamed or removed: keep the id


def _target_reps(e: SetEntry) -> str:
    lo, hi = e.target_reps_min, e.target_reps_max
    if lo is None and hi is None:
        return ""
    if lo == hi or lo is None or hi is None:
        return str(hi if lo is None else lo)
    return f"{lo}-{hi}"


def csv_rows(sessions: Sequence[LoggedSession], library: Library | None = None) -> list[list[str]]:
    """The CSV rows (without the header), one per set, sessions in the order given."""
    library = library or load_library()
    rows = []
    for s in sessions:
        for e in s.entries:
            rows.append(
                [
                    s.day.isoformat(),
                    s.name or "hipcoach",
                    _exercise_name(e.exercise_id, library),
                    str(e.set_index),
                    _num(e.load_kg),
                    "kg",
                    _num(e.reps),
                    _num(e.hold_s),
                    _num(10 - e.rir) if e.rir is not None else "",
                    e.notes or "",
                    s.notes or "",
                    e.exercise_id,
                    e.side,
                    _num(e.rir),
                    _num(e.pain),
                    e.form or "",
                    _num(e.form_score),
                    _num(e.rom_deg),
                    ";".join(e.faults),
                    _target_reps(e),
                    _num(e.target_load_kg),
                    _num(e.target_hold_s),
                    s.source,
                ]
            )
    return rows


def to_csv(sessions: Sequence[LoggedSession], library: Library | None = None) -> str:
    """The whole log as CSV text (header + one row per set)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(sessions, library))
    return buf.getvalue()


def entry_to_dict(e: SetEntry) -> dict[str, Any]:
    return {
        "exercise_id": e.exercise_id,
        "set_index": e.set_index,
        "side": e.side,
        "target": {
            "reps_min": e.target_reps_min,
            "reps_max": e.target_reps_max,
            "load_kg": e.target_load_kg,
            "hold_s": e.target_hold_s,
        },
        "reps": e.reps,
        "load_kg": e.load_kg,
        "hold_s": e.hold_s,
        "rir": e.rir,
        "pain": e.pain,
        "form": e.form,
        "form_score": e.form_score,
        "rom_deg": e.rom_deg,
        "faults": list(e.faults),
        "notes": e.notes,
    }


def session_to_dict(s: LoggedSession) -> dict[str, Any]:
    return {
        "id": s.id,
        "day": s.day.isoformat(),
        "name": s.name,
        "source": s.source,
        "planned_ref": s.planned_ref,
        "notes": s.notes,
        "sets": [entry_to_dict(e) for e in s.entries],
    }


def to_json_data(sessions: Sequence[LoggedSession]) -> dict[str, Any]:
    """The JSON export: ``{"format": "hipcoach-log", "version": 1, "sessions": [...]}``."""
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported_at": datetime.now().replace(microsecond=0).isoformat(),
        "sessions": [session_to_dict(s) for s in sessions],
    }

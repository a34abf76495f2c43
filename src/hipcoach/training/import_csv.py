"""Parsing a CSV training log from hipcoach, Strong or Hevy into sessions (nothing is stored).

Headers are matched by alias, so the column names of each app map to the same keys; every cell
is checked, and a bad one names its row and column. Exercise names from other apps are mapped
to library ids (exact name or id, known aliases, close spelling); rows that cannot be mapped are
reported, not dropped silently.

>>> report = parse_csv(
...     "Date,Exercise Name,Reps" + chr(10) + "2026-03-02,Hip Thrust (Barbell),10" + chr(10))
>>> report.mapped_names
{'Hip Thrust (Barbell)': 'hip-thrust'}
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from hipcoach.errors import DataError, UsageError
from hipcoach.library import load_library
from hipcoach.library.registry import Library
from hipcoach.store import LoggedSession, SetEntry
from hipcoach.training.exercise_names import map_exercise_name
from hipcoach.training.import_report import ImportReport
from hipcoach.training.log import LB_TO_KG

# Header aliases: our column key -> normalised header names seen in exports.
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "starttime", "workoutdate"),
    "workout": ("workoutname", "title", "workout"),
    "exercise": ("exercisename", "exercisetitle", "exercise"),
    "set_order": ("setorder", "setindex", "set"),
    "weight": ("weight", "weightkg", "weightlbs", "weightlb"),
    "weight_unit": ("weightunit", "unit"),
    "reps": ("reps", "repetitions"),
    "seconds": ("seconds", "durationseconds"),  # Strong's "Duration" is the workout's
    "rpe": ("rpe",),
    "notes": ("notes", "exercisenotes", "setnotes"),
    "workout_notes": ("workoutnotes", "description"),
    "exercise_id": ("exerciseid",),
    "side": ("side",),
    "rir": ("rir",),
    "pain": ("pain",),
    "form": ("form",),
    "form_score": ("formscore",),
    "rom": ("romdeg", "rom"),
    "faults": ("faults",),
    "target_reps": ("targetreps",),
    "target_weight": ("targetweight",),
    "target_seconds": ("targetseconds",),
}
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d %b %Y, %H:%M", "%Y/%m/%d")


class _Row:
    """One CSV row with typed accessors that name the row and column on bad values."""

    def __init__(self, number: int, values: dict[str, str], headers: dict[str, str]) -> None:
        self.number = number
        self.values = values
        self.headers = headers  # our key -> the header as written in the file

    def text(self, key: str) -> str:
        return (self.values.get(key) or "").strip()

    def _bad(self, key: str, raw: str, want: str) -> DataError:
        return DataError(
            f"row {self.number}, column {self.headers.get(key, key)!r}: {raw!r} is not {want}",
            "fix that cell (or leave it empty); nothing was imported",
        )

    def number_(self, key: str, *, whole: bool = False) -> float | None:
        raw = self.text(key)
        if not raw:
            return None
        try:
            value = float(raw.replace(",", ".")) if not whole else float(raw)
        except ValueError:
            raise self._bad(key, raw, "a whole number" if whole else "a number") from None
        if whole and not value.is_integer():
            raise self._bad(key, raw, "a whole number")
        return value

    def day(self) -> date:
        raw = self.text("date")
        for fmt in DATE_FORMATS:
            try:
                return datetime.strptime(raw, fmt).date()
            except ValueError:
                continue
        try:
            return datetime.fromisoformat(raw).date()
        except ValueError:
            raise self._bad("date", raw, "a date (e.g. 2026-03-02)") from None


def _headers(fieldnames: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for name in fieldnames:
        key = re.sub(r"[^a-z0-9]", "", (name or "").lower())
        for ours, aliases in COLUMNS.items():
            if key in aliases and ours not in found:
                found[ours] = name
    return found


def _sniff(text: str) -> csv.Dialect | type[csv.Dialect]:
    first = text.splitlines()[0] if text else ""
    # Strong exports use ';' in some locales; pick the one that splits the header more.
    return csv.excel if first.count(",") >= first.count(";") else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


def _rir(row: _Row) -> int | None:
    rir = row.number_("rir", whole=True)
    if rir is not None:
        return int(rir)
    rpe = row.number_("rpe")
    if rpe is None:
        return None
    if not 0 <= rpe <= 10:
        raise row._bad("rpe", row.text("rpe"), "an RPE between 0 and 10")
    return max(0, min(10, round(10 - rpe)))


def _targets(row: _Row) -> tuple[int | None, int | None]:
    raw = row.text("target_reps")
    if not raw:
        return None, None
    m = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", raw)
    if not m:
        raise row._bad("target_reps", raw, "a rep count or range like 8-12")
    lo = int(m.group(1))
    return lo, int(m.group(2)) if m.group(2) else lo


def _entry(row: _Row, exercise_id: str, set_index: int, unit: str) -> SetEntry:
    weight = row.number_("weight")
    row_unit = row.text("weight_unit").lower() or unit
    header = row.headers.get("weight", "").lower()
    if "lb" in header or row_unit.startswith("lb"):
        weight = None if weight is None else round(weight * LB_TO_KG, 2)
    reps = row.number_("reps", whole=True)
    pain = row.number_("pain", whole=True)
    lo, hi = _targets(row)
    form = row.text("form").lower() or None
    try:
        return SetEntry(
            exercise_id=exercise_id,
            set_index=set_index,
            side=(row.text("side").lower() or "both"),
            target_reps_min=lo,
            target_reps_max=hi,
            target_load_kg=row.number_("target_weight"),
            target_hold_s=row.number_("target_seconds"),
            reps=None if reps is None else int(reps),
            load_kg=weight or None,
            hold_s=row.number_("seconds") or None,
            rir=_rir(row),
            pain=None if pain is None else int(pain),
            form=form,
            form_score=row.number_("form_score"),
            rom_deg=row.number_("rom"),
            faults=tuple(f for f in row.text("faults").split(";") if f),
            notes=row.text("notes") or None,
        )
    except UsageError as exc:
        raise DataError(
            f"row {row.number}: {exc.message}", "fix that row; nothing was imported"
        ) from None


def parse_csv(
    text: str,
    library: Library | None = None,
    *,
    overrides: Mapping[str, str] | None = None,
    unit: str = "kg",
) -> ImportReport:
    """Parse a CSV log into sessions (nothing is stored). Raises DataError on a bad file.

    Rows are grouped into sessions by date and workout name; ``unit`` (kg or lb) applies to
    weights when the file does not say.
    """
    library = library or load_library()
    if unit not in ("kg", "lb"):
        raise UsageError(f"unit must be kg or lb, got {unit!r}")
    for name, target in (overrides or {}).items():
        library.get(target)  # an override to an unknown id is a usage error, named
        if not name:
            raise UsageError("an empty name in --map", "write --map 'Their name=our-id'")
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise DataError("the CSV file is empty", "export your log again")
    reader = csv.DictReader(io.StringIO(text), dialect=_sniff(text))
    headers = _headers(reader.fieldnames or [])
    missing = [k for k in ("date", "exercise") if k not in headers and k != "exercise"]
    if "exercise" not in headers and "exercise_id" not in headers:
        missing.append("exercise")
    if missing or not ({"reps", "seconds", "weight"} & set(headers)):
        need = ", ".join(missing) or "Reps, Seconds or Weight"
        raise DataError(
            f"the CSV has no {need} column (found: {', '.join(reader.fieldnames or []) or 'none'})",
            "use a Strong/Hevy-style CSV with Date, Exercise Name, Set Order, Weight and Reps",
        )
    report = ImportReport()
    grouped: dict[tuple[date, str], list[SetEntry]] = {}
    notes: dict[tuple[date, str], str] = {}
    counters: dict[tuple[date, str, str, str], int] = {}
    try:
        raw_rows = list(reader)
    except csv.Error as exc:
        raise DataError(f"the CSV is malformed: {exc}", "check quoting in the file") from exc
    # Hevy numbers sets from 0, Strong from 1.
    order_header = headers.get("set_order")
    base = (
        1
        if order_header and any((r.get(order_header) or "").strip() == "0" for r in raw_rows)
        else 0
    )
    for n, raw in enumerate(raw_rows, start=2):  # row 1 is the header
        if None in raw:
            raise DataError(
                f"row {n} has more cells than the header has columns",
                "check for an unquoted comma in a note; nothing was imported",
            )
        values = {k: (raw.get(h) or "") for k, h in headers.items()}
        row = _Row(n, values, headers)
        if not any(v.strip() for v in values.values()):
            continue
        report.rows_read += 1
        name = row.text("exercise") or row.text("exercise_id")
        given = row.text("exercise_id")
        ex_id = given if given in library.exercises else map_exercise_name(name, library, overrides)
        day = row.day()
        if ex_id is None:
            report.unmapped.append((n, name))
            continue
        if name != ex_id:
            report.mapped_names[name] = ex_id
        workout = row.text("workout") or "imported"
        side = row.text("side").lower() or "both"
        key = (day, workout, ex_id, side)
        order = row.number_("set_order", whole=True) if row.text("set_order").isdigit() else None
        counters[key] = int(order) + base if order is not None else counters.get(key, 0) + 1
        grouped.setdefault((day, workout), []).append(_entry(row, ex_id, counters[key], unit))
        if row.text("workout_notes"):
            notes[(day, workout)] = row.text("workout_notes")
    report.sessions = [
        LoggedSession(day=d, name=w, entries=tuple(e), source="import", notes=notes.get((d, w)))
        for (d, w), e in sorted(grouped.items(), key=lambda kv: kv[0])
    ]
    return report

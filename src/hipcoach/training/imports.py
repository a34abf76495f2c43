"""Importing a training log into the store: a CSV from hipcoach, Strong or Hevy (parsed in
:mod:`hipcoach.training.import_csv`) or hipcoach's JSON export (parsed in
:mod:`hipcoach.training.import_json`).

Parsing checks every row before anything is written; :func:`import_file` then drops the sets the
log already holds and stores the rest in one transaction, so a malformed file changes nothing.
The parsers and :class:`ImportReport` are re-exported here, where callers import them from.

>>> parse_csv("Date,Exercise,Reps" + chr(10) + "2026-03-02,glute-bridge,12" + chr(10)).sets
1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from hipcoach.errors import DataError, UsageError
from hipcoach.library.registry import Library
from hipcoach.store import SetEntry, Store
from hipcoach.training.import_csv import parse_csv
from hipcoach.training.import_json import parse_json
from hipcoach.training.import_report import ImportReport

__all__ = ["ImportReport", "import_file", "parse_csv", "parse_json"]


def _set_key(day: date, e: SetEntry) -> tuple[Any, ...]:
    return (day, e.exercise_id, e.set_index, e.side, e.reps, e.load_kg, e.hold_s)


def import_file(
    store: Store,
    path: Path,
    *,
    library: Library | None = None,
    overrides: Mapping[str, str] | None = None,
    unit: str = "kg",
    dry_run: bool = False,
) -> ImportReport:
    """Parse ``path`` (CSV, or JSON by extension) and store it all in one transaction.

    Sets already in the log are skipped and counted in ``report.duplicates``.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}", "check the path") from None
    except UnicodeDecodeError:
        raise DataError(f"{path} is not a text file", "import a CSV or JSON export") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from exc
    if path.suffix.lower() == ".json":
        report = parse_json(text, library)
    else:
        report = parse_csv(text, library, overrides=overrides, unit=unit)
    if report.sessions:
        # Sets already in the log (same day, exercise, set, side, reps, load, hold) are skipped,
        # so importing a file twice, or a file that overlaps the log, does not double anything.
        first = min(s.day for s in report.sessions)
        last = max(s.day for s in report.sessions)
        existing = {
            _set_key(s.day, e) for s in store.sessions(start=first, end=last) for e in s.entries
        }
        fresh = []
        for s in report.sessions:
            entries = tuple(e for e in s.entries if _set_key(s.day, e) not in existing)
            report.duplicates += len(s.entries) - len(entries)
            if entries:
                fresh.append(replace(s, entries=entries))
        report.sessions = fresh
    if not dry_run and report.sessions:
        report.sessions = store.add_sessions(report.sessions)
    return report

"""Parsing hipcoach's own JSON log export back into sessions (nothing is stored)."""

from __future__ import annotations

import json
from datetime import date

from hipcoach.errors import DataError, HipcoachError
from hipcoach.library import load_library
from hipcoach.library.registry import Library
from hipcoach.store import LoggedSession, SetEntry
from hipcoach.training.exports import JSON_FORMAT, JSON_VERSION
from hipcoach.training.import_report import ImportReport


def parse_json(text: str, library: Library | None = None) -> ImportReport:
    """Parse hipcoach's JSON export (``format: hipcoach-log``)."""
    library = library or load_library()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"not valid JSON: {exc}", "export the log again") from exc
    if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
        raise DataError(
            'this JSON is not a hipcoach log export (no "format": "hipcoach-log")',
            "import a file made by hipcoach log export --format json",
        )
    if int(data.get("version", 0)) > JSON_VERSION:
        raise DataError(f"log export version {data.get('version')} is newer than this hipcoach")
    report = ImportReport()
    for i, s in enumerate(data.get("sessions") or [], start=1):
        try:
            entries = []
            for e in s.get("sets", []):
                report.rows_read += 1
                if e["exercise_id"] not in library.exercises:
                    report.unmapped.append((i, e["exercise_id"]))
                    continue
                t = e.get("target") or {}
                entries.append(
                    SetEntry(
                        exercise_id=e["exercise_id"],
                        set_index=int(e["set_index"]),
                        side=e.get("side", "both"),
                        target_reps_min=t.get("reps_min"),
                        target_reps_max=t.get("reps_max"),
                        target_load_kg=t.get("load_kg"),
                        target_hold_s=t.get("hold_s"),
                        reps=e.get("reps"),
                        load_kg=e.get("load_kg"),
                        hold_s=e.get("hold_s"),
                        rir=e.get("rir"),
                        pain=e.get("pain"),
                        form=e.get("form"),
                        form_score=e.get("form_score"),
                        rom_deg=e.get("rom_deg"),
                        faults=tuple(e.get("faults") or ()),
                        notes=e.get("notes"),
                    )
                )
            if entries:
                report.sessions.append(
                    LoggedSession(
                        day=date.fromisoformat(s["day"]),
                        entries=tuple(entries),
                        source="import",
                        name=s.get("name"),
                        planned_ref=s.get("planned_ref"),
                        notes=s.get("notes"),
                    )
                )
        except HipcoachError as exc:
            raise DataError(f"session {i}: {exc.message}", "nothing was imported") from None
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(
                f"session {i}: missing or bad field ({exc})", "nothing was imported"
            ) from None
    return report

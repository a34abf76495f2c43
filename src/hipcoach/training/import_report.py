"""What an import of a training log found, before and after it is merged into the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hipcoach.store import LoggedSession


@dataclass
class ImportReport:
    """What an import found: sessions to store, rows it could not map, duplicate sets skipped."""

    sessions: list[LoggedSession] = field(default_factory=list)
    rows_read: int = 0
    unmapped: list[tuple[int, str]] = field(default_factory=list)  # (row number, name)
    mapped_names: dict[str, str] = field(default_factory=dict)  # other app's name -> our id
    duplicates: int = 0  # sets already in the log, skipped

    @property
    def sets(self) -> int:
        return sum(len(s.entries) for s in self.sessions)

    def unmapped_names(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for _, name in self.unmapped:
            counts[name] = counts.get(name, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "sessions": len(self.sessions),
            "sets": self.sets,
            "duplicate_sets_skipped": self.duplicates,
            "mapped_names": self.mapped_names,
            "unmapped_rows": [{"row": r, "exercise_name": n} for r, n in self.unmapped],
        }

"""Loading and querying the exercise library.

>>> lib = load_library()
>>> lib.get("glute-bridge").scheme.hold_s
2.0
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from hipcoach.errors import DataError, UnknownIdError
from hipcoach.library.models import Equipment, Exercise, Level, Muscle, Pattern


def _data_root() -> Path:
    return Path(str(resources.files("hipcoach.library") / "data"))


def _format_validation(path: Path, err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        field = ".".join(str(p) for p in e["loc"]) or "(file)"
        lines.append(f"  field {field}: {e['msg']}")
    return f"{path}: malformed exercise file\n" + "\n".join(lines)


def load_exercise(path: Path) -> Exercise:
    """Read one exercise file; raises DataError naming the file and field."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: not valid TOML ({exc})", "fix the syntax at that line") from exc
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc})") from exc
    try:
        exercise = Exercise.model_validate(raw)
    except ValidationError as exc:
        raise DataError(
            _format_validation(path, exc), "compare the file with a working one in the library"
        ) from exc
    if exercise.id != path.stem:
        raise DataError(
            f"{path}: field id: {exercise.id!r} does not match the file name {path.stem!r}",
            "name each exercise file after its id",
        )
    return exercise


@dataclass(frozen=True)
class Library:
    """All exercises, keyed by id, with referential integrity checked on construction."""

    exercises: dict[str, Exercise]

    def __post_init__(self) -> None:
        for ex in self.exercises.values():
            for field in ("progressions", "regressions"):
                for ref in getattr(ex, field):
                    if ref not in self.exercises:
                        raise DataError(
                            f"exercise {ex.id}: field {field}: unknown exercise id {ref!r}",
                            "add that exercise or fix the reference",
                        )

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)

    def ids(self) -> list[str]:
        return list(self.exercises)

    def get(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise UnknownIdError("exercise", exercise_id, self.exercises) from None

    def filter(
        self,
        *,
        equipment: Iterable[Equipment] | None = None,
        level: Level | None = None,
        max_level: Level | None = None,
        pattern: Pattern | None = None,
        muscle: Muscle | None = None,
    ) -> list[Exercise]:
        """Exercises matching every given filter.

        ``equipment`` is what is available (an empty set means none); ``None`` means everything.
        ``muscle`` matches primary or secondary muscles.
        """
        available = None if equipment is None else set(equipment)
        out = []
        for ex in self.exercises.values():
            if available is not None and not ex.doable_with(available):
                continue
            if level is not None and ex.level is not level:
                continue
            if max_level is not None and ex.level.rank > max_level.rank:
                continue
            if pattern is not None and ex.pattern is not pattern:
                continue
            if muscle is not None and muscle not in (*ex.primary_muscles, *ex.secondary_muscles):
                continue
            out.append(ex)
        return out


def load_library_from(folder: Path) -> Library:
    files = sorted(folder.glob("*.toml"))
    if not files:
        raise DataError(f"{folder}: no exercise files found", "check the library path")
    exercises: dict[str, Exercise] = {}
    for path in files:
        ex = load_exercise(path)
        exercises[ex.id] = ex
    return Library(exercises)


@lru_cache(maxsize=1)
def load_library() -> Library:
    """The bundled library (cached: the data files ship with the package and do not change)."""
    return load_library_from(_data_root() / "exercises")

"""Loading and querying the exercise library.

The bundled files ship with the package; a folder named by ``HIPCOACH_LIBRARY_DIR`` (Settings
``library_dir``) adds custom exercises on top, with an id clash reported as a DataError.

>>> lib = load_library()
>>> lib.get("glute-bridge").scheme.hold_s
2.0
>>> [e.id for e in lib.filter(equipment=set(), pattern=Pattern.HIP_EXTENSION)]
['glute-bridge', 'standing-kickback']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from hipcoach.config import Settings, get_settings
from hipcoach.errors import DataError, UnknownIdError
from hipcoach.library.loading import format_validation, read_toml
from hipcoach.library.models import Equipment, Exercise, Level, Muscle, Pattern


def _data_root() -> Path:
    return Path(str(resources.files("hipcoach.library") / "data"))


def load_exercise(path: Path) -> Exercise:
    """Read one exercise file; raises DataError naming the file and field.

    >>> load_exercise(_data_root() / "exercises" / "hip-thrust.toml").level
    <Level.INTERMEDIATE: 'intermediate'>
    """
    raw = read_toml(path)
    try:
        exercise = Exercise.model_validate(raw)
    except ValidationError as exc:
        raise DataError(
            format_validation(path, "exercise", exc),
            "compare the file with a working one in the bundled library",
        ) from exc
    if exercise.id != path.stem:
        raise DataError(
            f"{path}: field id: {exercise.id!r} does not match the file name {path.stem!r}",
            "name each exercise file after its id",
        )
    return exercise


@dataclass(frozen=True)
class Library:
    """All exercises, keyed by id, with referential integrity checked on construction.

    ``sources`` maps each id to the file it came from (used to name both files on a clash).
    """

    exercises: dict[str, Exercise]
    sources: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for ex in self.exercises.values():
            for field_name in ("progressions", "regressions"):
                for ref in getattr(ex, field_name):
                    if ref not in self.exercises:
                        where = self.sources.get(ex.id, f"exercise {ex.id}")
                        raise DataError(
                            f"{where}: field {field_name}: unknown exercise id {ref!r}",
                            "add that exercise or fix the reference",
                        )
                    if ref == ex.id:
                        raise DataError(f"exercise {ex.id}: field {field_name} names itself")

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self.exercises

    def ids(self) -> list[str]:
        return list(self.exercises)

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with that id; an unknown id raises UnknownIdError with a suggestion."""
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

        ``equipment`` is what is available (an empty set means none beyond always-available
        items such as a wall); ``None`` means everything. ``muscle`` matches primary or
        secondary muscles.

        >>> [e.id for e in load_library().filter(pattern=Pattern.HIP_ROTATION, max_level=Level.BEGINNER)]
        ['clamshell', 'seated-hip-internal-rotation']
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

    def progressions_of(self, exercise_id: str) -> list[str]:
        """Harder exercises: those this one names, plus those naming it as a regression.

        Reading both directions keeps custom files (which cannot edit bundled ones) connected.

        >>> load_library().progressions_of("standing-kickback")
        ['quadruped-kickback']
        """
        return self._related(exercise_id, "progressions", "regressions")

    def regressions_of(self, exercise_id: str) -> list[str]:
        """Easier exercises, read in both directions like :meth:`progressions_of`."""
        return self._related(exercise_id, "regressions", "progressions")

    def _related(self, exercise_id: str, forward: str, backward: str) -> list[str]:
        ex = self.get(exercise_id)
        out = list(getattr(ex, forward))
        for other in self.exercises.values():
            if exercise_id in getattr(other, backward) and other.id not in out:
                out.append(other.id)
        return out

    def relation_problems(self) -> list[str]:
        """Progressions without the matching regression (and back): empty when symmetric."""
        problems = []
        for ex in self.exercises.values():
            for ref in ex.progressions:
                if ex.id not in self.exercises[ref].regressions:
                    problems.append(
                        f"{ex.id} progresses to {ref}, but {ref} does not regress to it"
                    )
            for ref in ex.regressions:
                if ex.id not in self.exercises[ref].progressions:
                    problems.append(
                        f"{ex.id} regresses to {ref}, but {ref} does not progress to it"
                    )
        return problems

    def merged_with(self, exercises: dict[str, Exercise], sources: dict[str, Path]) -> Library:
        """This library plus more exercises; an id in both raises DataError naming both files."""
        for ex_id in exercises:
            if ex_id in self.exercises:
                mine = self.sources.get(ex_id, "the bundled library")
                theirs = sources.get(ex_id, "the added exercises")
                raise DataError(
                    f"exercise id {ex_id!r} is defined twice: in {mine} and in {theirs}",
                    "give the custom exercise a different id (and file name)",
                )
        return Library({**self.exercises, **exercises}, {**self.sources, **sources})


def _read_folder(folder: Path, *, allow_empty: bool) -> tuple[dict[str, Exercise], dict[str, Path]]:
    if not folder.is_dir():
        raise DataError(
            f"{folder}: exercise folder not found", "check the path (HIPCOACH_LIBRARY_DIR)"
        )
    files = sorted(folder.glob("*.toml"))
    if not files and not allow_empty:
        raise DataError(f"{folder}: no exercise files found", "check the library path")
    exercises: dict[str, Exercise] = {}
    sources: dict[str, Path] = {}
    for path in files:
        ex = load_exercise(path)
        exercises[ex.id] = ex
        sources[ex.id] = path
    return exercises, sources


def load_library_from(folder: Path) -> Library:
    """Every ``*.toml`` in ``folder``, one exercise per file, as a self-contained library."""
    return Library(*_read_folder(folder, allow_empty=False))


@lru_cache(maxsize=1)
def bundled_library() -> Library:
    """The library shipped with the package (cached: those files do not change)."""
    return load_library_from(_data_root() / "exercises")


def load_library(settings: Settings | None = None) -> Library:
    """The bundled library plus any custom exercises in ``settings.library_dir``.

    ``settings`` defaults to :func:`hipcoach.config.get_settings` (the environment), so
    ``HIPCOACH_LIBRARY_DIR`` works for every command.

    >>> "hip-thrust" in load_library()
    True
    """
    settings = settings or get_settings()
    base = bundled_library()
    if settings.library_dir is None:
        return base
    extra, extra_sources = _read_folder(settings.library_dir, allow_empty=True)
    # Custom files may point at bundled exercises, so references are checked after merging.
    return base.merged_with(extra, extra_sources)

"""The muscles the library names, with their group and what they do (``data/muscles.toml``).

>>> from hipcoach.library.models import Muscle
>>> load_muscles()[Muscle.GLUTEUS_MAXIMUS].group
<MuscleGroup.GLUTES: 'glutes'>
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hipcoach.errors import DataError
from hipcoach.library.loading import read_model
from hipcoach.library.models import Muscle


class MuscleGroup(StrEnum):
    GLUTES = "glutes"
    HAMSTRINGS = "hamstrings"
    ADDUCTORS = "adductors"
    HIP_FLEXORS = "hip flexors"
    STABILISERS = "stabilisers"
    OTHER = "other"


class MuscleInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Muscle
    name: str = Field(min_length=1)
    group: MuscleGroup
    action: str = Field(min_length=1)  # what it does, in one sentence
    hip_extensor: bool = False  # one of the article's hip extensors


class MuscleTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    muscles: list[MuscleInfo]

    @model_validator(mode="after")
    def _unique(self) -> MuscleTable:
        ids = [m.id for m in self.muscles]
        dupes = sorted({str(i) for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"muscles listed twice: {dupes}")
        return self


def _default_path() -> Path:
    return Path(str(resources.files("hipcoach.library") / "data" / "muscles.toml"))


def load_muscles_from(path: Path) -> dict[Muscle, MuscleInfo]:
    """Load a muscle table; every :class:`Muscle` must have an entry."""
    table = read_model(path, MuscleTable, "muscle")
    by_id = {m.id: m for m in table.muscles}
    missing = [m.value for m in Muscle if m not in by_id]
    if missing:
        raise DataError(
            f"{path}: field muscles: no entry for {', '.join(missing)}",
            "add a [[muscles]] entry for each",
        )
    return by_id


@lru_cache(maxsize=1)
def load_muscles() -> dict[Muscle, MuscleInfo]:
    """The bundled muscle table, keyed by :class:`Muscle`, in file order."""
    return load_muscles_from(_default_path())

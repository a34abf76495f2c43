"""The ideas behind the programme, for ``hipcoach learn`` (``data/concepts.toml``).

>>> concepts = load_concepts()
>>> concepts.get("anterior-pelvic-tilt").title
'Anterior pelvic tilt'
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hipcoach.errors import UnknownIdError
from hipcoach.library.loading import read_model
from hipcoach.library.models import KEBAB, Muscle


class Concept(BaseModel):
    """One topic: a title, a one-line summary and a few short paragraphs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=KEBAB)
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    body: list[str] = Field(min_length=1)
    key_numbers: list[str] = []  # the figures worth remembering, e.g. "every 30-60 minutes"
    muscles: list[Muscle] = []
    exercises: list[str] = []  # exercise ids worth trying for this topic
    sources: list[str] = []


class Concepts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    concepts: list[Concept] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Concepts:
        ids = [c.id for c in self.concepts]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"concept ids listed twice: {dupes}")
        return self

    def ids(self) -> list[str]:
        return [c.id for c in self.concepts]

    def get(self, concept_id: str) -> Concept:
        for c in self.concepts:
            if c.id == concept_id:
                return c
        raise UnknownIdError("topic", concept_id, self.ids())


def _default_path() -> Path:
    return Path(str(resources.files("hipcoach.library") / "data" / "concepts.toml"))


def load_concepts_from(path: Path) -> Concepts:
    return read_model(path, Concepts, "concepts")


@lru_cache(maxsize=1)
def load_concepts() -> Concepts:
    """The bundled concepts, in teaching order."""
    return load_concepts_from(_default_path())

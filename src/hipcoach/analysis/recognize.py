"""Which of the library's exercises a clip shows (placeholder until the centroids land)."""

from __future__ import annotations

from dataclasses import dataclass, field

from hipcoach.kinematics.series import Kinematics
from hipcoach.library.registry import Library


@dataclass(frozen=True)
class Recognition:
    exercise: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)


def recognize(kin: Kinematics, library: Library) -> Recognition:
    return Recognition("glute-bridge", 0.0)

"""The exercise library: the article's 8 hip extension exercises and supporting work, as data."""

from hipcoach.library.models import (
    CoachSpec,
    Equipment,
    Exercise,
    FaultSpec,
    Laterality,
    Level,
    Muscle,
    Pattern,
    Posture,
    Scheme,
    View,
)
from hipcoach.library.registry import Library, load_exercise, load_library, load_library_from

__all__ = [
    "CoachSpec",
    "Equipment",
    "Exercise",
    "FaultSpec",
    "Laterality",
    "Level",
    "Library",
    "Muscle",
    "Pattern",
    "Posture",
    "Scheme",
    "View",
    "load_exercise",
    "load_library",
    "load_library_from",
]

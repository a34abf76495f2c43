"""The exercise library: the article's 8 hip extension exercises and supporting work, as data.

>>> lib = load_library()
>>> lib.get("step-up").scheme.reps.as_list()
[15, 20]
"""

from hipcoach.library.concepts import Concept, Concepts, load_concepts
from hipcoach.library.models import (
    CoachSpec,
    Distance,
    Equipment,
    EquipmentNeed,
    Evidence,
    Exercise,
    FaultSpec,
    Laterality,
    Level,
    Muscle,
    Pattern,
    Posture,
    Range,
    Scheme,
    Target,
    Variant,
    View,
)
from hipcoach.library.muscles import MuscleGroup, MuscleInfo, load_muscles
from hipcoach.library.query import parse_enum, parse_equipment
from hipcoach.library.registry import (
    Library,
    bundled_library,
    load_exercise,
    load_library,
    load_library_from,
)

__all__ = [
    "CoachSpec",
    "Concept",
    "Concepts",
    "Distance",
    "Equipment",
    "EquipmentNeed",
    "Evidence",
    "Exercise",
    "FaultSpec",
    "Laterality",
    "Level",
    "Library",
    "Muscle",
    "MuscleGroup",
    "MuscleInfo",
    "Pattern",
    "Posture",
    "Range",
    "Scheme",
    "Target",
    "Variant",
    "View",
    "bundled_library",
    "load_concepts",
    "load_exercise",
    "load_library",
    "load_library_from",
    "load_muscles",
    "parse_enum",
    "parse_equipment",
]

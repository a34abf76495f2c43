"""Typed models of the exercise library.

Each exercise is one TOML file under ``data/exercises/``; :mod:`hipcoach.library.registry` loads
them into these models. Vocabularies (equipment, muscles, patterns) are enums so that a typo in a
data file fails loudly with the file and field named.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

KEBAB = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pattern(StrEnum):
    HIP_EXTENSION = "hip_extension"
    HIP_ABDUCTION = "hip_abduction"
    HIP_ADDUCTION = "hip_adduction"
    HIP_ROTATION = "hip_rotation"
    HIP_FLEXOR_STRETCH = "hip_flexor_stretch"
    WARM_UP = "warm_up"


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Laterality(StrEnum):
    BILATERAL = "bilateral"  # both legs work together
    UNILATERAL = "unilateral"  # one leg at a time, all reps on one side then the other
    ALTERNATING = "alternating"  # sides alternate rep by rep


class Equipment(StrEnum):
    DUMBBELL = "dumbbell"
    MINI_BAND = "mini_band"
    BARBELL = "barbell"  # a barbell with a barbell pad
    BENCH = "bench"
    BOX = "box"  # a secured box, step or bench to step onto
    MAT = "mat"  # a yoga mat or other padding
    RESISTANCE_BAND = "resistance_band"
    STABILITY_BALL = "stability_ball"
    WALL = "wall"  # a wall, counter or sturdy box to lean on: found in any room

    @property
    def always_available(self) -> bool:
        """Items every home has, so ``--equipment none`` still allows them."""
        return self is Equipment.WALL


class Muscle(StrEnum):
    GLUTEUS_MAXIMUS = "gluteus_maximus"
    GLUTEUS_MEDIUS = "gluteus_medius"
    GLUTEUS_MINIMUS = "gluteus_minimus"
    BICEPS_FEMORIS_LONG_HEAD = "biceps_femoris_long_head"
    SEMITENDINOSUS = "semitendinosus"
    SEMIMEMBRANOSUS = "semimembranosus"
    ADDUCTOR_MAGNUS_POSTERIOR = "adductor_magnus_posterior"
    ADDUCTOR_LONGUS = "adductor_longus"
    ADDUCTOR_BREVIS = "adductor_brevis"
    GRACILIS = "gracilis"
    ILIACUS = "iliacus"
    PSOAS_MAJOR = "psoas_major"
    RECTUS_FEMORIS = "rectus_femoris"
    TENSOR_FASCIAE_LATAE = "tensor_fasciae_latae"
    DEEP_HIP_ROTATORS = "deep_hip_rotators"
    QUADRICEPS = "quadriceps"
    CALVES = "calves"
    ERECTOR_SPINAE = "erector_spinae"
    ABDOMINALS = "abdominals"


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"
    ANY = "any"


class Posture(StrEnum):
    """Start postures the coach recognises an exercise by."""

    SUPINE = "supine"  # on the back, knees bent (glute bridge)
    SHOULDERS_ON_BENCH = "shoulders_on_bench"  # upper back on a bench (hip thrust)
    QUADRUPED = "quadruped"  # on all fours
    STANDING_AT_WALL = "standing_at_wall"  # standing, hands on a wall or counter
    STANDING_AT_BOX = "standing_at_box"  # standing behind a box, one foot on it
    KNEELING = "kneeling"  # tall kneeling (upright hip thrust)
    SUPINE_LEGS_ON_BALL = "supine_legs_on_ball"  # on the back, calves on a ball
    PRONE_ON_BALL = "prone_on_ball"  # hips on a ball, hands on the floor
    STANDING = "standing"
    SIDE_LYING = "side_lying"
    SEATED = "seated"
    HALF_KNEELING = "half_kneeling"


class EquipmentNeed(_Model):
    """One item an exercise uses; ``alternatives`` can stand in for it (a dumbbell for a barbell)."""

    item: Equipment
    optional: bool = False
    alternatives: list[Equipment] = []
    note: str | None = None

    def satisfied_by(self, available: set[Equipment]) -> bool:
        return any(i.always_available or i in available for i in (self.item, *self.alternatives))


class Range(_Model):
    """An inclusive [min, max] pair; written ``[8, 12]`` in data files."""

    min: float
    max: float

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: object) -> object:
        if isinstance(value, list | tuple):
            if len(value) != 2:
                raise ValueError(f"expected [min, max], got {value!r}")
            return {"min": value[0], "max": value[1]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        if self.min < 0:
            raise ValueError("a range cannot be negative")
        return self

    def as_list(self) -> list[float | int]:
        return [_num(self.min), _num(self.max)]


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def _span(lo: float, hi: float) -> str:
    return f"{lo:g}" if lo == hi else f"{lo:g}-{hi:g}"


class Scheme(_Model):
    """The prescription: sets x reps, a hold at the top, per side or not.

    Timed work (a stretch held 30 s, a 5-10 minute warm-up) uses ``hold_s`` and ``duration_s``.
    """

    sets: Range
    reps: Range
    hold_s: float = Field(default=0, ge=0)
    per_side: bool = False
    rest_s: int = Field(default=60, ge=0)
    tempo: str | None = None  # e.g. "2-2-2" up, hold, down seconds
    duration_s: Range | None = None  # whole-item duration for warm-ups

    def describe(self) -> str:
        """The prescription in a few words.

        >>> Scheme(sets=[2, 3], reps=[8, 12], hold_s=2).describe()
        '2-3 x 8-12, 2 s hold'
        >>> Scheme(sets=[1, 1], reps=[1, 1], duration_s=[300, 600]).describe()
        '5-10 min'
        """
        if self.duration_s is not None:
            lo, hi = self.duration_s.min / 60, self.duration_s.max / 60
            return f"{_span(lo, hi)} min"
        sets = _span(self.sets.min, self.sets.max)
        if self.reps.max <= 1 and self.hold_s:
            text = f"{sets} x {self.hold_s:g} s hold"
        else:
            text = f"{sets} x {_span(self.reps.min, self.reps.max)}"
            if self.hold_s:
                text += f", {self.hold_s:g} s hold"
        if self.per_side:
            text += " per side"
        return text


class Distance(_Model):
    """A set-up distance from the article, e.g. feet 12-16 in from the buttocks."""

    what: str
    min: float = Field(ge=0)
    max: float = Field(ge=0)
    unit: Literal["in", "ft", "cm", "m"]

    def metres(self) -> tuple[float, float]:
        factor = {"in": 0.0254, "ft": 0.3048, "cm": 0.01, "m": 1.0}[self.unit]
        return (self.min * factor, self.max * factor)


class Target(_Model):
    """A measurable target position, e.g. knee angle 90 degrees at the top of a hip thrust."""

    id: str = Field(pattern=KEBAB)
    description: str
    at: Literal["start", "top", "bottom", "throughout"] = "top"
    measure: str | None = None  # a kinematic signal name, when the coach can measure it
    value: float | None = None
    tolerance: float | None = None
    unit: Literal["deg", "m", "s"] | None = None


class Variant(_Model):
    id: str = Field(pattern=KEBAB)
    name: str
    description: str
    purpose: str | None = None
    adds_equipment: list[EquipmentNeed] = []


class Evidence(_Model):
    """Glute activation evidence tier (training-science.md): A highest, C lowest."""

    tier: Literal["A", "B", "C", "unranked"]
    when: Literal["any", "bodyweight", "loaded"] = "any"
    note: str
    source: str | None = None


class FaultSpec(_Model):
    """A form fault the coach checks; thresholds are data, the rule class is named by ``rule``."""

    id: str = Field(pattern=KEBAB)
    rule: str
    params: dict[str, float] = {}
    cue: str  # what to do, in plain words
    explanation: str  # why it matters
    phase: Literal["top", "bottom", "rep", "set"] = "top"


class CoachSpec(_Model):
    """What the video coach needs to analyse this exercise."""

    view: View
    posture: Posture
    driving_signal: str  # e.g. "hip_extension", "knee_flexion", "leg_excursion"
    # Overrides of the rep counter's limits for this exercise (names of
    # ``hipcoach.analysis.reps.CounterSettings`` fields).
    counter: dict[str, float] = {}
    driving_side: Literal["working", "near", "both"] = "near"
    rep_direction: Literal["increase", "decrease"] = "increase"
    # True when a rep starts and ends at the top (kneeling upright, then sitting back):
    # the coach then counts each dip from the top instead of each rise from the bottom.
    starts_at_top: bool = False
    # True when the working foot stays planted through a rep (step-up: on the box), which tells
    # the working leg from the one stepping on or off.
    working_foot_planted: bool = False
    # How rep timing averages the image and world estimates of the driving angle: "equal", or
    # "noise" (each by its measured noise) where the working leg is often the far, noisy one.
    drive_weighting: Literal["equal", "noise"] = "equal"
    # Fit a rep's rise-hold-fall only above this share of its range (0: the whole rep), for a
    # bottom that is not still (a kickback bends the knee before the swing).
    fit_upper_frac: float = Field(default=0.0, ge=0.0, lt=1.0)
    top_target_deg: float | None = None
    hold_s: float = 0
    faults: list[FaultSpec] = []


class Exercise(_Model):
    id: str = Field(pattern=KEBAB)
    name: str
    pattern: Pattern
    level: Level
    laterality: Laterality
    mechanic: Literal["compound", "isolation", "stretch", "cardio"]
    summary: str
    equipment: list[EquipmentNeed] = []
    primary_muscles: list[Muscle] = Field(min_length=1)
    secondary_muscles: list[Muscle] = []
    start_position: str
    steps: list[str] = Field(min_length=1)
    cues: list[str] = Field(min_length=1)
    mistakes: list[str] = []
    scheme: Scheme
    setup: list[Distance] = []
    targets: list[Target] = []
    variants: list[Variant] = []
    progressions: list[str] = []
    regressions: list[str] = []
    evidence: list[Evidence] = []
    coach: CoachSpec | None = None
    source: str = "article"

    @model_validator(mode="after")
    def _consistent(self) -> Exercise:
        overlap = set(self.primary_muscles) & set(self.secondary_muscles)
        if overlap:
            raise ValueError(f"muscles both primary and secondary: {sorted(overlap)}")
        if self.pattern is Pattern.HIP_EXTENSION and self.coach is None:
            raise ValueError("a hip extension exercise needs a [coach] table")
        if self.laterality is not Laterality.BILATERAL and not self.scheme.per_side:
            raise ValueError("a unilateral exercise needs scheme.per_side = true")
        return self

    @property
    def required_equipment(self) -> set[Equipment]:
        return {e.item for e in self.equipment if not e.optional}

    def missing_equipment(self, available: set[Equipment]) -> list[Equipment]:
        """Required items that neither ``available`` nor an alternative covers."""
        return [e.item for e in self.equipment if not e.optional and not e.satisfied_by(available)]

    def doable_with(self, available: set[Equipment]) -> bool:
        """True when every required item, or an alternative to it, is available.

        Always-available items (a wall) count as available.
        """
        return not self.missing_equipment(available)

    def to_summary(self) -> dict[str, object]:
        """The stable ``--json`` shape for scripts."""
        return {
            "id": self.id,
            "name": self.name,
            "pattern": self.pattern.value,
            "level": self.level.value,
            "laterality": self.laterality.value,
            "equipment": [{"item": e.item.value, "optional": e.optional} for e in self.equipment],
            "primary_muscles": [m.value for m in self.primary_muscles],
            "secondary_muscles": [m.value for m in self.secondary_muscles],
            "scheme": {
                "sets": self.scheme.sets.as_list(),
                "reps": self.scheme.reps.as_list(),
                "hold_s": _num(self.scheme.hold_s),
                "per_side": self.scheme.per_side,
                "rest_s": self.scheme.rest_s,
            },
            "progressions": list(self.progressions),
            "regressions": list(self.regressions),
        }

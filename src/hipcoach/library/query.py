"""Turning what people type (``--equipment band,bench``, ``--level Beginner``) into library values.

Shared by every command that filters exercises, so the planner and ``exercises list`` accept the
same spellings and give the same messages.

>>> sorted(parse_equipment(["dumbbell,bench"]))
[<Equipment.BENCH: 'bench'>, <Equipment.DUMBBELL: 'dumbbell'>]
>>> parse_equipment(["none"])
set()
>>> parse_equipment([]) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from hipcoach.errors import UnknownIdError, UsageError
from hipcoach.library.models import Equipment

E = TypeVar("E", bound=StrEnum)

NONE_WORDS = frozenset({"none", "nothing", "bodyweight"})

# Everyday words people use for the items (a counter is as good as a wall for a kickback).
_EQUIPMENT_ALIASES = {
    "counter": Equipment.WALL,
    "band": Equipment.RESISTANCE_BAND,
    "ball": Equipment.STABILITY_BALL,
    "step": Equipment.BOX,
    "pad": Equipment.MAT,
    "yoga_mat": Equipment.MAT,
    "loop_band": Equipment.MINI_BAND,
}


def _norm(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def parse_enum(enum_cls: type[E], value: str, kind: str) -> E:
    """``value`` as a member of ``enum_cls``, forgiving case, dashes and spaces.

    >>> from hipcoach.library.models import Level
    >>> parse_enum(Level, "Beginner", "level")
    <Level.BEGINNER: 'beginner'>
    """
    key = _norm(value)
    for member in enum_cls:
        if _norm(member.value) == key:
            return member
    raise UnknownIdError(kind, value, [m.value for m in enum_cls])


def parse_equipment(values: Iterable[str]) -> set[Equipment] | None:
    """What is available, from repeated and/or comma-separated values.

    Nothing given -> ``None`` (no equipment filter). ``none`` -> the empty set: only exercises
    that need nothing beyond always-available items (a wall). ``none`` together with an item is
    a contradiction and raises UsageError.
    """
    words = [_norm(w) for v in values for w in v.split(",") if w.strip()]
    if not words:
        return None
    nones = [w for w in words if w in NONE_WORDS]
    items = [w for w in words if w not in NONE_WORDS]
    if nones and items:
        raise UsageError(
            f"--equipment none contradicts --equipment {', '.join(items)}",
            "give either 'none' or the items you have, not both",
        )
    known = {e.value: e for e in Equipment}
    out: set[Equipment] = set()
    for w in items:
        if w in known:
            out.add(known[w])
        elif w in _EQUIPMENT_ALIASES:
            out.add(_EQUIPMENT_ALIASES[w])
        else:
            raise UnknownIdError("equipment", w, [*known, "none"])
    return out

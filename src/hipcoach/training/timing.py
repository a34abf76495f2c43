"""How long a prescribed item takes: reps x tempo + holds + rests + set-up, per side doubled.

The estimate uses the top of the rep range, so that a session still fits its minutes once the
user has progressed to the top of the range.

>>> item_seconds(sets=3, reps=12, hold_s=2, per_side=False, rest_s=60, tempo=None, setup_s=20)
320
"""

from __future__ import annotations

import math

# Seconds per rep when the library gives no tempo: about 1 s up and 2 s down.
DEFAULT_REP_S = 3.0
# Getting the other side into position between sides of one set.
SIDE_SWITCH_S = 10
# Getting into position for an exercise: lying down or standing at a wall is quick; loading a
# bar, fetching dumbbells or setting up a ball takes longer.
SETUP_S_BODYWEIGHT = 20
SETUP_S_EQUIPMENT = 60


def parse_tempo(tempo: str | None) -> tuple[float, float, float] | None:
    """``"2-2-2"`` -> (up, hold, down) seconds; ``None`` for no or unreadable tempo.

    >>> parse_tempo("1-0-2")
    (1.0, 0.0, 2.0)
    """
    if not tempo:
        return None
    try:
        parts = [float(p) for p in tempo.split("-")]
    except ValueError:
        return None
    if len(parts) == 3:
        return (parts[0], parts[1], parts[2])
    if len(parts) == 2:
        return (parts[0], 0.0, parts[1])
    return None


def rep_seconds(hold_s: float, tempo: str | None) -> float:
    """Seconds for one rep, hold at the top included."""
    parsed = parse_tempo(tempo)
    if parsed is None:
        return DEFAULT_REP_S + hold_s
    up, hold, down = parsed
    return up + max(hold, hold_s) + down


def item_seconds(
    *,
    sets: int,
    reps: int,
    hold_s: float,
    per_side: bool,
    rest_s: int,
    tempo: str | None,
    setup_s: int,
) -> int:
    """Whole seconds an item takes, from getting set up to the end of its last set."""
    sides = 2 if per_side else 1
    per_set = reps * rep_seconds(hold_s, tempo) * sides + (SIDE_SWITCH_S if per_side else 0)
    total = setup_s + sets * per_set + max(sets - 1, 0) * rest_s
    return math.ceil(total)

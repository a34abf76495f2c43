"""Grouping reps into sets: a new set starts after a long rest, after leaving the position,
or when the working side changes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class SetRules:
    """When a pause is a rest between sets (seconds)."""

    min_rest_s: float = 6.0
    rest_factor: float = 3.0  # a pause this many times the usual one between reps is a rest
    max_away_s: float = 1.0  # this long out of position or out of view ends the set


@dataclass(frozen=True)
class RepSpan:
    """What set splitting needs to know about a rep."""

    side: str
    start_t: float
    end_t: float


def split_sets(
    reps: list[RepSpan],
    t: NDArray[np.float64] | None = None,
    active: NDArray[np.bool_] | None = None,
    rules: SetRules | None = None,
) -> list[list[int]]:
    """Indices of the reps in each set: split at long rests, at long stretches out of position,
    and where a run of one-sided reps switches side.

    >>> spans = [RepSpan("l", 0, 2), RepSpan("l", 2.5, 4.5), RepSpan("r", 5, 7), RepSpan("r", 20, 22)]
    >>> split_sets(spans)
    [[0, 1], [2], [3]]
    >>> split_sets([RepSpan("l", 0, 2), RepSpan("r", 2.5, 4.5), RepSpan("l", 5, 7)])
    [[0, 1, 2]]
    """
    r = rules or SetRules()
    if not reps:
        return []
    gaps = [max(0.0, b.start_t - a.end_t) for a, b in itertools.pairwise(reps)]
    usual = float(np.median(gaps)) if gaps else 0.0
    rest = max(r.min_rest_s, r.rest_factor * usual)
    sets: list[list[int]] = [[0]]
    for i in range(1, len(reps)):
        prev, cur = reps[i - 1], reps[i]
        # A side change ends a set of one-sided reps; alternating sides (l, r, l ...) do not.
        one_sided = len(sets[-1]) >= 2 and len({reps[k].side for k in sets[-1]}) == 1
        new = (cur.side != prev.side and one_sided) or gaps[i - 1] > rest
        if not new and t is not None and active is not None:
            between = (t > prev.end_t) & (t < cur.start_t)
            away = np.count_nonzero(between & ~active)
            dt = float(np.median(np.diff(t))) if len(t) > 1 else 0.0
            new = away * dt > r.max_away_s
        if new:
            sets.append([i])
        else:
            sets[-1].append(i)
    return sets

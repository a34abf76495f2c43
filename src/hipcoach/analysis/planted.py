"""Which leg did the rep, when the working foot stays planted (the step-up's foot on the box).

On a step-up both hips extend as the body rises: the lead hip by 80-100 degrees, the trailing
hip by 30-50 as the trunk straightens and the back leg hangs behind. Stepping off the box, or
changing legs, raises a hip too. What tells the working leg apart is its foot: the foot on the
box stays where it is, the trailing foot leaves the floor and comes back, and a foot stepping
off the box travels down to the floor. So a rep belongs to a leg only if that leg's foot was
the stiller of the two over the rep.

Feet are compared with each other rather than against a fixed limit: the far foot is seen with
two to three times the error of the near one (vision notes: 22-32 px against 8-12 px at 720p),
and right after a dropped frame its filtered position may jump, so "moved more than X" alone
turns down real reps whose planted foot is the far, noisy one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from hipcoach.analysis.reps import CountedRep

# Columns of the engine's history rows: t, drive l, drive r, ankle l, ankle r, trunk length.
_ANKLE = {"l": 3, "r": 4}
_TRUNK = 5


@dataclass(frozen=True)
class PlantedFoot:
    """The planted-foot test for one rep.

    ``max_ratio``: how many times the other foot's travel the working foot may travel;
    ``free_travel``: travel (trunk lengths) any foot may show from noise alone, never a fault;
    ``lo_q`` / ``hi_q``: percentiles spanning a foot's travel, so a single bad frame is ignored.

    >>> rows = [(i / 30, 0, 0, 0.0, 40.0 * np.sin(i / 10), 100.0) for i in range(60)]
    >>> rep = CountedRep(start_t=0.0, peak_t=1.0, done_t=1.9, valley=90.0, peak=180.0)
    >>> PlantedFoot().reason(rows, "l", rep), PlantedFoot().reason(rows, "r", rep) != ""
    ('', True)
    """

    max_ratio: float = 1.5
    free_travel: float = 0.3
    lo_q: float = 10.0
    hi_q: float = 90.0

    def travel(self, rows: Iterable[tuple[float, ...]], rep: CountedRep) -> dict[str, float]:
        """Each foot's vertical travel over the rep (valley to count), in trunk lengths."""
        win = np.array(
            [
                [h[_ANKLE["l"]], h[_ANKLE["r"]], h[_TRUNK]]
                for h in rows
                if rep.start_t <= h[0] <= rep.done_t
            ],
            dtype=np.float64,
        ).reshape(-1, 3)
        win = win[np.isfinite(win).all(axis=1)]
        if len(win) < 3:
            return {"l": float("nan"), "r": float("nan")}
        trunk = max(float(np.median(win[:, 2])), 1e-6)
        span = np.percentile(win[:, :2], self.hi_q, axis=0) - np.percentile(
            win[:, :2], self.lo_q, axis=0
        )
        return {"l": float(span[0]) / trunk, "r": float(span[1]) / trunk}

    def reason(self, rows: Iterable[tuple[float, ...]], side: str, rep: CountedRep) -> str:
        """Why the rep is not ``side``'s ("" when it is, or when it cannot be told)."""
        travel = self.travel(rows, rep)
        own, other = travel[side], travel["r" if side == "l" else "l"]
        if not (np.isfinite(own) and np.isfinite(other)):
            return ""
        if own > self.free_travel and own > self.max_ratio * other:
            return "the foot did not stay planted"
        return ""

"""The person's usual tempo over a clip, as a prior for timing each rep's top.

A hold is the gap between where the rise reaches the top and where the lowering leaves it. On a
noisy signal the eased rise-hold-fall fit (:func:`hipcoach.analysis.holds.fit_rep`) can trade
the hold against the easing: a slightly longer rise and fall, whose flat ends look just like
the plateau, and no hold at all. A short hold (half a second) on a poorly seen far leg is where
this bites. One person in one clip keeps a steady tempo from rep to rep, so the median rise and
lowering times of all the clip's reps, each fitted on its own, pin down every rep's easing; the
top then only has to be placed, which the noise moves far less.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from hipcoach.analysis.holds import RepTiming, TempoPrior

# The pull of a unit log ratio of times, in units of the fit's residual spread. The residuals
# of a low-passed signal are correlated over several samples, so their sum overstates what they
# know and the prior needs a heavier weight than a plain 10-15% tempo spread would give; the
# value was chosen on generated clips (seeds 0-23) and checked on held-out ones (100-123).
TEMPO_WEIGHT = 20.0
MIN_REPS = 2  # one rep alone has no usual tempo to lean on


def usual_tempo(timings: Sequence[RepTiming], weight: float) -> TempoPrior | None:
    """The median rise and lowering times of the clip's reps, or None when there are too few
    reps or ``weight`` is 0 (no prior).

    >>> r = lambda up, down: RepTiming(0.0, up, up + 0.5, up + 0.5 + down, 0, 0, 1.0, 0.0)
    >>> p = usual_tempo([r(1.0, 1.2), r(1.1, 1.4), r(3.0, 1.3)], 20.0)
    >>> round(p.up_s, 2), round(p.down_s, 2), p.weight
    (1.1, 1.3, 20.0)
    >>> usual_tempo([r(1.0, 1.2)], 20.0) is None
    True
    """
    if weight <= 0 or len(timings) < MIN_REPS:
        return None
    up = float(np.median([tm.up_s for tm in timings]))
    down = float(np.median([tm.down_s for tm in timings]))
    if not (up > 0 and down > 0):
        return None
    return TempoPrior(up, down, weight)

"""A clip in which the person turns round, analysed as parts that each face one way.

People turn round between sets, most often to work the other leg with it nearer the camera.
The kinematics read the angles for one facing direction, so the pipeline cuts the clip where
the facing votes turn (:func:`hipcoach.kinematics.facing.facing_turn`), analyses each part on
its own (its own facing, near side and view check) and joins the results here: the sets run on
in one numbering, each with the facing it was done in, and the signals are laid end to end.

>>> from hipcoach.pose.types import PoseSequence
>>> seq = PoseSequence.empty(300, width=64, height=48, fps=30)
>>> split_at(seq, 5.0) is None  # nobody in view on either side of the turn
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np

from hipcoach.analysis.results import SessionAnalysis, SetResult, Signals
from hipcoach.pose.types import PoseSequence

# At most this many parts per clip (three turns); a clip that turns more often than that is
# more likely mislabelled landmarks than a person turning round, and is read as it is.
MAX_PARTS = 4
# Each part must be at least this long: a shorter one holds no set worth analysing alone.
MIN_PART_S = 3.0


def split_at(
    sequence: PoseSequence, turn_s: float, min_s: float = MIN_PART_S
) -> tuple[PoseSequence, PoseSequence] | None:
    """The frames before ``turn_s`` and from it on, or None when either part is shorter than
    ``min_s`` or has nobody in it."""
    i = int(np.searchsorted(sequence.t, turn_s))
    parts = (sequence.slice(0, i), sequence.slice(i, len(sequence)))
    for part in parts:
        if len(part) < 2 or part.duration_s < min_s or not part.detected.any():
            return None
    return parts


def _renumbered(s: SetResult, index: int, rest_before_s: float | None) -> SetResult:
    reps = tuple(
        dataclasses.replace(
            r,
            set_index=index,
            faults=tuple(dataclasses.replace(f, set_index=index) for f in r.faults),
        )
        for r in s.reps
    )
    return dataclasses.replace(s, index=index, reps=reps, rest_before_s=rest_before_s)


def _joined_signals(parts: Sequence[SessionAnalysis]) -> Signals:
    sig = [p.signals for p in parts]
    names = {s.driving_name for s in sig}
    # Each part drives from its own near side; after a turn that is the other leg.
    name = names.pop() if len(names) == 1 else sig[0].driving_name.rsplit("_", 1)[0] + "_near"
    return Signals(
        t=np.concatenate([s.t for s in sig]),
        hip_l=np.concatenate([s.hip_l for s in sig]),
        hip_r=np.concatenate([s.hip_r for s in sig]),
        driving=np.concatenate([s.driving for s in sig]),
        driving_name=name,
        active=np.concatenate([s.active for s in sig]),
    )


def join_parts(
    parts: Sequence[SessionAnalysis], turn_s: float, whole: PoseSequence
) -> SessionAnalysis:
    """One analysis of ``whole`` from the analyses of its consecutive parts (split at
    ``turn_s``). The clip-level facing, near side and view are the first part's; a view that
    does not suit the exercise in any part is the one reported."""
    first = parts[0]
    sets: list[SetResult] = []
    for part in parts:
        for s in part.sets:
            rest = None if not sets else max(0.0, s.start_s - sets[-1].end_s)
            sets.append(_renumbered(s, len(sets), rest))
    later = parts[-1]
    notice = (
        f"you turn round at {turn_s:.0f} s: what follows was read facing {later.facing}, "
        "as its own part"
    )
    warnings: list[str] = []
    # In time order: this turn's notice before any later turn's (found in the later part).
    for w in [*first.warnings, notice, *(w for p in parts[1:] for w in p.warnings)]:
        if w not in warnings:
            warnings.append(w)
    view = next((p.view for p in parts if not p.view.suitable), first.view)
    measured = sorted({side for p in parts for side in p.measured_sides})
    return dataclasses.replace(
        first,
        view=view,
        measured_sides=tuple(measured),
        sets=tuple(sets),
        signals=_joined_signals(parts),
        warnings=tuple(warnings),
        duration_s=whole.duration_s,
        fps=whole.fps,
    )


__all__ = ["MAX_PARTS", "MIN_PART_S", "join_parts", "split_at"]

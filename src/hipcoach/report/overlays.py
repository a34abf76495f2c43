"""What the overlay shows at each moment of an analysed clip: the bridge from a SessionAnalysis
to :class:`hipcoach.report.annotate.Overlay` (used by ``annotated.mp4`` and the thumbnails).

At time ``t``: the skeleton of the nearest analysed frame, the measured side's hip angle, the
rep count within the current set, the hold timer while the person is at the top, and the cues
of the current rep's faults (from its top until 2 s after it ends).

>>> from hipcoach.analysis.results import SessionAnalysis
>>> from hipcoach.pose.types import PoseSequence
>>> tl = OverlayTimeline(SessionAnalysis.empty("glute-bridge"), PoseSequence.empty(3, width=64, height=48))
>>> tl.at(0.0, 64, 48).reps
0
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from hipcoach.analysis.results import Rep, SessionAnalysis
from hipcoach.library.models import Exercise
from hipcoach.pose.types import PoseSequence
from hipcoach.report.annotate import Overlay, landmarks_to_px

SIDE_WORD = {"l": "left", "r": "right"}
CUE_AFTER_S = 2.0  # how long a rep's fault cue stays on screen after the rep ends


class OverlayTimeline:
    """Answers ``at(t, width, height) -> Overlay`` for an analysed clip.

    Args:
        analysis: the result to show.
        sequence: the landmarks the analysis came from (same clock as the video).
        exercise: the library entry, for the target reps and hold (optional).
    """

    def __init__(
        self, analysis: SessionAnalysis, sequence: PoseSequence, exercise: Exercise | None = None
    ) -> None:
        self.analysis = analysis
        self.sequence = sequence
        self.target_reps = int(exercise.scheme.reps.max) if exercise is not None else None
        hold = 0.0
        if exercise is not None:
            hold = exercise.coach.hold_s if exercise.coach and exercise.coach.hold_s else 0.0
            hold = hold or exercise.scheme.hold_s
        self.hold_target_s = hold or None
        self.reps_: list[Rep] = sorted(analysis.reps, key=lambda r: r.start_s)
        self.tolerance_s = 0.5 / sequence.fps if sequence.fps else 0.05

    def _index(self, t: float) -> int | None:
        times = self.sequence.t
        if len(times) == 0:
            return None
        i = int(np.clip(np.searchsorted(times, t), 0, len(times) - 1))
        if i > 0 and abs(times[i - 1] - t) < abs(times[i] - t):
            i -= 1
        return i if abs(times[i] - t) <= self.tolerance_s + 1e-6 else None

    def _side(self, rep: Rep | None) -> str:
        if rep is not None and rep.side in SIDE_WORD:
            return rep.side
        near = self.analysis.near_side
        if rep is not None and rep.set_index < len(self.analysis.sets):
            # Both legs work: show the one nearer the camera in that set (a turn between sets
            # brings the other leg nearer).
            near = self.analysis.sets[rep.set_index].near_side or near
        return near if near in SIDE_WORD else "l"

    def _angle(self, i: int, side: str) -> float | None:
        sig = self.analysis.signals
        series = sig.hip_l if side == "l" else sig.hip_r
        if i >= series.shape[0]:
            return None
        v = float(series[i])
        return v if math.isfinite(v) else None

    def at(self, t: float, width: int, height: int) -> Overlay:
        """The overlay for the frame shown at ``t`` in a ``width`` x ``height`` picture."""
        current = next((r for r in self.reps_ if r.start_s <= t <= r.end_s), None)
        done = [r for r in self.reps_ if r.end_s <= t]
        last = done[-1] if done else None
        set_index = current.set_index if current else (last.set_index if last else None)
        reps = sum(1 for r in done if r.set_index == set_index) if set_index is not None else 0
        hold = None
        if current is not None and current.top_s <= t <= current.top_s + current.hold_s:
            hold = t - current.top_s
        cue_rep = None
        if current is not None and t >= current.top_s and current.faults:
            cue_rep = current
        elif last is not None and last.faults and t - last.end_s <= CUE_AFTER_S:
            cue_rep = last
        cues = tuple(dict.fromkeys(f.cue for f in cue_rep.faults)) if cue_rep else ()
        side = self._side(current or last)
        i = self._index(t)
        pts = vis = None
        angle = None
        if i is not None and self.sequence.detected[i]:
            pts = landmarks_to_px(self.sequence.image[i], width, height)
            vis = self.sequence.visibility[i]
            angle = self._angle(i, side)
        return Overlay(
            landmarks_px=pts,
            visibility=vis,
            side=SIDE_WORD[side],
            angle_deg=angle,
            reps=reps,
            target_reps=self.target_reps,
            set_index=set_index,
            hold_s=hold,
            hold_target_s=self.hold_target_s if hold is not None else None,
            cues=cues,
            fault=bool(cues),
        )


def write_annotated(
    video: Path,
    sequence: PoseSequence,
    analysis: SessionAnalysis,
    out_path: Path,
    *,
    exercise: Exercise | None = None,
    max_side: int | None = 1280,
    on_frame: Callable[[float], None] | None = None,
) -> Path:
    """Write ``annotated.mp4``: the video with the overlay drawn on every frame.

    >>> write_annotated(Path("bridge.mp4"), seq, analysis, Path("out/annotated.mp4"))  # doctest: +SKIP
    PosixPath('out/annotated.mp4')
    """
    from hipcoach.report.video_writer import render_annotated

    timeline = OverlayTimeline(analysis, sequence, exercise)
    render_annotated(video, out_path, timeline.at, max_side=max_side, on_frame=on_frame)
    return out_path

"""The live coach session: frames from a source -> pose -> streaming coach -> what to show.

:class:`LiveSession` owns the loop and times each frame (pose + coach latency); what the coach
says comes back as :class:`LiveFrame` values for a view (a window or a terminal table) to show.
The streaming coach is the analysis core's :class:`~hipcoach.analysis.live.LiveCoach` (the
same counting engine and fault rules as offline analysis, so final counts agree), wrapped by
:class:`CoachAdapter` into the state a view shows.

>>> from hipcoach.library import load_library
>>> coach = CoachAdapter(load_library().get("glute-bridge"), width=640, height=360)
>>> coach.update(0.0, None).reps
0
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from hipcoach.analysis.live import LiveCoach
from hipcoach.library.models import Exercise
from hipcoach.pose.estimator import Frame, FramePose, PoseEstimator
from hipcoach.report.annotate import Overlay, landmarks_to_px

SIDE_WORD = {"l": "left", "r": "right"}


@dataclass(frozen=True)
class CoachState:
    """What the coach knows after a frame."""

    t: float
    active: bool
    reps: int  # in the current set
    set_index: int
    total_reps: int
    angle_deg: float | None
    hold_s: float | None
    events: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()


class CoachAdapter:
    """Wraps the analysis core's :class:`~hipcoach.analysis.live.LiveCoach` and keeps what a
    view shows: reps in the current set, the set number, the hold timer, the hip angle and the
    last cues.

    Args:
        exercise: the library entry.
        width, height: pixel size the landmarks are normalised to.
    """

    def __init__(self, exercise: Exercise, *, width: int, height: int) -> None:
        self.exercise = exercise
        self.coach_ = LiveCoach(exercise, width, height)
        self.set_index_ = 0
        self.reps_ = 0
        self.cues_: tuple[str, ...] = ()

    def _angle(self) -> float | None:
        rows = self.coach_.buffer_.rows
        if not rows:
            return None
        side = self.coach_.engine_near_side()
        v = rows[-1][1].get(f"hip_extension_{side}", float("nan"))
        return float(v) if math.isfinite(v) else None

    def update(self, t: float, pose: FramePose | None) -> CoachState:
        """Feed one frame's pose (None when nobody was found) and get the coach's state."""
        if pose is None:
            nan = np.full((33, 3), np.nan)
            events = self.coach_.update(t, nan, np.zeros(33), nan)
        else:
            events = self.coach_.update(t, pose.image, pose.visibility, pose.world)
        words: list[str] = []
        cues: list[str] = []
        for ev in events:
            if ev.kind == "rep":
                self.reps_ += 1
                side = f" ({SIDE_WORD[ev.side]})" if ev.side in SIDE_WORD else ""
                words.append(f"rep {self.reps_}{side}")
                self.cues_ = ()
            elif ev.kind == "fault":
                cues.append(ev.message)
                words.append(f"  {ev.fault_id}: {ev.message}")
            elif ev.kind == "turn":
                words.append(ev.message)
            elif ev.kind == "set_end":
                words.append(f"set {self.set_index_ + 1} done")
                self.set_index_ += 1
                self.reps_ = 0
        if cues:
            self.cues_ = tuple(dict.fromkeys(cues))
        since = self.coach_.hold_since_
        return CoachState(
            t=t,
            active=bool(self.coach_.last_active_t_ == t),
            reps=self.reps_,
            set_index=self.set_index_,
            total_reps=self.coach_.rep_count,
            angle_deg=self._angle(),
            hold_s=None if since is None else t - since,
            events=tuple(words),
            cues=self.cues_,
        )


@dataclass
class LiveFrame:
    """One processed frame, for a view."""

    t: float
    rgb: Frame
    pose: FramePose | None
    state: CoachState
    latency_ms: float


@dataclass
class LiveSummary:
    frames: int = 0
    dropped: int = 0
    total_reps: int = 0
    sets: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    events: list[tuple[float, str]] = field(default_factory=list)

    def latency_p95_ms(self) -> float | None:
        return float(np.percentile(self.latencies_ms, 95)) if self.latencies_ms else None


def overlay_for(frame: LiveFrame, exercise: Exercise) -> Overlay:
    """The annotate overlay for a live frame (skeleton, angle, counter, hold, cues)."""
    h, w = frame.rgb.shape[:2]
    pts = vis = None
    if frame.pose is not None:
        pts, vis = landmarks_to_px(frame.pose.image, w, h), frame.pose.visibility
    hold_target = (exercise.coach.hold_s if exercise.coach else 0) or exercise.scheme.hold_s
    return Overlay(
        landmarks_px=pts,
        visibility=vis,
        angle_deg=frame.state.angle_deg,
        reps=frame.state.reps,
        target_reps=int(exercise.scheme.reps.max),
        set_index=frame.state.set_index,
        hold_s=frame.state.hold_s,
        hold_target_s=hold_target or None,
        cues=frame.state.cues,
        fault=bool(frame.state.cues),
    )


class LiveSession:
    """Runs frames through the estimator and the coach, timing each step.

    >>> session = LiveSession(estimator, coach)  # doctest: +SKIP
    >>> for lf in session.run(source.frames()):  # doctest: +SKIP
    ...     view.show(lf)
    """

    def __init__(
        self,
        estimator: PoseEstimator,
        coach: CoachAdapter,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.estimator = estimator
        self.coach = coach
        self.clock = clock
        self.summary = LiveSummary()

    def run(self, frames: Iterable[tuple[float, Frame]]) -> Iterator[LiveFrame]:
        for t, rgb in frames:
            start = self.clock()
            pose = self.estimator.process(rgb, t)
            state = self.coach.update(t, pose)
            latency = (self.clock() - start) * 1000.0
            s = self.summary
            s.frames += 1
            s.latencies_ms.append(latency)
            s.total_reps = state.total_reps
            s.sets = state.set_index + 1 if state.total_reps else 0
            s.events.extend((t, e) for e in state.events)
            yield LiveFrame(t, rgb, pose, state, latency)

"""The live coach session: frames from a source -> pose -> streaming coach -> what to show.

:class:`LiveSession` owns the loop and times each frame (pose + coach latency); what the coach
says comes back as :class:`LiveFrame` values for a view (a window or a terminal table) to show.
The streaming coach is :class:`EngineCoach`: the analysis core's causal
:class:`~hipcoach.analysis.engine.CountingEngine` (the same rep counter the offline analysis
replays, so final counts agree) plus a hold timer at the top and the library's fault rules run
on each rep as soon as it is counted.

>>> from hipcoach.library import load_library
>>> coach = EngineCoach(load_library().get("glute-bridge"), width=640, height=360)
>>> coach.update(0.0, None).reps
0
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from hipcoach.analysis.engine import CountingEngine
from hipcoach.analysis.faults import RepContext, check_rep, rules_for
from hipcoach.analysis.results import FaultEvent
from hipcoach.analysis.sets import SetRules
from hipcoach.library.models import Exercise
from hipcoach.pose.estimator import Frame, FramePose, PoseEstimator
from hipcoach.report.annotate import Overlay, landmarks_to_px

TOP_BAND_DEG = 5.0  # within this of the rep's peak counts as "at the top" for the hold timer
BUFFER_S = 30.0


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
    faults: tuple[FaultEvent, ...] = ()


class EngineCoach:
    """Streaming coach for one exercise, one frame at a time.

    Args:
        exercise: the library entry (its ``coach`` table drives counting and faults).
        width, height: frame size the landmarks are normalised to.
    """

    def __init__(
        self, exercise: Exercise, *, width: int, height: int, sets: SetRules | None = None
    ) -> None:
        self.exercise = exercise
        self.set_rules = sets or SetRules()
        self.engine_ = CountingEngine(exercise, width, height)
        self.rules_ = rules_for(exercise)
        self.coach_ = exercise.coach
        self.buffer_: deque[tuple[float, dict[str, float]]] = deque()
        self.reps_ = 0
        self.total_ = 0
        self.set_index_ = 0
        self.last_done_t_: float | None = None
        self.roms_: list[float] = []
        self.cues_: tuple[str, ...] = ()
        self.top_since_: float | None = None
        self.peak_: float = -math.inf
        self.gaps_: list[float] = []
        self.away_s_ = 0.0  # longest stretch out of position since the last rep
        self.inactive_since_: float | None = None
        self.set_sides_: list[str] = []
        self.hip_visibility_ = np.zeros(2)  # running sums, left and right: which side is nearer

    def _new_set(self, start_t: float, side: str) -> bool:
        """The same rules as the offline set split, applied as each rep is counted."""
        if self.last_done_t_ is None:
            return False
        gap = max(0.0, start_t - self.last_done_t_)
        rules = self.set_rules
        usual = float(np.median(self.gaps_)) if self.gaps_ else None
        self.gaps_ = [*self.gaps_[-8:], gap]
        long_rest = gap >= rules.min_rest_s and (usual is None or gap >= rules.rest_factor * usual)
        # A run of one-sided reps that switches side (reps alternating sides stay one set).
        run = self.set_sides_[-2:]
        side_change = side in ("l", "r") and len(run) == 2 and run[0] == run[1] != side
        if long_rest or self.away_s_ > rules.max_away_s or side_change:
            self.gaps_ = []
            return True
        return False

    def _driving_angle(self, drive: dict[str, float]) -> float | None:
        vals = [v for v in drive.values() if math.isfinite(v)]
        return max(vals) if vals else None

    def _hold(self, t: float, value: float | None) -> float | None:
        """Seconds spent near the top of the rep in progress (None when not at the top)."""
        if value is None:
            self.top_since_ = None
            return None
        typical = float(np.median(self.roms_)) if self.roms_ else 20.0
        self.peak_ = max(self.peak_, value)
        rising_enough = self.peak_ - self._valley() >= 0.6 * typical
        if rising_enough and value >= self.peak_ - TOP_BAND_DEG:
            if self.top_since_ is None:
                self.top_since_ = t
            return t - self.top_since_
        self.top_since_ = None
        return None

    def _valley(self) -> float:
        vals = [
            min((v for v in s.values() if math.isfinite(v)), default=math.inf)
            for _, s in self.buffer_
        ]
        return min(vals, default=self.peak_)

    def _context(self, side: str, start_t: float, done_t: float, rom: float) -> RepContext | None:
        frames = [(t, s) for t, s in self.buffer_ if start_t <= t <= done_t and s]
        if len(frames) < 3:
            return None
        t = np.array([f[0] for f in frames])
        keys = set.intersection(*(set(s) for _, s in frames))
        signals = {k: np.array([s[k] for _, s in frames]) for k in keys}
        name = f"{self.coach_.driving_signal}_{side}" if self.coach_ else ""
        y = signals.get(name, signals.get(self.coach_.driving_signal if self.coach_ else "", t * 0))
        if self.coach_ is not None and self.coach_.rep_direction == "decrease":
            y = -y
        finite = np.isfinite(y)
        if not finite.any():
            return None
        peak = float(np.nanmax(y))
        top_idx = np.flatnonzero(finite & (y >= peak - TOP_BAND_DEG))
        top, top_end = int(top_idx[0]), int(top_idx[-1])
        return RepContext(
            t=t,
            signals=signals,
            top=top,
            top_end=top_end,
            side=side,
            hold_s=float(t[top_end] - t[top]),
            set_index=self.set_index_,
            rep_index=self.reps_ - 1,
            rom=rom,
            typical_rom=float(np.median(self.roms_)) if self.roms_ else rom,
        )

    def update(self, t: float, pose: FramePose | None) -> CoachState:
        """Feed one frame's pose (None when nobody was found) and get the coach's state."""
        if pose is None:
            image, vis = np.full((33, 3), np.nan), np.zeros(33)
        else:
            image, vis = pose.image, pose.visibility
        self.hip_visibility_ += np.nan_to_num(np.asarray(vis, dtype=np.float64)[[23, 24]])
        st = self.engine_.update(t, image, vis)
        self.buffer_.append((t, dict(st.signals)))
        while self.buffer_ and t - self.buffer_[0][0] > BUFFER_S:
            self.buffer_.popleft()
        angle = self._driving_angle(st.driving) if st.active else None
        if (
            self.coach_ is not None
            and self.coach_.rep_direction == "decrease"
            and angle is not None
        ):
            angle = -angle
        hold = self._hold(t, self._driving_angle(st.driving) if st.active else None)
        events: list[str] = []
        faults: list[FaultEvent] = []
        if st.active:
            if self.inactive_since_ is not None:
                self.away_s_ = max(self.away_s_, t - self.inactive_since_)
            self.inactive_since_ = None
        elif self.inactive_since_ is None:
            self.inactive_since_ = t
        for er in st.reps:
            rep = er.rep
            if self._new_set(rep.start_t, er.side):
                self.set_index_ += 1
                self.reps_ = 0
                events.append(f"set {self.set_index_ + 1} started")
                self.set_sides_ = []
            self.away_s_ = 0.0
            self.set_sides_.append(er.side)
            self.reps_ += 1
            self.total_ += 1
            self.last_done_t_ = rep.done_t
            self.roms_ = [*self.roms_[-4:], abs(rep.rom)]
            near = "l" if self.hip_visibility_[0] >= self.hip_visibility_[1] else "r"
            side = er.side if er.side in ("l", "r") else near
            ctx = self._context(side, rep.start_t, rep.done_t, abs(rep.rom))
            found = check_rep(self.rules_, ctx) if ctx is not None else ()
            faults.extend(found)
            self.cues_ = tuple(dict.fromkeys(f.cue for f in found))
            word = "good" if not found else ", ".join(f.fault_id for f in found)
            events.append(f"rep {self.reps_} ({word})")
            self.peak_ = -math.inf
        return CoachState(
            t=t,
            active=st.active,
            reps=self.reps_,
            set_index=self.set_index_,
            total_reps=self.total_,
            angle_deg=angle,
            hold_s=hold,
            events=tuple(events),
            cues=self.cues_,
            faults=tuple(faults),
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
        coach: EngineCoach,
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

"""The counting engine shared by the live coach and offline analysis.

Per frame: causal outlier rejection and one-euro smoothing of the landmarks, a facing sign
locked from the first clear frames, the angle signals, the gate (person present and visible,
inside the picture, in the exercise's posture and not walking about, for long enough), and the
rep counter(s). :meth:`CountingEngine.update` does this for one frame (live);
:meth:`CountingEngine.run` does the same for a whole clip with the stateless steps vectorised.
Both go through the same functions and state machines, which is what makes the live coach's
final counts equal the offline ones.

The parts live in their own modules: the gate in :mod:`hipcoach.analysis.gate`, the driving
signal in :mod:`hipcoach.analysis.drive`, the per-side counters and the rules that accept a
rep in :mod:`hipcoach.analysis.side_counters`; the names callers use are re-exported here.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.drive import (
    ankle_heights,
    counting_direction,
    driving,
    driving_sides,
    fuse,
    world_signals,
)
from hipcoach.analysis.gate import KEY_IDX, KEY_JOINTS, GateSettings, HipSpeed, Settle, frame_ok
from hipcoach.analysis.reps import CounterSettings
from hipcoach.analysis.side_counters import EngineRep, SideCounters
from hipcoach.kinematics.angles import signals_from_frame
from hipcoach.kinematics.facing import TurnWatch, facing_votes
from hipcoach.kinematics.filters import CausalHampel, OneEuroFilter, causal_hampel_batch
from hipcoach.kinematics.points import image_to_upright, to_exercise_frame
from hipcoach.library.models import Exercise
from hipcoach.pose.types import PoseSequence

__all__ = [
    "KEY_IDX",
    "KEY_JOINTS",
    "CountingEngine",
    "EngineRep",
    "FrameState",
    "GateSettings",
    "counting_direction",
    "driving_sides",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass
class FrameState:
    """What the engine made of one frame (for the live coach's events and for tests)."""

    t: float
    active: bool
    signals: dict[str, float]
    driving: dict[str, float]
    reps: list[EngineRep] = field(default_factory=list)
    points: FloatArray | None = None  # (33, 2) filtered landmarks in the exercise frame
    # After a turn round: the frames since the turn began, read again with the new facing
    # (each one's state; their reps are in ``reps`` too).
    replayed: list[FrameState] = field(default_factory=list)


# How much of the recent past the engine keeps, to read again after a turn round: the turn
# watch's 3 s plus its 1 s average, and a margin.
_RECENT_S = 5.0


class CountingEngine:
    """Causal counting for one exercise: :meth:`update` per frame or :meth:`run` per clip.

    >>> from hipcoach.library.registry import load_library
    >>> eng = CountingEngine(load_library().get("glute-bridge"), width=640, height=360)
    >>> eng.update(0.0, np.full((33, 3), np.nan), np.zeros(33)).active
    False
    """

    def __init__(
        self,
        exercise: Exercise,
        width: int,
        height: int,
        *,
        facing: int | None = None,
        counter: CounterSettings | None = None,
        gate: GateSettings | None = None,
    ) -> None:
        if exercise.coach is None:
            raise ValueError(f"exercise {exercise.id} has no [coach] table to count by")
        self.exercise = exercise
        self.coach = exercise.coach
        self.size = np.array([width, height], dtype=np.float64)
        self.gate = gate or GateSettings()
        self.counter_settings = (counter or CounterSettings()).with_overrides(self.coach.counter)
        self.sides = driving_sides(exercise)
        self.direction = counting_direction(exercise)
        self._start_counting()
        self.hampel_ = CausalHampel()
        self.euro_ = OneEuroFilter(self.gate.one_euro_min_cutoff, self.gate.one_euro_beta)
        # World landmarks (metres) get their own filters: a far leg is often steadier there.
        self.whampel_ = CausalHampel(floor=0.015)
        self.weuro_ = OneEuroFilter(self.gate.one_euro_min_cutoff, self.gate.one_euro_beta * 300)
        self.facing_ = facing
        self.vote_, self.vote_t_ = 0.0, float("nan")
        # Frame by frame (the live coach), a turn round flips the facing; offline, the pipeline
        # cuts the clip at a turn instead (analysis.parts), so run() never sees one.
        self.turn_watch_ = TurnWatch()
        self.turns_: list[float] = []  # when the facing flipped
        # The last _RECENT_S of filtered frames: (t, image, visibility, upright points, world).
        self.recent_: deque[tuple[float, FloatArray, FloatArray, FloatArray, FloatArray]] = deque()

    def _start_counting(self) -> None:
        """Fresh counters and position gate (at the start, and after a turn round, when the
        angles they have seen were mirrored)."""
        self.counting_ = SideCounters(
            self.coach,
            self.counter_settings,
            self.direction,
            self.sides,
            self.gate.drive_cutoff_hz,
        )
        self.speed_ = HipSpeed(self.gate.speed_window_s)
        self.settle_ = Settle(self.gate.settle_s, self.gate.grace_s)

    @property
    def facing(self) -> int | None:
        return self.facing_

    def _vote(self, v: float, t: float) -> None:
        # Per 1/30 s, not per frame: a slower pose model must not lock later and miss a rep.
        dt, self.vote_t_ = t - self.vote_t_, t
        if self.facing_ is None and np.isfinite(v):
            self.vote_ += v * (round(min(dt * 30.0, 4.0), 6) if dt > 0 else 1.0)
            if abs(self.vote_) >= self.gate.facing_votes:
                self.facing_ = 1 if self.vote_ > 0 else -1

    def update(
        self,
        t: float,
        image: FloatArray,
        visibility: FloatArray,
        world: FloatArray | None = None,
    ) -> FrameState:
        """Feed one frame: normalised image landmarks (33, 3), visibility (33,) and, when the
        pose model gives them, world landmarks (33, 3) in metres."""
        image = np.asarray(image, dtype=np.float64)
        wxy = np.full((33, 2), np.nan) if world is None else np.asarray(world, float)[:, :2]
        wpx = self.weuro_(t, self.whampel_(wxy))
        vis = np.nan_to_num(np.asarray(visibility, dtype=np.float64))[None]
        px = self.euro_(t, self.hampel_(image[:, :2] * self.size))
        upright = image_to_upright(px[None])
        vote = float(facing_votes(upright)[0])
        if self.facing_ is None:
            self._vote(vote, t)
            if self.facing_ is None:
                return FrameState(t, False, {}, {})
        replayed: list[FrameState] = []
        if self.turn_watch_.update(t, vote * self.facing_):
            # Facing the other way for 3 s: the person turned round (between sets, to work the
            # other leg); the angles would be mirrored from here on. Counting starts afresh,
            # and the frames since the turn began are read again with the new facing, so a rep
            # done meanwhile still counts (its event comes about 3 s late).
            stretch = self.turn_watch_.stretch_start_
            began = (t if stretch is None else stretch) - self.turn_watch_.window_s
            self.facing_ = -self.facing_
            self.turn_watch_.reset()
            self.turns_.append(t)
            self._start_counting()
            replayed = [self._count(*f) for f in self.recent_ if f[0] >= began]
        self.recent_.append((t, image, vis, upright, wpx))
        while self.recent_ and self.recent_[0][0] < t - _RECENT_S:
            self.recent_.popleft()
        state = self._count(t, image, vis, upright, wpx)
        state.replayed = replayed
        state.reps = [r for f in replayed for r in f.reps] + state.reps
        return state

    def _count(
        self, t: float, image: FloatArray, vis: FloatArray, upright: FloatArray, wpx: FloatArray
    ) -> FrameState:
        """The per-frame steps after the landmark filters: angles in the exercise frame, the
        position gate and the rep counters."""
        assert self.facing_ is not None
        frame = to_exercise_frame(upright, self.facing_)
        sig = fuse(signals_from_frame(frame), world_signals(wpx[None], self.facing_))
        speed = np.array([self.speed_.update(t, frame[0])])
        _, ok = frame_ok(image[None], vis, frame, self.coach.posture, speed, self.gate)
        active = self.settle_.update(t, bool(ok[0]))
        drive = {k: float(v[0]) for k, v in driving(sig, vis, self.coach.driving_signal).items()}
        ank = ankle_heights(frame)
        reps = self.counting_.count(t, drive, active, tuple(float(v) for v in ank[0]))
        signals = {k: float(v[0]) for k, v in sig.items()}
        return FrameState(t, active, signals, self.counting_.smoothed_, reps, frame[0])

    def run(self, seq: PoseSequence) -> tuple[list[EngineRep], BoolArray]:
        """Process a whole clip: (reps in order, per-frame active mask)."""
        n = len(seq)
        raw = seq.image[:, :, :2] * self.size
        clean = causal_hampel_batch(
            raw, self.hampel_.window, self.hampel_.n_sigmas, self.hampel_.floor
        )
        px = np.empty_like(clean)
        for i in range(n):
            px[i] = self.euro_(float(seq.t[i]), clean[i])
        wclean = causal_hampel_batch(
            seq.world[:, :, :2], self.whampel_.window, self.whampel_.n_sigmas, self.whampel_.floor
        )
        wpx = np.empty_like(wclean)
        for i in range(n):
            wpx[i] = self.weuro_(float(seq.t[i]), wclean[i])
        upright = image_to_upright(px)
        start = 0
        if self.facing_ is None:
            votes = facing_votes(upright)
            for i, v in enumerate(votes.tolist()):
                self._vote(v, float(seq.t[i]))
                if self.facing_ is not None:
                    start = i  # update() goes on with the frame that locked the facing
                    break
            else:
                return [], np.zeros(n, dtype=bool)
        assert self.facing_ is not None
        frame = to_exercise_frame(upright, self.facing_)
        sig = fuse(signals_from_frame(frame), world_signals(wpx, self.facing_))
        vis = np.nan_to_num(seq.visibility)
        speed = np.zeros(n)
        for i in range(start, n):
            speed[i] = self.speed_.update(float(seq.t[i]), frame[i])
        _, ok = frame_ok(seq.image, vis, frame, self.coach.posture, speed, self.gate)
        drive = driving(sig, vis, self.coach.driving_signal)
        active = np.zeros(n, dtype=bool)
        reps: list[EngineRep] = []
        cols = {k: v.tolist() for k, v in drive.items()}
        okl = ok.tolist()
        ank = ankle_heights(frame).tolist()
        for i in range(start, n):
            t = float(seq.t[i])
            active[i] = self.settle_.update(t, okl[i])
            row = {k: c[i] for k, c in cols.items()}
            reps.extend(self.counting_.count(t, row, bool(active[i]), tuple(ank[i])))
        return reps, active

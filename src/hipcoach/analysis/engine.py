"""The counting engine shared by the live coach and offline analysis.

Per frame: causal outlier rejection and one-euro smoothing of the landmarks, a facing sign
locked from the first clear frames, the angle signals, the gate (person present and visible,
inside the picture, in the exercise's posture and not walking about, for long enough), and the
rep counter(s). :meth:`CountingEngine.update` does this for one frame (live);
:meth:`CountingEngine.run` does the same for a whole clip with the stateless steps vectorised.
Both go through the same functions and state machines, which is what makes the live coach's
final counts equal the offline ones.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.postures import frame_features, in_posture
from hipcoach.analysis.reps import CountedRep, CounterSettings, RepCounter
from hipcoach.kinematics.angles import signals_from_frame
from hipcoach.kinematics.facing import facing_votes
from hipcoach.kinematics.filters import CausalHampel, OneEuroFilter, causal_hampel_batch
from hipcoach.kinematics.points import SIDES, image_to_upright, point, to_exercise_frame
from hipcoach.library.models import Exercise, Laterality, Posture
from hipcoach.pose.landmarks import SIDE_JOINTS
from hipcoach.pose.types import PoseSequence

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

KEY_JOINTS = ("shoulder", "hip", "knee", "ankle")
KEY_IDX = {s: [SIDE_JOINTS["left" if s == "l" else "right"][j] for j in KEY_JOINTS] for s in SIDES}
_ALL_KEYS = KEY_IDX["l"] + KEY_IDX["r"]


@dataclass(frozen=True)
class GateSettings:
    """When a frame may count."""

    min_visibility: float = 0.5
    frame_margin: float = 0.02  # normalised: a key joint this far outside the image is out
    settle_s: float = 0.6  # the posture must hold this long before counting starts
    grace_s: float = 0.6  # missing or off-posture frames tolerated without closing the gate
    speed_window_s: float = 0.4
    facing_votes: float = 4.0  # accumulated facing evidence needed before counting
    one_euro_min_cutoff: float = 1.2
    one_euro_beta: float = 0.02


@dataclass(frozen=True)
class EngineRep:
    """A rep counted by the engine, with the side it was counted on ("l", "r" or "both")."""

    side: str
    rep: CountedRep


def driving_sides(exercise: Exercise) -> tuple[str, ...]:
    """("both",) for a bilateral exercise, else the two sides counted separately."""
    coach = exercise.coach
    if (
        exercise.laterality is Laterality.BILATERAL
        or coach is None
        or coach.driving_side != "working"
    ):
        return ("both",)
    return SIDES


def counting_direction(exercise: Exercise) -> int:
    """+1 counts rise-then-return reps; -1 counts dips (reps that start at the top)."""
    coach = exercise.coach
    if coach is None:
        return 1
    sign = 1 if coach.rep_direction == "increase" else -1
    return -sign if coach.starts_at_top else sign


@dataclass
class FrameState:
    """What the engine made of one frame (for the live coach's events and for tests)."""

    t: float
    active: bool
    signals: dict[str, float]
    driving: dict[str, float]
    reps: list[EngineRep] = field(default_factory=list)


# --- stateless steps, vectorised over frames (T may be 1) -------------------------------------


def _driving(sig: dict[str, FloatArray], vis: FloatArray, name: str) -> dict[str, FloatArray]:
    """Driving signal per side, plus "both": the sides weighted by how clearly each is seen."""
    n = vis.shape[0]
    per = {s: sig.get(f"{name}_{s}", sig.get(name, np.full(n, np.nan))) for s in SIDES}
    w = {s: np.prod(np.clip(vis[:, KEY_IDX[s]], 0.0, 1.0), axis=1) ** 2 for s in SIDES}
    num = np.zeros(n)
    den = np.zeros(n)
    for s in SIDES:
        ok = np.isfinite(per[s])
        num += np.where(ok, per[s] * w[s], 0.0)
        den += np.where(ok, w[s], 0.0)
    both = np.where(den > 1e-9, num / np.where(den > 1e-9, den, 1.0), np.nan)
    # Nobody clearly seen: fall back to the plain mean.
    pair = np.stack([per["l"], per["r"]])
    cnt = np.isfinite(pair).sum(axis=0)
    plain = np.where(cnt > 0, np.nansum(pair, axis=0) / np.maximum(cnt, 1), np.nan)
    out = dict(per)
    out["both"] = np.where(den > 1e-9, both, plain)
    return out


def _frame_ok(
    image: FloatArray,
    vis: FloatArray,
    frame: FloatArray,
    posture: Posture,
    speed: FloatArray,
    g: GateSettings,
) -> tuple[BoolArray, BoolArray]:
    """(present, ok): a person is there; and visible, inside the picture and in posture."""
    present = np.isfinite(frame[:, _ALL_KEYS]).all(axis=(1, 2))
    seen = np.ones(len(frame), dtype=bool)
    for k in range(len(KEY_JOINTS)):
        seen &= np.maximum(vis[:, KEY_IDX["l"][k]], vis[:, KEY_IDX["r"][k]]) >= g.min_visibility
    xy = image[:, _ALL_KEYS, :2]
    with np.errstate(invalid="ignore"):
        inside = ((xy >= -g.frame_margin) & (xy <= 1 + g.frame_margin)).all(axis=(1, 2))
    trunk = point(frame, "mid_shoulder") - point(frame, "mid_hip")
    scale = np.maximum(np.linalg.norm(trunk, axis=1), 1e-6)
    feats = frame_features(frame, 1.0)
    feats["hands_forward"] = feats["hands_forward"] / scale
    feats["speed"] = speed
    return present, present & seen & inside & in_posture(feats, posture)


class _Speed:
    """Horizontal hip speed over a short causal window, in trunk lengths per second."""

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self.buf_: deque[tuple[float, float]] = deque()

    def update(self, t: float, frame: FloatArray) -> float:
        hip = point(frame[None], "mid_hip")[0]
        trunk = point(frame[None], "mid_shoulder")[0] - hip
        scale = max(float(np.linalg.norm(trunk)), 1e-6)
        if not np.isfinite(hip).all() or not np.isfinite(scale):
            self.buf_.clear()
            return 0.0
        self.buf_.append((t, float(hip[0])))
        while t - self.buf_[0][0] > self.window_s:
            self.buf_.popleft()
        t0, x0 = self.buf_[0]
        return abs(float(hip[0]) - x0) / (t - t0) / scale if t > t0 else 0.0


class _Settle:
    """Opens after ``settle_s`` of good frames; tolerates gaps shorter than ``grace_s``."""

    def __init__(self, settle_s: float, grace_s: float) -> None:
        self.settle_s = settle_s
        self.grace_s = grace_s
        self.since_: float | None = None
        self.last_ok_: float | None = None

    def update(self, t: float, ok: bool) -> bool:
        if not ok:
            if self.last_ok_ is not None and t - self.last_ok_ > self.grace_s:
                self.since_ = None
                self.last_ok_ = None
            return False
        if self.since_ is None:
            self.since_ = t
        self.last_ok_ = t
        return t - self.since_ >= self.settle_s


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
        self.counter_settings = counter or CounterSettings()
        self.sides = driving_sides(exercise)
        self.direction = counting_direction(exercise)
        self.counters_ = {s: RepCounter(self.counter_settings, self.direction) for s in self.sides}
        self.hampel_ = CausalHampel()
        self.euro_ = OneEuroFilter(self.gate.one_euro_min_cutoff, self.gate.one_euro_beta)
        self.speed_ = _Speed(self.gate.speed_window_s)
        self.settle_ = _Settle(self.gate.settle_s, self.gate.grace_s)
        self.facing_ = facing
        self.vote_ = 0.0
        self.history_: deque[tuple[float, float, float]] = deque()  # t, drive_l, drive_r
        self.accepted_: list[EngineRep] = []

    @property
    def facing(self) -> int | None:
        return self.facing_

    def _vote(self, v: float) -> None:
        if self.facing_ is None and np.isfinite(v):
            self.vote_ += v
            if abs(self.vote_) >= self.gate.facing_votes:
                self.facing_ = 1 if self.vote_ > 0 else -1

    def _accept(self, side: str, rep: CountedRep) -> bool:
        """Unilateral: keep a rep only if its leg moved more than the other leg meanwhile."""
        if side == "both":
            return True
        other = 2 if side == "l" else 1
        vals = [h[other] for h in self.history_ if rep.start_t <= h[0] <= rep.done_t]
        vals = [v for v in vals if np.isfinite(v)]
        other_range = (max(vals) - min(vals)) if vals else 0.0
        if abs(rep.rom) < other_range:
            return False
        for prev in self.accepted_[-3:]:
            if prev.side != side:
                overlap = min(prev.rep.done_t, rep.done_t) - max(prev.rep.start_t, rep.start_t)
                if overlap > 0.5 * (rep.done_t - rep.start_t):
                    return False
        return True

    def _count(self, t: float, drive: dict[str, float], active: bool) -> list[EngineRep]:
        self.history_.append((t, drive["l"], drive["r"]))
        while t - self.history_[0][0] > 60.0:
            self.history_.popleft()
        out = []
        for side in self.sides:
            rep = self.counters_[side].update(t, drive[side], active)
            if rep is not None and self._accept(side, rep):
                er = EngineRep(side, rep)
                self.accepted_.append(er)
                out.append(er)
        return out

    def update(self, t: float, image: FloatArray, visibility: FloatArray) -> FrameState:
        """Feed one frame: normalised image landmarks (33, 3) and visibility (33,)."""
        image = np.asarray(image, dtype=np.float64)
        vis = np.nan_to_num(np.asarray(visibility, dtype=np.float64))[None]
        px = self.euro_(t, self.hampel_(image[:, :2] * self.size))
        upright = image_to_upright(px[None])
        if self.facing_ is None:
            self._vote(float(facing_votes(upright)[0]))
            if self.facing_ is None:
                return FrameState(t, False, {}, {})
        frame = to_exercise_frame(upright, self.facing_)
        sig = signals_from_frame(frame)
        speed = np.array([self.speed_.update(t, frame[0])])
        _, ok = _frame_ok(image[None], vis, frame, self.coach.posture, speed, self.gate)
        active = self.settle_.update(t, bool(ok[0]))
        drive = {k: float(v[0]) for k, v in _driving(sig, vis, self.coach.driving_signal).items()}
        reps = self._count(t, drive, active)
        return FrameState(t, active, {k: float(v[0]) for k, v in sig.items()}, drive, reps)

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
        upright = image_to_upright(px)
        start = 0
        if self.facing_ is None:
            votes = facing_votes(upright)
            for i, v in enumerate(votes.tolist()):
                self._vote(v)
                if self.facing_ is not None:
                    start = i + 1
                    break
            else:
                return [], np.zeros(n, dtype=bool)
        assert self.facing_ is not None
        frame = to_exercise_frame(upright, self.facing_)
        sig = signals_from_frame(frame)
        vis = np.nan_to_num(seq.visibility)
        speed = np.zeros(n)
        for i in range(start, n):
            speed[i] = self.speed_.update(float(seq.t[i]), frame[i])
        _, ok = _frame_ok(seq.image, vis, frame, self.coach.posture, speed, self.gate)
        drive = _driving(sig, vis, self.coach.driving_signal)
        active = np.zeros(n, dtype=bool)
        reps: list[EngineRep] = []
        cols = {k: v.tolist() for k, v in drive.items()}
        okl = ok.tolist()
        for i in range(start, n):
            t = float(seq.t[i])
            active[i] = self.settle_.update(t, okl[i])
            reps.extend(self._count(t, {k: c[i] for k, c in cols.items()}, bool(active[i])))
        return reps, active

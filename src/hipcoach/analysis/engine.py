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

from hipcoach.analysis.planted import PlantedFoot
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
    speed_window_s: float = 1.5  # long enough that a step-up's forward drive is not walking
    facing_votes: float = 4.0  # facing evidence needed before counting (frames at 30/s)
    one_euro_min_cutoff: float = 1.2
    one_euro_beta: float = 0.02
    drive_cutoff_hz: float = 1.5  # causal low-pass on the driving signal before counting


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
    points: FloatArray | None = None  # (33, 2) filtered landmarks in the exercise frame


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


FUSED = ("hip_extension", "knee_flexion", "leg_excursion", "leg_swing")


def _world_signals(wxy: FloatArray, facing: int) -> dict[str, FloatArray]:
    """Angles from world landmarks (x right, y down, metres) seen along the camera axis."""
    return signals_from_frame(to_exercise_frame(image_to_upright(wxy), facing))


def _fuse(sig: dict[str, FloatArray], wsig: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Average the image and world estimates of the driving angles where both exist: their
    errors are largely independent, so the far leg in particular gets steadier."""
    out = dict(sig)
    for name in FUSED:
        for s in SIDES:
            key = f"{name}_{s}"
            a, b = sig[key], wsig[key]
            if name == "hip_extension":
                # Both are in [0, 360); keep the world value on the image value's side of 0/360.
                b = a + ((b - a + 180.0) % 360.0 - 180.0)
            out[key] = np.where(np.isfinite(b), 0.5 * (a + b), a)
    return out


def _ankle_heights(frame: FloatArray) -> FloatArray:
    """(T, 3): left and right ankle heights (pixels, exercise frame) and the trunk length."""
    trunk = np.linalg.norm(point(frame, "mid_shoulder") - point(frame, "mid_hip"), axis=1)
    return np.stack([point(frame, "ankle", s)[:, 1] for s in SIDES] + [trunk], axis=1)


class _Biquad:
    """Causal 2nd-order Butterworth low-pass on one scalar stream; a missing value restarts it.

    Applied to the driving signal so a poorly seen leg's jitter cannot pass for a rep.
    """

    def __init__(self, cutoff_hz: float, fs: float) -> None:
        from scipy.signal import butter

        b, a = butter(2, min(cutoff_hz, 0.45 * fs), fs=fs)
        self.b = [float(v) for v in b]
        self.a = [float(v) for v in a]
        self.reset()

    def reset(self) -> None:
        self.x1 = self.x2 = self.y1 = self.y2 = float("nan")

    def __call__(self, x: float) -> float:
        if not np.isfinite(x):
            self.reset()
            return float("nan")
        if not np.isfinite(self.y1):
            self.x1 = self.x2 = self.y1 = self.y2 = x  # start at rest on the first value
        b0, b1, b2 = self.b
        _, a1, a2 = self.a
        y = b0 * x + b1 * self.x1 + b2 * self.x2 - a1 * self.y1 - a2 * self.y2
        self.x2, self.x1 = self.x1, x
        self.y2, self.y1 = self.y1, y
        return y


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
            # Keep the buffer: restarting it on a dropped frame measures the next frames' jitter
            # (or a step-up's drive) over a few hundredths of a second and reads as walking.
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
        self.counter_settings = (counter or CounterSettings()).with_overrides(self.coach.counter)
        self.sides = driving_sides(exercise)
        self.direction = counting_direction(exercise)
        # Both legs share one memory of the usual range: the legs do the same exercise.
        self.roms_: list[float] = []
        self.counters_ = {
            s: RepCounter(self.counter_settings, self.direction, roms_=self.roms_, learn=False)
            for s in self.sides
        }
        self.hampel_ = CausalHampel()
        self.euro_ = OneEuroFilter(self.gate.one_euro_min_cutoff, self.gate.one_euro_beta)
        # World landmarks (metres) get their own filters: a far leg is often steadier there.
        self.whampel_ = CausalHampel(floor=0.015)
        self.weuro_ = OneEuroFilter(self.gate.one_euro_min_cutoff, self.gate.one_euro_beta * 300)
        self.speed_ = _Speed(self.gate.speed_window_s)
        self.settle_ = _Settle(self.gate.settle_s, self.gate.grace_s)
        self.facing_ = facing
        self.vote_, self.vote_t_ = 0.0, float("nan")
        self.fs_: float | None = None
        self.smoothed_: dict[str, float] = {}  # the last driving values the counters saw
        self.lowpass_: dict[str, _Biquad] = {}
        # t, drive_l, drive_r, ankle height l, r (pixels), trunk length (pixels)
        self.history_: deque[tuple[float, ...]] = deque()
        self.accepted_: list[EngineRep] = []
        self.rejected_: list[tuple[str, CountedRep, str]] = []  # for diagnostics

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

    def _accept(self, side: str, rep: CountedRep) -> str:
        """Why a unilateral rep is not this leg's ("" when it is): it must reach the usual range,
        move more than the other leg meanwhile and, where the foot stays planted, keep it still."""
        if side == "both":
            return ""
        cs = self.counter_settings
        if self.roms_:
            # A low quantile: a few exaggerated reps (a trunk lean) must not raise the bar
            # for the next short one.
            usual = float(np.percentile(self.roms_[-cs.history :], cs.usual_pct))
            if abs(rep.rom) < cs.accept_frac * usual:
                return "short of the usual range"
        elif abs(rep.rom) < cs.first_rep_factor * cs.min_rom_deg:
            return "first rep too small"
        other = 2 if side == "l" else 1
        # The other leg during this rep's movement (not back to the valley, which may sit
        # before the other leg's own rep when the sides alternate).
        vals = [h[other] for h in self.history_ if rep.rise_t <= h[0] <= rep.done_t]
        vals = [v for v in vals if np.isfinite(v)]
        other_range = (max(vals) - min(vals)) if vals else 0.0
        if abs(rep.rom) < other_range:
            return "the other leg moved more"
        if self.coach.working_foot_planted and (
            why := PlantedFoot().reason(self.history_, side, rep)
        ):
            return why  # the other leg's rep, or stepping off the box (see analysis.planted)
        for prev in self.accepted_[-3:]:
            if prev.side != side:
                overlap = min(prev.rep.done_t, rep.done_t) - max(prev.rep.rise_t, rep.rise_t)
                if overlap > 0.5 * (rep.done_t - rep.rise_t):
                    return "overlaps the other leg's rep"
        return ""

    def _smooth(self, t: float, drive: dict[str, float]) -> dict[str, float]:
        if not self.lowpass_:
            # The filter is designed for the clip's frame rate, taken from the first two frames.
            if self.fs_ is None:
                self.fs_ = -t
                return {k: float("nan") for k in drive}
            dt = t + self.fs_
            fs = 1.0 / dt if dt > 0 else 30.0
            self.lowpass_ = {k: _Biquad(self.gate.drive_cutoff_hz, fs) for k in ("l", "r", "both")}
        return {k: self.lowpass_[k](v) if k in self.lowpass_ else v for k, v in drive.items()}

    def _count(
        self, t: float, drive: dict[str, float], active: bool, ankles: tuple[float, ...]
    ) -> list[EngineRep]:
        drive = self._smooth(t, drive)
        self.smoothed_ = drive
        self.history_.append((t, drive["l"], drive["r"], *ankles))
        while t - self.history_[0][0] > 60.0:
            self.history_.popleft()
        out = []
        for side in self.sides:
            rep = self.counters_[side].update(t, drive[side], active)
            why = self._accept(side, rep) if rep is not None else "none"
            if rep is not None and why:
                self.rejected_.append((side, rep, why))
            if rep is not None and not why:
                er = EngineRep(side, rep)
                first = not self.roms_
                self.accepted_.append(er)
                self.roms_.append(abs(rep.rom))
                if first:
                    out.extend(self._reconsider(rep))
                out.append(er)
        return out

    def _reconsider(self, first: CountedRep) -> list[EngineRep]:
        """Reps just before the first accepted one that were turned down only for being small.

        Before any rep there is no usual range, so a set that opens with a short rep loses it
        to the first-rep guard; once the first full rep sets the range, the short one is judged
        again like any later rep (a late count, a few seconds after it happened)."""
        cs = self.counter_settings
        out = []
        for side, rep, why in self.rejected_:
            if why != "first rep too small" or rep.done_t > first.rise_t:
                continue
            if first.rise_t - rep.done_t > cs.reconsider_s:
                continue
            if not self._accept(side, rep):
                er = EngineRep(side, rep)
                self.accepted_.insert(len(self.accepted_) - 1, er)
                out.append(er)
        return out

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
        if self.facing_ is None:
            self._vote(float(facing_votes(upright)[0]), t)
            if self.facing_ is None:
                return FrameState(t, False, {}, {})
        frame = to_exercise_frame(upright, self.facing_)
        sig = _fuse(signals_from_frame(frame), _world_signals(wpx[None], self.facing_))
        speed = np.array([self.speed_.update(t, frame[0])])
        _, ok = _frame_ok(image[None], vis, frame, self.coach.posture, speed, self.gate)
        active = self.settle_.update(t, bool(ok[0]))
        drive = {k: float(v[0]) for k, v in _driving(sig, vis, self.coach.driving_signal).items()}
        ank = _ankle_heights(frame)
        reps = self._count(t, drive, active, tuple(float(v) for v in ank[0]))
        signals = {k: float(v[0]) for k, v in sig.items()}
        return FrameState(t, active, signals, self.smoothed_, reps, frame[0])

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
        sig = _fuse(signals_from_frame(frame), _world_signals(wpx, self.facing_))
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
        ank = _ankle_heights(frame).tolist()
        for i in range(start, n):
            t = float(seq.t[i])
            active[i] = self.settle_.update(t, okl[i])
            row = {k: c[i] for k, c in cols.items()}
            reps.extend(self._count(t, row, bool(active[i]), tuple(ank[i])))
        return reps, active

"""The live coach: one frame at a time in, coaching events out.

It runs the same :class:`~hipcoach.analysis.engine.CountingEngine` as offline analysis (so its
final counts equal ``analyze``'s on the same frames) and, after each rep, the same fault rule
objects on the rep's buffered signals. Events: a rep counted, a hold timer tick each second at
the top, a fault cue, and a set ended after a long pause or leaving the position.

>>> from hipcoach.library.registry import load_library
>>> coach = LiveCoach(load_library().get("glute-bridge"), width=640, height=360)
>>> coach.update(0.0, np.full((33, 3), np.nan), np.zeros(33))
[]
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.engine import CountingEngine, EngineRep, FrameState, counting_direction
from hipcoach.analysis.faults import RepContext, check_rep, full_top, rules_for
from hipcoach.analysis.holds import measure_rep
from hipcoach.analysis.pipeline import AnalysisSettings
from hipcoach.library.models import Exercise
from hipcoach.library.registry import Library, load_library

FloatArray = NDArray[np.float64]
EventKind = Literal["rep", "hold", "fault", "set_end", "turn"]


@dataclass(frozen=True)
class LiveEvent:
    """Something worth telling the person now."""

    kind: EventKind
    t: float
    side: str = "both"
    count: int = 0  # reps so far on that side (rep events), whole seconds held (hold events)
    message: str = ""
    fault_id: str = ""


@dataclass
class _Buffer:
    seconds: float
    rows: deque[tuple[float, dict[str, float]]] = field(default_factory=deque)

    def add(self, t: float, values: dict[str, float]) -> None:
        self.rows.append((t, values))
        while self.rows and t - self.rows[0][0] > self.seconds:
            self.rows.popleft()

    def drop_from(self, t0: float) -> None:
        while self.rows and self.rows[-1][0] >= t0:
            self.rows.pop()

    def window(self, t0: float, t1: float) -> tuple[FloatArray, dict[str, FloatArray]]:
        rows = [(t, v) for t, v in self.rows if t0 <= t <= t1 and v]
        t = np.array([r[0] for r in rows])
        keys = rows[0][1].keys() if rows else []
        return t, {k: np.array([r[1].get(k, np.nan) for r in rows]) for k in keys}


def _buffered(st: FrameState) -> dict[str, float]:
    """What the form checks need of a frame: its angles and each ankle's height (in trunk
    lengths)."""
    values = dict(st.signals)
    if st.points is not None and values:
        trunk = float(np.linalg.norm(st.points[11:13].mean(0) - st.points[23:25].mean(0)))
        for k, s in ((27, "l"), (28, "r")):
            values[f"ankle_y_{s}"] = float(st.points[k, 1]) / trunk if trunk > 0 else np.nan
    return values


class LiveCoach:
    """Streaming coach for one exercise (the exercise must be named: recognition needs the
    whole clip)."""

    def __init__(
        self,
        exercise: Exercise | str,
        width: int,
        height: int,
        *,
        facing: int | None = None,
        settings: AnalysisSettings | None = None,
        library: Library | None = None,
    ) -> None:
        ex = (
            exercise
            if isinstance(exercise, Exercise)
            else (library or load_library()).get(exercise)
        )
        if ex.coach is None:
            raise ValueError(f"exercise {ex.id} has no [coach] table")
        self.exercise = ex
        self.settings = settings or AnalysisSettings()
        self.engine = CountingEngine(
            ex, width, height, facing=facing, counter=self.settings.counter, gate=self.settings.gate
        )
        self.rules = rules_for(ex)
        self.sign = 1.0 if ex.coach.rep_direction == "increase" else -1.0
        self.top_start = counting_direction(ex) != int(self.sign)
        self.buffer_ = _Buffer(seconds=40.0)
        self.counts_: dict[str, int] = {}
        self.reps_: list[EngineRep] = []
        self.tops_: dict[str, list[float]] = {}
        self.set_index_ = 0
        self.in_set_ = False
        self.last_rep_t_ = float("nan")
        self.last_active_t_ = float("nan")
        self.hold_since_: float | None = None
        self.hold_ticks_ = 0

    @property
    def rep_count(self) -> int:
        return sum(self.counts_.values())

    @property
    def counts(self) -> dict[str, int]:
        """Reps per side so far ("both" for bilateral exercises)."""
        return dict(self.counts_)

    def _drive(self, state_driving: dict[str, float], side: str) -> float:
        return self.sign * state_driving.get(side, float("nan"))

    def _hold_events(self, t: float, driving: dict[str, float]) -> list[LiveEvent]:
        """Tick each whole second spent near the usual top (learned from the reps so far)."""
        if not self.reps_ or not driving:
            return []
        last = self.reps_[-1]
        side = last.side
        peaks = [abs(r.rep.peak) for r in self.reps_[-5:] if r.side == side]
        roms = [abs(r.rep.rom) for r in self.reps_[-5:] if r.side == side]
        x = abs(driving.get(side, float("nan")))
        if self.top_start or not peaks or not np.isfinite(x):
            return []
        near_top = abs(x - float(np.median(peaks))) <= 0.15 * float(np.median(roms))
        if not near_top:
            self.hold_since_ = None
            self.hold_ticks_ = 0
            return []
        if self.hold_since_ is None:
            self.hold_since_ = t
        held = int(t - self.hold_since_)
        if held > self.hold_ticks_:
            self.hold_ticks_ = held
            return [LiveEvent("hold", t, side, held, f"{held} s")]
        return []

    def _fault_events(self, er: EngineRep) -> list[LiveEvent]:
        r = er.rep
        prev = [x.rep.done_t for x in self.reps_[:-1] if x.side == er.side]
        t0 = max(r.rise_t - 3.0, prev[-1] if prev else -np.inf)
        t, sig = self.buffer_.window(t0, r.done_t)
        side = er.side if er.side != "both" else self.engine_near_side()
        drive_key = f"{self.exercise.coach.driving_signal}_{side}" if self.exercise.coach else ""
        if len(t) < 5 or drive_key not in sig:
            return []
        y = self.sign * sig[drive_key]
        if not np.isfinite(y).any():
            return []
        rising = t >= r.rise_t
        if not np.isfinite(y[rising]).any():
            return []
        peak_i = int(np.flatnonzero(rising)[0] + np.nanargmax(y[rising]))
        tm = measure_rep(t, y, peak_i, 0, len(t) - 1)
        a = int(np.clip(np.searchsorted(t, tm.start_t), 0, len(t) - 1))
        ctx = RepContext(
            t=t[a:],
            signals={k: v[a:] for k, v in sig.items()},
            top=max(0, tm.top_i - a),
            top_end=max(0, tm.top_end_i - a),
            side=side,
            hold_s=tm.hold_s,
            set_index=self.set_index_,
            rep_index=self.counts_.get(er.side, 1) - 1,
            rom=tm.peak - tm.bottom,
            typical_rom=float(np.median([abs(x.rep.rom) for x in self.reps_[-5:]])),
            peak=tm.peak,
            typical_peak=self._typical_top(side, tm.peak),
        )
        return [
            LiveEvent("fault", r.done_t, er.side, 0, f.cue, f.fault_id)
            for f in check_rep(self.rules, ctx)
        ]

    def _typical_top(self, side: str, top: float) -> float:
        """The top full reps reach on that side so far, this rep included."""
        tops = self.tops_.setdefault(side, [])
        tops.append(top)
        return full_top(tops[-8:])

    def engine_near_side(self) -> str:
        """The side with the better-seen landmarks so far (for bilateral measurements)."""
        return "l" if self.vis_l_ >= self.vis_r_ else "r"

    vis_l_: float = 0.0
    vis_r_: float = 0.0
    turns_seen_: int = 0

    def update(
        self,
        t: float,
        image: FloatArray,
        visibility: FloatArray,
        world: FloatArray | None = None,
    ) -> list[LiveEvent]:
        """Feed one frame (normalised image landmarks (33, 3), visibility (33,), optional world
        landmarks); returns the events it caused."""
        st = self.engine.update(t, image, visibility, world)
        events: list[LiveEvent] = []
        if len(self.engine.turns_) > self.turns_seen_:
            # Turned round: the other side is nearer the camera from now on.
            self.turns_seen_ = len(self.engine.turns_)
            self.vis_l_ = self.vis_r_ = 0.0
            word = "right" if self.engine.facing == 1 else "left"
            events.append(LiveEvent("turn", t, message=f"turned round: now facing {word}"))
        vis = np.nan_to_num(np.asarray(visibility, dtype=np.float64))
        self.vis_l_ += float(vis[[11, 23, 25, 27]].sum())
        self.vis_r_ += float(vis[[12, 24, 26, 28]].sum())
        if st.replayed:
            # Read again after a turn: the form checks must see these frames' new angles.
            self.buffer_.drop_from(st.replayed[0].t)
            for past in st.replayed:
                self.buffer_.add(past.t, _buffered(past))
        self.buffer_.add(t, _buffered(st))
        if st.active:
            self.last_active_t_ = t
        for er in st.reps:
            self.counts_[er.side] = self.counts_.get(er.side, 0) + 1
            self.reps_.append(er)
            self.in_set_ = True
            self.last_rep_t_ = t
            events.append(
                LiveEvent("rep", t, er.side, self.counts_[er.side], f"rep {self.counts_[er.side]}")
            )
            events.extend(self._fault_events(er))
        events.extend(self._hold_events(t, st.driving))
        rules = self.settings.sets
        away = (
            not st.active
            and np.isfinite(self.last_active_t_)
            and t - self.last_active_t_ > rules.max_away_s
        )
        rested = np.isfinite(self.last_rep_t_) and t - self.last_rep_t_ > rules.min_rest_s * 2
        if self.in_set_ and (away or rested):
            self.in_set_ = False
            events.append(
                LiveEvent("set_end", t, "both", self.rep_count, f"set {self.set_index_ + 1} done")
            )
            self.set_index_ += 1
        return events

    def run(self, sequence: object) -> list[LiveEvent]:
        """Feed a whole PoseSequence frame by frame (for replays and tests)."""
        from hipcoach.pose.types import PoseSequence

        assert isinstance(sequence, PoseSequence)
        events: list[LiveEvent] = []
        for i in range(len(sequence)):
            events.extend(
                self.update(
                    float(sequence.t[i]),
                    sequence.image[i],
                    sequence.visibility[i],
                    sequence.world[i],
                )
            )
        return events

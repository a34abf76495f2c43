"""The schedule of a clip: set-up, sets, reps (rise, hold, lower, pause), rests, leaving the frame.

:func:`build_timeline` turns a :class:`ClipSpec` into per-frame arrays (phase, set, rep, side, a
0..1 progress variable ``p`` with cosine easing, fault masks) and a list of planned reps. The
exercise scripts only map ``p`` to a pose; everything about *when* lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from hipcoach.synth.kinematic.geometry import ease
from hipcoach.synth.kinematic.spec import ClipSpec
from hipcoach.synth.motion import Phase

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

SHORT_REP_RANGE = (0.5, 0.7)  # fraction of the range a short rep reaches
MISSED_HOLD_S = (0.0, 0.3)  # hold time of a rep that skips the hold
EXIT_S = 3.0  # getting up and walking out
ENTER_S = 4.0  # walking back in and getting into position


@dataclass(frozen=True)
class RepPlan:
    """One planned rep, in frames (``end`` exclusive)."""

    set_index: int
    rep_index: int
    global_index: int
    side: str  # "left", "right" or "both"
    start: int
    top: int
    end: int
    hold_s: float
    amplitude: float
    faults: tuple[str, ...]


@dataclass(frozen=True)
class Segment:
    """A stretch of frames where the body is not doing reps: entering, exiting, away."""

    kind: str  # "enter", "exit" or "away"
    start: int
    stop: int


@dataclass(frozen=True)
class Timeline:
    """Per-frame schedule arrays, all of length T.

    ``p`` is the eased progress towards the top of the current rep, already scaled by the rep's
    amplitude (a short rep peaks at 0.5-0.7); ``u`` is the same progress unscaled (0..1), used
    to fade fault deviations in and out. ``fault_mask[f]`` is True over the frames of reps that
    show fault f; ``fault_level[f]`` holds a per-rep random 0..1 severity for it.
    """

    fps: float
    t: FloatArray
    phase: IntArray
    set_index: IntArray
    rep_index: IntArray
    rep_global: IntArray
    side: NDArray[np.str_]
    p: FloatArray
    u: FloatArray
    engaged: FloatArray
    fault_mask: dict[str, NDArray[np.bool_]]
    fault_level: dict[str, FloatArray]
    reps: tuple[RepPlan, ...]
    segments: tuple[Segment, ...] = field(default=())

    def __len__(self) -> int:
        return int(self.t.shape[0])

    def level(self, fault: str) -> FloatArray:
        """Severity 0..1 of ``fault`` per frame, 0 where the fault is absent."""
        if fault not in self.fault_mask:
            return np.zeros(len(self))
        return np.where(self.fault_mask[fault], self.fault_level[fault], 0.0)

    def mask(self, fault: str) -> NDArray[np.bool_]:
        return self.fault_mask.get(fault, np.zeros(len(self), dtype=bool))


def _rep_sides(spec: ClipSpec, unilateral: bool) -> list[list[str]]:
    sides: list[list[str]] = []
    first = "left" if spec.side in ("left", "alternating", "alternating-sets") else "right"
    other = "right" if first == "left" else "left"
    for s in range(spec.sets):
        if not unilateral:
            sides.append(["both"] * spec.reps)
        elif spec.side == "alternating":
            sides.append(
                [first if (s * spec.reps + r) % 2 == 0 else other for r in range(spec.reps)]
            )
        elif spec.side == "alternating-sets":
            sides.append([first if s % 2 == 0 else other] * spec.reps)
        else:
            sides.append([spec.side] * spec.reps)
    return sides


def build_timeline(
    spec: ClipSpec,
    rng: np.random.Generator,
    *,
    tempo: tuple[float, float, float],
    unilateral: bool,
    starts_at_top: bool = False,
    lead_s: float = 0.8,
) -> Timeline:
    """Lay out the whole clip. Deterministic for a given ``rng`` state.

    >>> from hipcoach.synth.kinematic.spec import ClipSpec
    >>> tl = build_timeline(ClipSpec(exercise="glute-bridge", sets=1, reps=2),
    ...                     np.random.default_rng(0), tempo=(1.0, 2.0, 1.0), unilateral=False)
    >>> len(tl.reps), tl.reps[0].set_index
    (2, 0)
    """
    fps = spec.fps
    # (duration_s, phase, set, rep, global, kind, from_level, to_level)
    pieces: list[tuple[float, int, int, int, int, str, float, float]] = []
    rep_meta: list[
        tuple[int, int, int, str, float, float, tuple[str, ...], tuple[int, int, int]]
    ] = []
    sides = _rep_sides(spec, unilateral)
    idle_phase = int(Phase.TOP if starts_at_top else Phase.BOTTOM)
    idle_level = 1.0 if starts_at_top else 0.0

    def add(dur: float, phase: int, s: int, r: int, g: int, kind: str, a: float, b: float) -> None:
        pieces.append((max(dur, 0.0), phase, s, r, g, kind, a, b))

    if spec.setup_s > 0:
        add(spec.setup_s, int(Phase.SETUP), -1, -1, -1, "enter", idle_level, idle_level)
    g = 0
    for s in range(spec.sets):
        add(lead_s, idle_phase, s, -1, -1, "idle", idle_level, idle_level)
        level = idle_level
        for r in range(spec.reps):
            jit = 1.0 + spec.tempo_jitter * rng.uniform(-1.0, 1.0, size=3)
            up, hold, down = (
                max(0.05, x * j) if x > 0 else 0.0 for x, j in zip(tempo, jit, strict=True)
            )
            faults = tuple(sorted(f for f, reps in spec.faults.items() if g in reps))
            amp = spec.rom
            if "short-rep" in faults:
                amp *= rng.uniform(*SHORT_REP_RANGE)
            if "missed-hold" in faults:
                planned, hold = hold, rng.uniform(*MISSED_HOLD_S)
                if starts_at_top and r == spec.reps - 1:
                    # The set ends at the top: the person stays there through the rest, so a
                    # short hold is not shown by the body and cannot be a label.
                    faults = tuple(f for f in faults if f != "missed-hold")
                    hold = planned
            first_piece = len(pieces)
            if starts_at_top:
                add(down, int(Phase.LOWERING), s, r, g, "ramp", level, 0.0)
                add(spec.bottom_s * 0.6, int(Phase.BOTTOM), s, r, g, "ramp", 0.0, 0.0)
                add(up, int(Phase.RISING), s, r, g, "ramp", 0.0, amp)
                add(hold, int(Phase.TOP), s, r, g, "ramp", amp, amp)
                # No separate idle at the top before the next rep: standing still at the top
                # *is* the hold, and a label that left it out would be invisible in the landmarks.
                top_piece, last_piece = first_piece + 3, first_piece + 3
                level = amp
            else:
                add(up, int(Phase.RISING), s, r, g, "ramp", 0.0, amp)
                add(hold, int(Phase.TOP), s, r, g, "ramp", amp, amp)
                add(down, int(Phase.LOWERING), s, r, g, "ramp", amp, 0.0)
                top_piece, last_piece = first_piece + 1, first_piece + 2
                if r < spec.reps - 1:
                    add(spec.bottom_s, idle_phase, s, -1, -1, "idle", 0.0, 0.0)
            rep_meta.append(
                (s, r, g, sides[s][r], hold, amp, faults, (first_piece, top_piece, last_piece))
            )
            g += 1
        if s < spec.sets - 1:
            if s in spec.out_of_frame_after:
                rest = max(spec.rest_s - EXIT_S - ENTER_S, spec.away_s)
                add(EXIT_S, int(Phase.SETUP), -1, -1, -1, "exit", level, level)
                add(rest, int(Phase.OUT_OF_FRAME), -1, -1, -1, "away", level, level)
                add(ENTER_S, int(Phase.SETUP), -1, -1, -1, "enter", idle_level, idle_level)
            else:
                add(spec.rest_s, int(Phase.REST), -1, -1, -1, "rest", level, idle_level)
    add(
        spec.tail_s,
        int(Phase.REST),
        -1,
        -1,
        -1,
        "rest",
        level if starts_at_top else 0.0,
        idle_level,
    )
    if spec.exit_at_end:
        add(EXIT_S, int(Phase.SETUP), -1, -1, -1, "exit", idle_level, idle_level)
        add(spec.away_s, int(Phase.OUT_OF_FRAME), -1, -1, -1, "away", idle_level, idle_level)

    bounds = np.round(np.cumsum([0.0] + [p[0] for p in pieces]) * fps).astype(np.int64)
    n = int(bounds[-1])
    t = np.arange(n) / fps
    phase = np.zeros(n, dtype=np.int64)
    set_index = np.full(n, -1, dtype=np.int64)
    rep_index = np.full(n, -1, dtype=np.int64)
    rep_global = np.full(n, -1, dtype=np.int64)
    level_arr = np.zeros(n)
    segments: list[Segment] = []
    for i, (_, ph, s, r, gi, kind, a, b) in enumerate(pieces):
        lo, hi = int(bounds[i]), int(bounds[i + 1])
        if hi <= lo:
            continue
        phase[lo:hi] = ph
        set_index[lo:hi] = s
        rep_index[lo:hi] = r
        rep_global[lo:hi] = gi
        w = ease(np.arange(hi - lo) / (hi - lo))
        level_arr[lo:hi] = a + (b - a) * w
        if kind in ("enter", "exit", "away"):
            segments.append(Segment(kind, lo, hi))

    reps: list[RepPlan] = []
    side = np.empty(n, dtype="<U5")
    fault_ids = sorted(spec.faults)
    fault_mask = {f: np.zeros(n, dtype=bool) for f in fault_ids}
    fault_level = {f: np.zeros(n) for f in fault_ids}
    amp_arr = np.full(n, spec.rom)
    for s, r, gi, sd, hold, amp, faults, (first_piece, top_piece, last_piece) in rep_meta:
        start, end = int(bounds[first_piece]), int(bounds[last_piece + 1])
        top = int(bounds[top_piece])
        reps.append(RepPlan(s, r, gi, sd, start, top, end, hold, amp, faults))
        for f in faults:
            fault_mask[f][start:end] = True
            fault_level[f][start:end] = rng.uniform(0.0, 1.0)
        amp_arr[start:end] = amp
    # u: progress unscaled by amplitude, so fault deviations reach full size on short reps too.
    u = np.divide(level_arr, amp_arr, out=np.zeros(n), where=amp_arr > 0)
    u = np.where(rep_global >= 0, np.clip(u, 0.0, 1.0), level_arr)

    # Side per frame: each rep's side; frames between reps take the side of the next rep
    # (the body gets into position for it), the tail the last one.
    owner = np.full(n, -1, dtype=np.int64)
    for k, rp in enumerate(reps):
        owner[rp.start : rp.end] = k
    nxt = np.where(owner >= 0, owner, len(reps))
    nxt = np.minimum.accumulate(nxt[::-1])[::-1]
    nxt = np.where(nxt >= len(reps), len(reps) - 1, nxt)
    side_names = np.array([rp.side for rp in reps] or ["both"], dtype="<U5")
    side[:] = side_names[nxt]

    engaged = ((set_index >= 0) & (phase != int(Phase.REST))).astype(np.float64)
    return Timeline(
        fps=fps,
        t=t,
        phase=phase,
        set_index=set_index,
        rep_index=rep_index,
        rep_global=rep_global,
        side=side,
        p=level_arr,
        u=u,
        engaged=engaged,
        fault_mask=fault_mask,
        fault_level=fault_level,
        reps=tuple(reps),
        segments=tuple(segments),
    )

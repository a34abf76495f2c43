"""``analyze(sequence, exercise=None)``: the pure core of the coach.

PoseSequence -> kinematics (zero-phase filtered) -> exercise (given or recognised) -> view
check -> reps counted by the causal engine shared with the live coach -> each rep measured on
the smooth signal (top, hold, range, tempo) -> form faults -> sets -> SessionAnalysis. Where the
person turns round, each side of the turn goes through this on its own and the results are
joined (:mod:`hipcoach.analysis.parts`).

No I/O beyond reading the packaged exercise library (pass ``library=`` to avoid even that),
no globals; inputs and outputs pickle.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.engine import (
    CountingEngine,
    EngineRep,
    GateSettings,
    counting_direction,
)
from hipcoach.analysis.faults import check_rep, full_top, rules_for
from hipcoach.analysis.holds import RepTiming, fit_rep
from hipcoach.analysis.parts import MAX_PARTS, join_parts, split_at
from hipcoach.analysis.recognize import recognize
from hipcoach.analysis.rep_measure import measured_signal, rep_context, timing_window
from hipcoach.analysis.reps import CounterSettings
from hipcoach.analysis.results import (
    Rep,
    SessionAnalysis,
    SetResult,
    Signals,
)
from hipcoach.analysis.sets import RepSpan, SetRules, split_sets
from hipcoach.analysis.tempo import TEMPO_WEIGHT, usual_tempo
from hipcoach.analysis.view import SIDE_VIEW_ADVICE, check_view
from hipcoach.errors import EmptyVideoError, NoPersonError, UnknownIdError
from hipcoach.kinematics.facing import facing_turn, facing_votes
from hipcoach.kinematics.filters import CleanSettings
from hipcoach.kinematics.series import Kinematics, compute_kinematics
from hipcoach.library.models import Exercise, View
from hipcoach.library.registry import Library, load_library
from hipcoach.pose.types import PoseSequence

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class AnalysisSettings:
    """Every tunable of the analysis, with defaults that suit the library's exercises."""

    clean: CleanSettings = field(default_factory=CleanSettings)
    counter: CounterSettings = field(default_factory=CounterSettings)
    gate: GateSettings = field(default_factory=GateSettings)
    sets: SetRules = field(default_factory=SetRules)
    search_s: float = 6.0  # how far around a counted rep to look for its start and end
    tempo_weight: float = TEMPO_WEIGHT  # hold each rep's fit to the clip's tempo; 0: don't


def _resolve(exercise: Exercise | str, library: Library) -> Exercise:
    if isinstance(exercise, Exercise):
        return exercise
    try:
        return library.get(exercise)
    except UnknownIdError:
        raise
    except KeyError as exc:  # pragma: no cover - Library.get raises UnknownIdError
        raise UnknownIdError("exercise", exercise, library.ids()) from exc


def run_engine(
    sequence: PoseSequence, exercise: Exercise, settings: AnalysisSettings
) -> tuple[list[EngineRep], NDArray[np.bool_], int | None]:
    """Replay the live counting engine over a whole sequence: (reps, active mask, facing)."""
    engine = CountingEngine(
        exercise,
        sequence.width,
        sequence.height,
        counter=settings.counter,
        gate=settings.gate,
    )
    reps, active = engine.run(sequence)
    return reps, active, engine.facing


def analyze(
    sequence: PoseSequence,
    exercise: Exercise | str | None = None,
    settings: AnalysisSettings | None = None,
    *,
    library: Library | None = None,
) -> SessionAnalysis:
    """Analyse one clip of one person doing one exercise.

    >>> from hipcoach.pose.types import PoseSequence
    >>> analyze(PoseSequence.empty(3, width=640, height=360), "glute-bridge")
    Traceback (most recent call last):
    ...
    hipcoach.errors.NoPersonError: no person was found in any of the 3 frames
    Hint: film the whole body from the side in good light; check the file plays
    """
    settings = settings or AnalysisSettings()
    if len(sequence) == 0:
        raise EmptyVideoError("the clip has no frames", "check the file plays and is not empty")
    if not sequence.detected.any():
        raise NoPersonError(
            f"no person was found in any of the {len(sequence)} frames",
            "film the whole body from the side in good light; check the file plays",
        )
    lib = library or load_library()
    kin = compute_kinematics(sequence, clean=settings.clean)
    warnings: list[str] = []
    candidates: dict[str, float] = {}
    if exercise is None:
        rec = recognize(kin, lib)
        ex = lib.get(rec.exercise)
        confidence, candidates, recognized = rec.confidence, dict(rec.scores), True
        if rec.confidence < 0.5:
            warnings.append(
                f"not sure which exercise this is (best guess {ex.name}, "
                f"{rec.confidence:.0%}); name it to be certain"
            )
    else:
        ex = _resolve(exercise, lib)
        confidence, recognized = 1.0, False
    if ex.coach is None:
        raise UnknownIdError("coached exercise", ex.id, [e.id for e in lib if e.coach])
    head = _Head(ex, confidence, recognized, candidates, tuple(warnings))
    return _analyze_part(sequence, kin, head, settings)


@dataclass(frozen=True)
class _Head:
    """What holds for the whole clip, whatever its parts: the exercise and how it was found."""

    exercise: Exercise
    confidence: float
    recognized: bool
    candidates: dict[str, float]
    warnings: tuple[str, ...]


def _analyze_part(
    sequence: PoseSequence,
    kin: Kinematics,
    head: _Head,
    settings: AnalysisSettings,
    parts_left: int = MAX_PARTS - 1,
) -> SessionAnalysis:
    """Analyse a stretch of the clip in which the person faces one way; where they turn round,
    analyse each side of the turn on its own (up to ``parts_left`` more times) and join them."""
    ex = head.exercise
    coach = ex.coach
    assert coach is not None
    warnings = list(head.warnings)
    reps_raw, active, facing = run_engine(sequence, ex, settings)
    if facing is not None and facing != kin.facing:
        warnings.append("the facing direction was unclear at the start; angles may be mirrored")
        kin = compute_kinematics(sequence, clean=settings.clean, facing=facing)
    turn = facing_turn(kin.t, facing_votes(kin.points))
    if turn is not None:
        halves = split_at(sequence, turn) if parts_left > 0 else None
        if halves is not None:
            done = [
                _analyze_part(
                    half, compute_kinematics(half, clean=settings.clean), head, settings, left
                )
                for half, left in zip(halves, (0, parts_left - 1), strict=True)
            ]
            return join_parts(done, turn, sequence)
        warnings.append(
            f"you face the other way from {turn:.0f} s on, too briefly or too often to analyse "
            "that part on its own: reps after the turn may not be counted"
        )
    view = check_view(kin.points, coach.view, active if active.any() else None)
    if not view.suitable:
        warnings.append(f"the camera sees the person from the {view.view}; {SIDE_VIEW_ADVICE}")
    if not active.any():
        warnings.append(
            f"never saw a steady {coach.posture.value.replace('_', ' ')} position with the whole "
            "body in view: no reps counted"
        )

    top_start = counting_direction(ex) != (1 if coach.rep_direction == "increase" else -1)
    rules = rules_for(ex)
    timings: list[tuple[EngineRep, str, RepTiming]] = []
    windows: list[tuple[FloatArray, RepTiming, int, int]] = []
    for i, er in enumerate(reps_raw):
        side = kin.near_side if er.side == "both" else er.side
        y = measured_signal(kin, ex, side, both=er.side == "both")
        prev = reps_raw[i - 1] if i > 0 else None
        nxt = reps_raw[i + 1] if i + 1 < len(reps_raw) else None
        band, a, b = timing_window(
            kin, y, er, prev, nxt, top_start, settings.search_s, coach.fit_upper_frac
        )
        windows.append((y, band, a, b))
        timings.append((er, side, fit_rep(kin.t, y, band, a, b)))
    # Each rep fitted again, its rise and lowering held to the clip's usual ones (analysis.tempo).
    tempo = usual_tempo([tm for _, _, tm in timings], settings.tempo_weight)
    if tempo is not None:
        timings = [
            (er, side, fit_rep(kin.t, y, band, a, b, tempo, plain=tm))
            for (er, side, tm), (y, band, a, b) in zip(timings, windows, strict=True)
        ]

    # A rep that ends at the top may "end" only when the next one starts, rest included:
    # for splitting sets it ends when the top is reached.
    spans = [
        RepSpan(er.side, tm.start_t, tm.top_t if top_start else tm.end_t) for er, _, tm in timings
    ]
    roms: dict[str, list[float]] = {}
    peaks: dict[str, list[float]] = {}
    for _, side, tm in timings:
        roms.setdefault(side, []).append(tm.peak - tm.bottom)
        peaks.setdefault(side, []).append(tm.peak)
    typical = {side: float(np.nanmedian(v)) for side, v in roms.items()}
    typical_peak = {side: full_top(v) for side, v in peaks.items()}
    groups = split_sets(spans, kin.t, active, settings.sets)
    facing_word = "right" if kin.facing > 0 else "left"
    sets: list[SetResult] = []
    sign = 1.0 if coach.rep_direction == "increase" else -1.0
    for si, members in enumerate(groups):
        reps: list[Rep] = []
        for ri, k in enumerate(members):
            er, side, tm = timings[k]
            ctx = rep_context(kin, tm, side, si, ri, typical[side], typical_peak[side])
            hold = tm.hold_s
            if top_start and ri == len(members) - 1:
                # The set ends where the rep ends, at the top: its hold cannot be told apart
                # from resting there, so it is not measured (and not judged).
                hold = float("nan")
                ctx = replace(ctx, hold_s=hold)
            faults = check_rep(rules, ctx)
            hip = ctx.at_top("hip_extension")
            reps.append(
                Rep(
                    set_index=si,
                    index=ri,
                    side=er.side,
                    start_s=tm.start_t,
                    top_s=tm.top_t,
                    end_s=tm.end_t if np.isfinite(hold) else tm.top_t,
                    peak_deg=sign * tm.peak,
                    bottom_deg=sign * tm.bottom,
                    hold_s=hold,
                    up_s=tm.up_s,
                    down_s=tm.down_s if np.isfinite(hold) else float("nan"),
                    hip_peak_deg=hip,
                    faults=faults,
                )
            )
        rest = None if not sets else max(0.0, reps[0].start_s - sets[-1].end_s)
        sides = {r.side for r in reps}
        side_of_set = sides.pop() if len(sides) == 1 else "both"
        sets.append(SetResult(si, side_of_set, tuple(reps), rest, facing_word, kin.near_side))

    measured = sorted({kin.near_side if r.side == "both" else r.side for s in sets for r in s.reps})
    near = kin.near_side
    driving = measured_signal(kin, ex, near) * sign
    return SessionAnalysis(
        exercise=ex.id,
        exercise_confidence=head.confidence,
        recognized=head.recognized,
        view=view,
        facing=facing_word,
        near_side=near,
        measured_sides=tuple(measured),
        sets=tuple(sets),
        signals=Signals(
            t=kin.t,
            hip_l=kin.signals["hip_extension_l"],
            hip_r=kin.signals["hip_extension_r"],
            driving=driving,
            driving_name=f"{coach.driving_signal}_{near}",
            active=active,
        ),
        warnings=tuple(warnings),
        candidates=head.candidates,
        duration_s=sequence.duration_s,
        fps=sequence.fps,
    )


__all__ = ["AnalysisSettings", "View", "analyze", "run_engine"]

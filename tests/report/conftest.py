"""Fixtures for the report tests: a hand-made analysis (exact, no model, no analysis core) and
landmarks from the kinematic generator."""

from __future__ import annotations

import numpy as np
import pytest

from hipcoach.analysis.results import (
    FaultEvent,
    Rep,
    SessionAnalysis,
    SetResult,
    Signals,
    ViewCheck,
)
from hipcoach.pose.types import PoseSequence
from hipcoach.synth.kinematic import ClipSpec, generate

FPS = 30.0


def _rep(set_index: int, index: int, start: float, faults: tuple[FaultEvent, ...] = ()) -> Rep:
    return Rep(
        set_index=set_index,
        index=index,
        side="both",
        start_s=start,
        top_s=start + 1.0,
        end_s=start + 4.0,
        peak_deg=178.0 - 20.0 * bool(faults),
        bottom_deg=125.0,
        hold_s=2.0,
        up_s=1.0,
        down_s=1.0,
        hip_peak_deg=178.0,
        faults=faults,
    )


def make_analysis(duration_s: float = 30.0) -> SessionAnalysis:
    """Two sets (3 + 2 reps), one short rep in set 1, a missing stretch of landmarks."""
    t = np.arange(0.0, duration_s, 1.0 / FPS)
    hip = 150.0 + 25.0 * np.sin(2 * np.pi * t / 4.0)
    hip[(t > 20.0) & (t < 20.5)] = np.nan  # person briefly lost
    short = FaultEvent("short-rep", "min_peak", 6.0, 0, 1, "both", 158.0, 170.0, "Lift higher.")
    set1 = SetResult(0, "both", (_rep(0, 0, 1.0), _rep(0, 1, 5.0, (short,)), _rep(0, 2, 9.0)), None)
    set2 = SetResult(1, "both", (_rep(1, 0, 20.0), _rep(1, 1, 24.0)), 7.0)
    active = t > 0.8
    return SessionAnalysis(
        exercise="glute-bridge",
        exercise_confidence=0.9,
        recognized=True,
        view=ViewCheck("side", 0.1, True),
        facing="right",
        near_side="l",
        measured_sides=("l",),
        sets=(set1, set2),
        signals=Signals(t, hip, hip + 1.0, hip, "hip_extension_l", active),
        warnings=("a test warning",),
        duration_s=float(t[-1]),
        fps=FPS,
    )


@pytest.fixture
def analysis() -> SessionAnalysis:
    return make_analysis()


@pytest.fixture(scope="session")
def bridge_clip():  # type: ignore[no-untyped-def]
    """A synthetic glute-bridge clip: 2 sets of 4, the third rep short (labels included)."""
    return generate(
        ClipSpec(exercise="glute-bridge", sets=2, reps=4, seed=3, faults={"short-rep": (2,)})
    )


@pytest.fixture
def sequence(bridge_clip) -> PoseSequence:  # type: ignore[no-untyped-def]
    return bridge_clip.pose

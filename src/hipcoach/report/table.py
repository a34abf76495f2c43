"""The per-frame table behind ``angles.csv``, the ``.mot`` file and the angle plot.

One row per analysed frame: time, signed hip extension per side, knee extension per side, the
driving signal, whether counting was allowed, and which set, rep and phase the frame belongs to
(from the counted reps, so the table says what the coach decided, not what the truth was).

>>> from hipcoach.analysis.results import SessionAnalysis
>>> frame_table(SessionAnalysis.empty("glute-bridge")).n
0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.results import SessionAnalysis
from hipcoach.kinematics import Kinematics

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Phase words, in the order a rep goes through them; "rest" is any frame outside a rep.
PHASES = ("rest", "rising", "top", "lowering")

# Angle columns as (column name, description); the .mot file and the CSV use the same names.
ANGLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("hip_extension_l", "left hip, thigh to trunk (180 straight, >180 past straight)"),
    ("hip_extension_r", "right hip, thigh to trunk"),
    ("knee_extension_l", "left knee (180 straight)"),
    ("knee_extension_r", "right knee (180 straight)"),
    ("driving", "the signal reps are counted on"),
)


@dataclass(frozen=True, eq=False)
class FrameTable:
    """Columns of equal length ``n``.

    Attributes:
        t: seconds.
        angles: column name (see :data:`ANGLE_COLUMNS`) -> degrees (NaN where not measured).
        active: counting allowed (person in position and visible).
        set_index, rep_index: -1 outside a rep; rep_index counts within its set from 0.
        phase: index into :data:`PHASES`.
    """

    t: FloatArray
    angles: dict[str, FloatArray]
    active: NDArray[np.bool_]
    set_index: IntArray
    rep_index: IntArray
    phase: IntArray

    @property
    def n(self) -> int:
        return int(self.t.shape[0])

    def phase_names(self) -> list[str]:
        return [PHASES[i] for i in self.phase]


def _resample(src_t: FloatArray, values: FloatArray, t: FloatArray) -> FloatArray:
    """``values`` (on ``src_t``) at times ``t``; exact when the clocks agree, NaN-safe otherwise."""
    if src_t.shape == t.shape and np.allclose(src_t, t):
        return np.asarray(values, dtype=np.float64)
    out = np.full(t.shape, np.nan)
    if src_t.size == 0:
        return out
    # Nearest sample, not interpolation: an angle is never invented across a gap.
    idx = np.clip(np.searchsorted(src_t, t), 1, max(src_t.size - 1, 1))
    left = np.clip(idx - 1, 0, src_t.size - 1)
    right = np.clip(idx, 0, src_t.size - 1)
    pick = np.where(np.abs(src_t[left] - t) <= np.abs(src_t[right] - t), left, right)
    return np.asarray(values, dtype=np.float64)[pick]


def frame_table(analysis: SessionAnalysis, kinematics: Kinematics | None = None) -> FrameTable:
    """Build the table from an analysis (and the kinematics for the knee angles, if given).

    >>> from hipcoach.analysis.results import SessionAnalysis
    >>> table = frame_table(SessionAnalysis.empty("glute-bridge"))
    >>> sorted(table.angles)[:2]
    ['driving', 'hip_extension_l']
    """
    sig = analysis.signals
    t = np.asarray(sig.t, dtype=np.float64)
    n = t.shape[0]
    nan = np.full(n, np.nan)
    angles: dict[str, FloatArray] = {
        "hip_extension_l": np.asarray(sig.hip_l, dtype=np.float64) if sig.hip_l.size else nan,
        "hip_extension_r": np.asarray(sig.hip_r, dtype=np.float64) if sig.hip_r.size else nan,
        "knee_extension_l": nan.copy(),
        "knee_extension_r": nan.copy(),
        "driving": np.asarray(sig.driving, dtype=np.float64) if sig.driving.size else nan,
    }
    if kinematics is not None and n:
        for side in ("l", "r"):
            key = f"knee_extension_{side}"
            if key in kinematics.signals:
                angles[key] = _resample(kinematics.t, kinematics.signals[key], t)
    active = np.asarray(sig.active, dtype=bool) if sig.active.size == n else np.zeros(n, bool)
    set_index = np.full(n, -1, dtype=np.int64)
    rep_index = np.full(n, -1, dtype=np.int64)
    phase = np.zeros(n, dtype=np.int64)
    for rep in analysis.reps:
        inside = (t >= rep.start_s) & (t <= rep.end_s)
        set_index[inside] = rep.set_index
        rep_index[inside] = rep.index
        top_end = rep.top_s + max(rep.hold_s, 0.0)
        phase[inside & (t < rep.top_s)] = PHASES.index("rising")
        phase[inside & (t >= rep.top_s) & (t <= top_end)] = PHASES.index("top")
        phase[inside & (t > top_end)] = PHASES.index("lowering")
    return FrameTable(t, angles, active, set_index, rep_index, phase)

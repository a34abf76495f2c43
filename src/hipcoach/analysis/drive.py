"""The driving signal: what the rep counters follow, per side and for both sides together.

Which sides count (:func:`driving_sides`) and which way a rep goes (:func:`counting_direction`)
come from the exercise; the values come from the angle signals, with the image and world
estimates fused (:func:`fuse`) and the sides weighted by how clearly each is seen
(:func:`driving`). :class:`Biquad` is the causal low-pass the counters see the signal through.
The array steps are stateless and vectorised over frames (T may be 1), so the live coach and
offline analysis share them.

>>> lp = Biquad(1.5, 30.0)
>>> [round(lp(v), 6) for v in (10.0, 10.0)]
[10.0, 10.0]
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.gate import KEY_IDX
from hipcoach.kinematics.angles import signals_from_frame
from hipcoach.kinematics.points import SIDES, image_to_upright, point, to_exercise_frame
from hipcoach.library.models import Exercise, Laterality

FloatArray = NDArray[np.float64]


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


def driving(sig: dict[str, FloatArray], vis: FloatArray, name: str) -> dict[str, FloatArray]:
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


FUSED = ("hip_extension", "knee_flexion", "leg_excursion", "leg_swing")


def world_signals(wxy: FloatArray, facing: int) -> dict[str, FloatArray]:
    """Angles from world landmarks (x right, y down, metres) seen along the camera axis."""
    return signals_from_frame(to_exercise_frame(image_to_upright(wxy), facing))


def fuse(sig: dict[str, FloatArray], wsig: dict[str, FloatArray]) -> dict[str, FloatArray]:
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


def ankle_heights(frame: FloatArray) -> FloatArray:
    """(T, 3): left and right ankle heights (pixels, exercise frame) and the trunk length."""
    trunk = np.linalg.norm(point(frame, "mid_shoulder") - point(frame, "mid_hip"), axis=1)
    return np.stack([point(frame, "ankle", s)[:, 1] for s in SIDES] + [trunk], axis=1)


class Biquad:
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

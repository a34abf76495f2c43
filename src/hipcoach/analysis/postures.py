"""Start postures as data: per-frame features and the ranges that mean "in position".

The gate that allows counting asks whether the body is in the exercise's posture (on the back,
on all fours, standing with the hands forward ...) and not walking about. Each posture is a
table of feature ranges, so a new posture is a new entry, not new code.

Features (per frame, from exercise-frame points, lengths in trunk lengths):
    trunk: trunk angle in [0, 360) (standing 90, on the back about 180, face down about 0/360)
    hands_forward: wrists ahead of the shoulders
    shin_tilt: mean of both shins' angle to the vertical (kneeling: near 90)
    speed: horizontal speed of the hips, trunk lengths per second (walking is about 2)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipcoach.kinematics.points import point
from hipcoach.library.models import Posture

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class FeatureRange:
    lo: float
    hi: float
    wrap: bool = False  # an angle range that may cross 0/360 (lo > hi)

    def contains(self, x: FloatArray) -> NDArray[np.bool_]:
        with np.errstate(invalid="ignore"):
            if self.wrap:
                inside = (x >= self.lo) | (x <= self.hi)
            else:
                inside = (x >= self.lo) & (x <= self.hi)
        return np.asarray(inside & np.isfinite(x), dtype=bool)


STILL = FeatureRange(0.0, 1.0)  # walking is about 2 trunk lengths a second

POSTURE_GATES: dict[Posture, dict[str, FeatureRange]] = {
    Posture.SUPINE: {"trunk": FeatureRange(140, 250), "speed": STILL},
    Posture.SHOULDERS_ON_BENCH: {"trunk": FeatureRange(115, 245), "speed": STILL},
    Posture.SUPINE_LEGS_ON_BALL: {"trunk": FeatureRange(140, 250), "speed": STILL},
    Posture.QUADRUPED: {"trunk": FeatureRange(315, 45, wrap=True), "speed": STILL},
    Posture.PRONE_ON_BALL: {"trunk": FeatureRange(280, 40, wrap=True), "speed": STILL},
    Posture.STANDING_AT_WALL: {
        "trunk": FeatureRange(35, 125),
        # Low: a kickback faked by tipping the trunk towards the wall brings the shoulders
        # nearly over the hands (0.3 trunk lengths on a rendered clip); it must still count.
        "hands_forward": FeatureRange(0.15, 5.0),
        "speed": STILL,
    },
    Posture.STANDING_AT_BOX: {"trunk": FeatureRange(35, 135), "speed": STILL},
    Posture.KNEELING: {
        "trunk": FeatureRange(20, 150),
        "shin_tilt": FeatureRange(50, 90),
        "speed": STILL,
    },
}


def frame_features(points: FloatArray, scale: float) -> dict[str, FloatArray]:
    """Per-frame posture features from exercise-frame points (T, 33, 2); no speed.

    >>> p = np.zeros((1, 33, 2)); p[0, [11, 12]] = (0, 1)
    >>> float(frame_features(p, 1.0)["trunk"][0])
    90.0
    """
    trunk = point(points, "mid_shoulder") - point(points, "mid_hip")
    ang = np.mod(np.degrees(np.arctan2(trunk[:, 1], trunk[:, 0])), 360.0)
    wr = 0.5 * (point(points, "wrist", "l") + point(points, "wrist", "r"))
    hands = (wr[:, 0] - point(points, "mid_shoulder")[:, 0]) / scale
    tilts = []
    for s in ("l", "r"):
        shin = point(points, "ankle", s) - point(points, "knee", s)
        tilts.append(np.degrees(np.arctan2(np.abs(shin[:, 0]), np.abs(shin[:, 1]))))
    return {"trunk": ang, "hands_forward": hands, "shin_tilt": 0.5 * (tilts[0] + tilts[1])}


def in_posture(features: dict[str, FloatArray], posture: Posture) -> NDArray[np.bool_]:
    """(T,) True where every feature of the posture's gate is in range (unknown postures: all)."""
    gate = POSTURE_GATES.get(posture, {"speed": STILL})
    n = len(next(iter(features.values())))
    ok = np.ones(n, dtype=bool)
    for name, rng in gate.items():
        if name in features:
            ok &= rng.contains(np.asarray(features[name], dtype=np.float64))
    return ok

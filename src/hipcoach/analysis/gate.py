"""The gate: whether a frame may count.

A frame counts once a person is present and visible, inside the picture, in the exercise's
posture and not walking about, and has been so for long enough (:class:`Settle`). The per-frame
test (:func:`frame_ok`) is stateless and vectorised over frames; the hip speed and the settling
time are causal state machines that the live coach and offline analysis both step frame by frame.

>>> Settle(settle_s=0.5, grace_s=0.2).update(0.0, True)
False
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.postures import frame_features, in_posture
from hipcoach.kinematics.points import SIDES, point
from hipcoach.library.models import Posture
from hipcoach.pose.landmarks import SIDE_JOINTS

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


def frame_ok(
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


class HipSpeed:
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


class Settle:
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

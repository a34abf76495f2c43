"""Which of the library's exercises a clip shows: a nearest-centroid classifier on posture and
movement features, all named and stored as data.

The features (:data:`FEATURES`) are medians over the frames where the person is not walking
about, so walking in and getting into position barely move them. The centroids and feature
scales live in ``data/recognition.json``; ``benchmarks/fit_recognizer.py`` refits them from
generated clips. The confidence is a softmax over the negative squared distances.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from hipcoach.kinematics.points import point
from hipcoach.kinematics.series import Kinematics
from hipcoach.library.registry import Library

FloatArray = NDArray[np.float64]

# name -> what it measures (exercise frame, lengths in trunk lengths)
FEATURES: dict[str, str] = {
    "trunk_cos": "cosine of the trunk angle (1 face down, -1 on the back)",
    "trunk_sin": "sine of the trunk angle (1 upright)",
    "shin_tilt": "shins' angle to the vertical, degrees / 90",
    "knee_flexion": "knee bend, degrees / 90",
    "knee_range": "range of knee bend over the clip, degrees / 90",
    "hip_range": "range of hip extension over the clip, degrees / 90",
    "hip_height": "hips above the lower ankle",
    "shoulder_height": "shoulders above the lower ankle",
    "wrist_forward": "wrists ahead of the shoulders",
    "wrist_height": "wrists above the shoulders",
    "leg_sync": "correlation of the two hips' movement (1 both legs together)",
}


@dataclass(frozen=True)
class Recognition:
    """The recognised exercise, a confidence in [0, 1], and every candidate's score."""

    exercise: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)
    features: dict[str, float] = field(default_factory=dict)


def _quiet_median(x: FloatArray) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(np.nanmedian(x)) if np.isfinite(x).any() else 0.0


def _range(x: FloatArray) -> float:
    x = x[np.isfinite(x)]
    return float(np.percentile(x, 95) - np.percentile(x, 5)) if x.size > 10 else 0.0


def clip_features(kin: Kinematics) -> dict[str, float]:
    """The :data:`FEATURES` of one clip."""
    p = kin.points
    scale = kin.scale if np.isfinite(kin.scale) and kin.scale > 0 else 1.0
    hip = point(p, "mid_hip")
    sh = point(p, "mid_shoulder")
    dt = np.gradient(kin.t) if len(kin.t) > 1 else np.ones(len(kin.t))
    speed = np.abs(np.gradient(hip[:, 0])) / np.where(dt > 0, dt, 1.0) / scale
    still = np.isfinite(speed) & (speed < 1.0)
    if still.sum() < 10:
        still = np.isfinite(hip[:, 0])

    def med(x: FloatArray) -> float:
        return _quiet_median(np.asarray(x)[still])

    sig = kin.signals
    trunk = np.radians(sig["trunk"])
    ankle_y = np.fmin(point(p, "ankle", "l")[:, 1], point(p, "ankle", "r")[:, 1])
    wrist = 0.5 * (point(p, "wrist", "l") + point(p, "wrist", "r"))
    knee = 0.5 * (sig["knee_flexion_l"] + sig["knee_flexion_r"])
    shin = 0.5 * (sig["shin_to_vertical_l"] + sig["shin_to_vertical_r"])
    hl, hr = sig["hip_extension_l"][still], sig["hip_extension_r"][still]
    ok = np.isfinite(hl) & np.isfinite(hr)
    sync = 0.0
    if ok.sum() > 10 and np.std(hl[ok]) > 1e-6 and np.std(hr[ok]) > 1e-6:
        sync = float(np.corrcoef(hl[ok], hr[ok])[0, 1])
    return {
        "trunk_cos": med(np.cos(trunk)),
        "trunk_sin": med(np.sin(trunk)),
        "shin_tilt": med(shin) / 90.0,
        "knee_flexion": med(knee) / 90.0,
        "knee_range": _range(knee[still]) / 90.0,
        "hip_range": max(_range(hl), _range(hr)) / 90.0,
        "hip_height": med((hip[:, 1] - ankle_y) / scale),
        "shoulder_height": med((sh[:, 1] - ankle_y) / scale),
        "wrist_forward": med((wrist[:, 0] - sh[:, 0]) / scale),
        "wrist_height": med((wrist[:, 1] - sh[:, 1]) / scale),
        "leg_sync": sync,
    }


@lru_cache(maxsize=1)
def load_model() -> dict[str, object]:
    """The fitted centroids and scales (``data/recognition.json``)."""
    text = (resources.files("hipcoach.analysis") / "data" / "recognition.json").read_text()
    return dict(json.loads(text))


def recognize(
    kin: Kinematics, library: Library, model: dict[str, object] | None = None
) -> Recognition:
    """Recognise the exercise among the library's coached exercises that the model knows.

    >>> from hipcoach.library.registry import load_library
    >>> from hipcoach.pose.types import PoseSequence
    >>> from hipcoach.kinematics import compute_kinematics
    >>> r = recognize(compute_kinematics(PoseSequence.empty(3, width=64, height=64)), load_library())
    >>> 0.0 <= r.confidence <= 1.0
    True
    """
    m = model or load_model()
    centroids: dict[str, dict[str, float]] = m["centroids"]  # type: ignore[assignment]
    scales: dict[str, float] = m["scales"]  # type: ignore[assignment]
    known = {e.id for e in library if e.coach is not None}
    feats = clip_features(kin)
    d2 = {}
    for ex, c in centroids.items():
        if ex not in known:
            continue
        d2[ex] = sum(((feats[k] - c[k]) / scales[k]) ** 2 for k in FEATURES if k in c)
    if not d2:
        return Recognition("", 0.0, {}, feats)
    best = min(d2, key=lambda k: d2[k])
    lo = d2[best]
    w = {k: float(np.exp(-0.5 * (v - lo))) for k, v in d2.items()}
    total = sum(w.values())
    scores = {k: round(v / total, 4) for k, v in sorted(w.items(), key=lambda kv: -kv[1])}
    return Recognition(best, scores[best], scores, feats)

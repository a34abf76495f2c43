"""Camera view check: side, front or oblique, from how wide the body looks.

Seen from the side, the two shoulders and the two hips overlap in the image; seen from the
front they are as far apart as the body is wide. The ratio of the apparent shoulder and hip
widths to the trunk length tells the views apart without knowing the body's size.
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.results import ViewCheck
from hipcoach.kinematics.points import point
from hipcoach.library.models import View

FloatArray = NDArray[np.float64]

SIDE_MAX_RATIO = 0.3  # a camera up to ~40 degrees off the side still reads as side
FRONT_MIN_RATIO = 0.7

SIDE_VIEW_ADVICE = (
    "this exercise is measured from the side: film from the side, at hip height, 2-3 m away, "
    "with the whole body in the picture"
)


def width_ratio(points: FloatArray, frames: NDArray[np.bool_] | None = None) -> float:
    """Median apparent (shoulder + hip width) / (2 x trunk length) over the chosen frames."""
    sh = np.linalg.norm(point(points, "shoulder", "l") - point(points, "shoulder", "r"), axis=1)
    hp = np.linalg.norm(point(points, "hip", "l") - point(points, "hip", "r"), axis=1)
    trunk = np.linalg.norm(point(points, "mid_shoulder") - point(points, "mid_hip"), axis=1)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ratio = (sh + hp) / (2.0 * trunk)
        if frames is not None:
            ratio = ratio[frames]
        return float(np.nanmedian(ratio)) if np.isfinite(ratio).any() else float("nan")


def check_view(
    points: FloatArray, needed: View = View.SIDE, frames: NDArray[np.bool_] | None = None
) -> ViewCheck:
    """Classify the camera view and say whether it suits an exercise that needs ``needed``.

    >>> from hipcoach.pose.landmarks import Landmark as L
    >>> p = np.zeros((1, 33, 2)); p[0, [L.LEFT_SHOULDER, L.RIGHT_SHOULDER]] = (0, 50)
    >>> check_view(p).view
    'side'
    """
    ratio = width_ratio(points, frames)
    if not np.isfinite(ratio):
        view = "unknown"
    elif ratio <= SIDE_MAX_RATIO:
        view = "side"
    elif ratio >= FRONT_MIN_RATIO:
        view = "front"
    else:
        view = "oblique"
    suitable = needed is View.ANY or view == needed.value or view == "unknown"
    return ViewCheck(view=view, width_ratio=ratio, suitable=suitable)

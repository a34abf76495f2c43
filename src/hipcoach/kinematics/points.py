"""Named body points from landmark arrays, and the exercise frame they are measured in.

The *exercise frame* is the sagittal plane seen from the side with the person's front (the way
they would face standing up) along +x and up along +y. Mapping image pixels into it needs only
the facing sign (+1 when the person's front is towards image right), which is what makes every
angle independent of which way the person faces.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hipcoach.pose.landmarks import SIDE_JOINTS, Landmark

FloatArray = NDArray[np.float64]

SIDES = ("l", "r")
SIDE_NAMES = {"l": "left", "r": "right"}

# Midpoints used for the trunk and the head; everything else is a single landmark per side.
MIDPOINTS: dict[str, tuple[int, int]] = {
    "mid_hip": (Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
    "mid_shoulder": (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER),
    "mid_ear": (Landmark.LEFT_EAR, Landmark.RIGHT_EAR),
}


def point(xy: FloatArray, name: str, side: str | None = None) -> FloatArray:
    """(T, D) track of one named point: ``"mid_hip"``, or ``"knee"`` with side ``"l"``/``"r"``.

    >>> xy = np.zeros((2, 33, 2)); xy[:, 23] = 1.0; xy[:, 24] = 3.0
    >>> point(xy, "mid_hip")[0].tolist()
    [2.0, 2.0]
    """
    if name in MIDPOINTS:
        a, b = MIDPOINTS[name]
        return np.asarray(0.5 * (xy[:, a] + xy[:, b]), dtype=np.float64)
    if name == "nose":
        return np.asarray(xy[:, Landmark.NOSE], dtype=np.float64)
    if side is None:
        raise ValueError(f"point {name!r} needs a side ('l' or 'r')")
    return np.asarray(xy[:, SIDE_JOINTS[SIDE_NAMES[side]][name]], dtype=np.float64)


def image_to_upright(pixels: FloatArray) -> FloatArray:
    """Pixels (x right, y down) -> x right, y up, so angles read counter-clockwise."""
    out = np.array(pixels[..., :2], dtype=np.float64)
    out[..., 1] *= -1.0
    return out


def to_exercise_frame(upright: FloatArray, facing: int) -> FloatArray:
    """Mirror x when the person faces image left, so their front is always +x."""
    out = np.array(upright, dtype=np.float64)
    out[..., 0] *= float(facing)
    return out


def sagittal_from_world(world: FloatArray) -> FloatArray:
    """Project BlazePose world landmarks (metres, x right, y down) onto the sagittal plane.

    The plane's normal is the clip's median left-right axis (hips and shoulders), so a camera
    a little off the side does not shrink the angles. Returns (T, 33, 2), x right, y up, in
    camera orientation (apply the facing sign afterwards).
    """
    lat = (world[:, Landmark.LEFT_HIP] - world[:, Landmark.RIGHT_HIP]) + (
        world[:, Landmark.LEFT_SHOULDER] - world[:, Landmark.RIGHT_SHOULDER]
    )
    norms = np.linalg.norm(lat, axis=1, keepdims=True)
    ok = np.isfinite(norms[:, 0]) & (norms[:, 0] > 1e-6)
    up0 = np.array([0.0, -1.0, 0.0])
    ex = np.array([1.0, 0.0, 0.0])
    if ok.any():
        unit = lat[ok] / norms[ok]
        # Left/right labels can swap between frames; the plane only needs the axis, not its sign.
        ref = unit[0]
        unit = unit * np.sign(unit @ ref)[:, None]
        axis = np.median(unit, axis=0)
        axis /= max(float(np.linalg.norm(axis)), 1e-9)
    else:
        axis = np.array([0.0, 0.0, 1.0])
    up = up0 - (up0 @ axis) * axis
    if np.linalg.norm(up) < 1e-6:
        return image_to_upright(world[..., :2] * np.array([1.0, 1.0]))
    up /= np.linalg.norm(up)
    fwd = ex - (ex @ axis) * axis - (ex @ up) * up
    if np.linalg.norm(fwd) < 0.3:  # seen from the front: no usable sagittal plane
        fwd = np.cross(up, axis)
        fwd *= np.sign(fwd @ ex) or 1.0
    fwd /= np.linalg.norm(fwd)
    return np.stack([world @ fwd, world @ up], axis=-1)

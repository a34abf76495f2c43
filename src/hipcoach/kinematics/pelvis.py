"""Pelvis roll seen from the side: one hip lifted above the other, from three views of it.

Filmed from the side the two hip landmarks nearly coincide; a pelvis that rolls open lifts one
hip and drops the other by half the hip width x sin(roll). Each estimate below reads that lift
from a different source, so their errors are independent enough to be weighed against each
other per rep (see :class:`hipcoach.analysis.fault_rules.HipRotation`):

- ``pelvis_roll_near``: the near hip's height against the near shoulder (the trunk line), image.
  Only near-side landmarks, which the pose model places best.
- ``pelvis_roll_far``: the far hip against the far shoulder, image. Two to three times noisier.
- ``pelvis_roll_world``: the two hips' height difference in the world landmarks. BlazePose puts
  the world origin half way between the hips, so this carries the far hip's error too.

All in degrees, positive when the person's left hip is the higher one. The image readings carry
the trunk's tilt as a large offset, and every reading a pose-dependent bias: only changes
within a rep mean anything.

>>> frame = np.zeros((2, 33, 2)); frame[:, 23, 1] = 1.75  # left hip 1.75 px up, trunk 100 px
>>> world = np.zeros((2, 33, 3)); world[:, 23, 2] = 0.15; world[:, 24, 2] = -0.15
>>> world[:, [11, 12], 0] = 0.3 / 0.35  # hips 0.3 m apart: 0.35 trunk lengths
>>> roll = pelvis_roll_sources(frame, 100.0, world, "l")
>>> round(float(roll["pelvis_roll_near"][0]), 1), abs(round(float(roll["pelvis_roll_world"][0]), 1))
(5.7, 0.0)
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray

from hipcoach.pose.landmarks import Landmark

FloatArray = NDArray[np.float64]

HIP_TO_TRUNK = 0.35  # hip width over trunk length, a typical adult's: used without world data
HIP_TO_TRUNK_RANGE = (0.2, 0.6)  # measured ratios outside this are the pose model's, not a body's

_HIP = {"l": Landmark.LEFT_HIP, "r": Landmark.RIGHT_HIP}
_SHOULDER = {"l": Landmark.LEFT_SHOULDER, "r": Landmark.RIGHT_SHOULDER}


def _median(x: FloatArray) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(np.nanmedian(x)) if np.isfinite(x).any() else float("nan")


def _degrees(sin_roll: FloatArray) -> FloatArray:
    return np.asarray(np.degrees(np.arcsin(np.clip(sin_roll, -1.0, 1.0))), dtype=np.float64)


def hip_width_ratio(world: FloatArray) -> float:
    """Hip width over trunk length, measured on the world landmarks over the clip."""
    hips = np.linalg.norm(world[:, _HIP["l"]] - world[:, _HIP["r"]], axis=1)
    mid_sh = 0.5 * (world[:, _SHOULDER["l"]] + world[:, _SHOULDER["r"]])
    mid_hip = 0.5 * (world[:, _HIP["l"]] + world[:, _HIP["r"]])
    width, trunk = _median(hips), _median(np.linalg.norm(mid_sh - mid_hip, axis=1))
    if not (np.isfinite(width) and np.isfinite(trunk) and trunk > 0):
        return HIP_TO_TRUNK
    ratio = width / trunk
    return float(np.clip(ratio, *HIP_TO_TRUNK_RANGE))


def pelvis_roll_sources(
    frame: FloatArray, scale: float, world: FloatArray, near: str
) -> dict[str, FloatArray]:
    """Three per-frame pelvis-roll estimates (degrees, + = left hip higher); see the module.

    Args:
        frame: (T, 33, 2) landmarks in the exercise frame (up = +y), pixels.
        scale: trunk length in pixels.
        world: (T, 33, 3) world landmarks (metres, y down), NaN where missing.
        near: the side nearer the camera, "l" or "r".
    """
    far = "r" if near == "l" else "l"
    ratio = hip_width_ratio(world)
    # Which way a lift of each hip turns the pelvis: lifting the left hip is a positive roll.
    up = {"l": 1.0, "r": -1.0}
    out: dict[str, FloatArray] = {}
    for name, side in (("pelvis_roll_near", near), ("pelvis_roll_far", far)):
        lift = (frame[:, _HIP[side], 1] - frame[:, _SHOULDER[side], 1]) / scale
        # The hip sits below or above its shoulder by the trunk's tilt, far beyond what a roll
        # adds: no arcsin here (it would saturate); for the changes that matter, lift over half
        # the hip width in radians is the roll to within a few percent up to 25 degrees.
        out[name] = np.asarray(np.degrees(up[side] * lift / (0.5 * ratio)), dtype=np.float64)
    width = _median(np.linalg.norm(world[:, _HIP["l"]] - world[:, _HIP["r"]], axis=1))
    if not (np.isfinite(width) and width > 0):
        out["pelvis_roll_world"] = np.full(frame.shape[0], np.nan)
        return out
    lift_w = -(world[:, _HIP["l"], 1] - world[:, _HIP["r"], 1]) / width  # world y is down
    out["pelvis_roll_world"] = _degrees(lift_w)
    return out

"""Forward kinematics: a :class:`Motion`'s segment angles -> 3-D joint positions, both sides.

The motion is planar (sagittal angles) with a few out-of-plane terms: half the hip and shoulder
widths to each side, hip abduction, and pelvis roll and yaw (a hip rotating open in a sloppy
quadruped kickback). Frame: x forward, y the person's left, z up, metres, floor at z = 0.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hipcoach.synth.motion import BodyDims

FloatArray = NDArray[np.float64]
Joints = dict[str, FloatArray]

SIDES = {"l": 1.0, "r": -1.0}  # +y is the person's left


def _dir(deg: FloatArray, abduction: FloatArray | float = 0.0, sign: float = 1.0) -> FloatArray:
    """(T, 3) unit vectors: sagittal angle ``deg``, tilted ``abduction`` degrees outwards."""
    a = np.radians(np.asarray(deg, dtype=np.float64))
    b = np.radians(np.broadcast_to(np.asarray(abduction, dtype=np.float64), a.shape))
    return np.stack([np.cos(a) * np.cos(b), sign * np.sin(b), np.sin(a) * np.cos(b)], axis=-1)


def forward_kinematics(body: BodyDims, pelvis: FloatArray, angles: dict[str, FloatArray]) -> Joints:
    """Joint positions (T, 3) keyed ``mid_hip``, ``mid_shoulder``, ``head_top`` and, per side
    with an ``_l``/``_r`` suffix, ``hip knee ankle heel toe shoulder elbow wrist``.

    >>> import numpy as np
    >>> from hipcoach.synth.kinematic.exercises.base import ANGLE_KEYS
    >>> ang = {k: np.zeros(1) for k in ANGLE_KEYS}
    >>> ang.update(trunk=np.full(1, 90.0), thigh_l=np.full(1, -90.0), shin_l=np.full(1, -90.0))
    >>> j = forward_kinematics(BodyDims(), np.array([[0.0, 0.0, 0.93]]), ang)
    >>> round(float(j["ankle_l"][0, 2]), 2)
    0.08
    """
    n = pelvis.shape[0]
    roll = np.radians(angles.get("pelvis_roll", np.zeros(n)))
    yaw = np.radians(angles.get("pelvis_yaw", np.zeros(n)))
    # The pelvis's left-pointing axis after roll (about x) then yaw (about z).
    lat = np.stack([-np.sin(yaw) * np.cos(roll), np.cos(yaw) * np.cos(roll), np.sin(roll)], axis=-1)
    y = np.array([0.0, 1.0, 0.0])
    s = body.height / 1.72
    j: Joints = {"mid_hip": pelvis}
    ms = pelvis + body.trunk * _dir(angles["trunk"])
    j["mid_shoulder"] = ms
    j["head_top"] = ms + body.head * _dir(angles["head"])
    for x, sign in SIDES.items():
        hip = pelvis + sign * 0.5 * body.hip_width * lat
        abd = angles.get(f"hip_abduction_{x}", np.zeros(n))
        knee = hip + body.thigh * _dir(angles[f"thigh_{x}"], abd, sign)
        ankle = knee + body.shin * _dir(angles[f"shin_{x}"], abd, sign)
        foot = angles[f"foot_{x}"]
        j[f"hip_{x}"] = hip
        j[f"knee_{x}"] = knee
        j[f"ankle_{x}"] = ankle
        j[f"toe_{x}"] = ankle + body.foot * _dir(foot, abd, sign)
        # The heel sits behind and below the ankle, whatever the foot's angle.
        j[f"heel_{x}"] = ankle + 0.065 * s * _dir(np.asarray(foot) - 125.0, abd, sign)
        sh = ms + sign * 0.5 * body.shoulder_width * y
        elbow = sh + body.upperarm * _dir(angles[f"upperarm_{x}"])
        j[f"shoulder_{x}"] = sh
        j[f"elbow_{x}"] = elbow
        j[f"wrist_{x}"] = elbow + body.forearm * _dir(angles[f"forearm_{x}"])
    return j

"""3-D joints -> BlazePose's 33 landmarks (face points from the head, hand and foot points).

BlazePose's "hip" is not the anatomical joint centre, and its face points sit on the skin; this
model places them where the detector tends to, close enough for counting and angle tests.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hipcoach.pose.landmarks import NUM_LANDMARKS, Landmark
from hipcoach.synth.kinematic.skeleton import Joints
from hipcoach.synth.motion import BodyDims

FloatArray = NDArray[np.float64]

L = Landmark
FLOOR_CLEARANCE_M = 0.01

# (landmark, fraction of the head segment up from the shoulders, forward offset m, left offset m)
_FACE = (
    (L.NOSE, 0.68, 0.11, 0.0),
    (L.LEFT_EYE_INNER, 0.78, 0.09, 0.015),
    (L.LEFT_EYE, 0.78, 0.085, 0.032),
    (L.LEFT_EYE_OUTER, 0.78, 0.075, 0.048),
    (L.RIGHT_EYE_INNER, 0.78, 0.09, -0.015),
    (L.RIGHT_EYE, 0.78, 0.085, -0.032),
    (L.RIGHT_EYE_OUTER, 0.78, 0.075, -0.048),
    (L.LEFT_EAR, 0.72, -0.005, 0.075),
    (L.RIGHT_EAR, 0.72, -0.005, -0.075),
    (L.MOUTH_LEFT, 0.58, 0.095, 0.025),
    (L.MOUTH_RIGHT, 0.58, 0.095, -0.025),
)

_BODY = {
    L.LEFT_SHOULDER: "shoulder_l",
    L.RIGHT_SHOULDER: "shoulder_r",
    L.LEFT_ELBOW: "elbow_l",
    L.RIGHT_ELBOW: "elbow_r",
    L.LEFT_WRIST: "wrist_l",
    L.RIGHT_WRIST: "wrist_r",
    L.LEFT_HIP: "hip_l",
    L.RIGHT_HIP: "hip_r",
    L.LEFT_KNEE: "knee_l",
    L.RIGHT_KNEE: "knee_r",
    L.LEFT_ANKLE: "ankle_l",
    L.RIGHT_ANKLE: "ankle_r",
    L.LEFT_HEEL: "heel_l",
    L.RIGHT_HEEL: "heel_r",
    L.LEFT_FOOT_INDEX: "toe_l",
    L.RIGHT_FOOT_INDEX: "toe_r",
}

# Which landmarks belong to which side; face points too, for near/far-side noise.
LEFT_LANDMARKS = np.array([i for i in range(NUM_LANDMARKS) if "LEFT" in L(i).name])
RIGHT_LANDMARKS = np.array([i for i in range(NUM_LANDMARKS) if "RIGHT" in L(i).name])


def _unit(v: FloatArray) -> FloatArray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-9)


def _hand_direction(wrist: FloatArray, forearm: FloatArray, length: float) -> FloatArray:
    """The forearm's direction, laid flat (fingers forward) where it would enter the floor."""
    tip_z = wrist[:, 2] + length * forearm[:, 2]
    low = tip_z < FLOOR_CLEARANCE_M
    if not low.any():
        return forearm
    dz = np.clip((FLOOR_CLEARANCE_M - wrist[:, 2]) / length, -1.0, 1.0)
    ahead = np.where(np.abs(forearm[:, 0]) < 0.2, 1.0, np.sign(forearm[:, 0]))
    flat = np.stack([ahead * np.sqrt(1 - dz**2), np.zeros_like(dz), dz], axis=-1)
    return np.where(low[:, None], flat, forearm)


def landmarks_from_joints(joints: Joints, body: BodyDims) -> FloatArray:
    """(T, 33, 3) landmark positions in the motion frame (metres, floor at z = 0).

    >>> import numpy as np
    >>> from hipcoach.synth.kinematic.exercises.base import ANGLE_KEYS
    >>> from hipcoach.synth.kinematic.skeleton import forward_kinematics
    >>> ang = {k: np.full(1, -90.0) for k in ANGLE_KEYS}
    >>> ang.update(trunk=np.full(1, 90.0), head=np.full(1, 90.0))
    >>> lm = landmarks_from_joints(forward_kinematics(BodyDims(), np.zeros((1, 3)), ang), BodyDims())
    >>> bool(lm[0, 0, 0] > 0)  # the nose is in front (+x) of a person standing facing +x
    True
    """
    s = body.height / 1.72
    n = joints["mid_hip"].shape[0]
    out = np.empty((n, NUM_LANDMARKS, 3))
    for lm, name in _BODY.items():
        out[:, lm] = joints[name]
    ms = joints["mid_shoulder"]
    up = _unit(joints["head_top"] - ms)
    left = np.broadcast_to(np.array([0.0, 1.0, 0.0]), up.shape)
    # Face forward = the head axis turned 90 degrees towards the front (about the left axis).
    fwd = _unit(np.cross(left, up))
    for lm, frac, f, lat in _FACE:
        out[:, lm] = ms + frac * body.head * up + s * (f * fwd + lat * left)
    for x, sign, pinky, index, thumb in (
        ("l", 1.0, L.LEFT_PINKY, L.LEFT_INDEX, L.LEFT_THUMB),
        ("r", -1.0, L.RIGHT_PINKY, L.RIGHT_INDEX, L.RIGHT_THUMB),
    ):
        wrist = joints[f"wrist_{x}"]
        hand = _hand_direction(wrist, _unit(wrist - joints[f"elbow_{x}"]), 0.085 * s)
        out[:, pinky] = wrist + s * (0.075 * hand + sign * 0.02 * left)
        out[:, index] = wrist + s * (0.085 * hand - sign * 0.005 * left)
        out[:, thumb] = wrist + s * (0.05 * hand - sign * 0.025 * left)
    return out

"""Ground truth from the posed body: BlazePose's 33 landmarks, projected pixels, signed angles.

Joints are anny bone heads; face, heel and toe-tip points are mesh vertices picked once on the
rest mesh, so every landmark moves with the rendered skin or skeleton and nothing comes from the
stick figure of the kinematic generator.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hipcoach.pose.landmarks import NUM_LANDMARKS, Landmark
from hipcoach.synth.render.body import PosedBody

FloatArray = NDArray[np.float64]
L = Landmark

_FROM_JOINT = {
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
    L.LEFT_PINKY: "pinky_l",
    L.RIGHT_PINKY: "pinky_r",
    L.LEFT_INDEX: "index_l",
    L.RIGHT_INDEX: "index_r",
    L.LEFT_THUMB: "thumb_l",
    L.RIGHT_THUMB: "thumb_r",
    L.LEFT_EYE: "eye_l",
    L.RIGHT_EYE: "eye_r",
}


def pick_vertices(rest: FloatArray, dominant_bone: list[str]) -> dict[Landmark, int]:
    """Vertex indices for the skin landmarks, chosen on the rest mesh (motion frame: x forward,
    y left, z up): nose tip, eye corners, ears, mouth corners, heels and big-toe tips."""
    bones = np.array(dominant_bone)
    head = np.flatnonzero(np.char.startswith(bones, "head"))
    hv = rest[head]
    out: dict[Landmark, int] = {}
    near_mid = np.abs(hv[:, 1]) < 0.01
    out[L.NOSE] = int(head[near_mid][np.argmax(hv[near_mid, 0])])
    nose = rest[out[L.NOSE]]
    for side, sign in (("LEFT", 1.0), ("RIGHT", -1.0)):
        # Ear: the most lateral head point near nose height; mouth corner: in front, below.
        band = np.abs(hv[:, 2] - (nose[2] + 0.01)) < 0.02
        out[Landmark[f"{side}_EAR"]] = int(head[band][np.argmax(sign * hv[band, 1])])
        mouth = (np.abs(hv[:, 2] - (nose[2] - 0.04)) < 0.01) & (
            np.abs(hv[:, 1] - sign * 0.022) < 0.008
        )
        cand = head[mouth] if mouth.any() else head
        out[Landmark[f"MOUTH_{side}"]] = int(cand[np.argmax(rest[cand, 0])])
        foot = np.flatnonzero(np.char.startswith(bones, "foot") & np.char.endswith(bones, side[0]))
        fv = rest[foot]
        low = fv[:, 2] < fv[:, 2].min() + 0.03
        out[Landmark[f"{side}_HEEL"]] = int(foot[low][np.argmin(fv[low, 0])])
        toes = np.flatnonzero(np.char.startswith(bones, "toe1") & np.char.endswith(bones, side[0]))
        out[Landmark[f"{side}_FOOT_INDEX"]] = int(toes[np.argmax(rest[toes, 0])])
    return out


def landmarks_33(posed: PosedBody, skin: dict[Landmark, int]) -> FloatArray:
    """(T, 33, 3) landmarks in the motion frame from bones and the chosen skin vertices."""
    j = posed.joints
    n = posed.vertices.shape[0]
    out = np.full((n, NUM_LANDMARKS, 3), np.nan)
    for lm, name in _FROM_JOINT.items():
        out[:, lm] = j[name]
    for lm, v in skin.items():
        out[:, lm] = posed.vertices[:, v]
    # Inner and outer eye corners: either side of the eye centre along the line between the eyes.
    across = j["eye_l"] - j["eye_r"]
    for side, sign in (("LEFT", 1.0), ("RIGHT", -1.0)):
        eye = j[f"eye_{side[0].lower()}"]
        out[:, Landmark[f"{side}_EYE_INNER"]] = eye - sign * 0.25 * across
        out[:, Landmark[f"{side}_EYE_OUTER"]] = eye + sign * 0.25 * across
    return out


def sagittal_hip_deg(lm: FloatArray) -> dict[str, FloatArray]:
    """True signed hip extension per side, from 3-D landmarks in the motion frame.

    Trunk = mid-hip -> mid-shoulder (the motion's convention), thigh = that side's hip -> knee,
    both projected on the sagittal x-z plane: 180 straight, above 180 hyper-extension.
    """
    mid_hip = (lm[:, L.LEFT_HIP] + lm[:, L.RIGHT_HIP]) / 2
    mid_sh = (lm[:, L.LEFT_SHOULDER] + lm[:, L.RIGHT_SHOULDER]) / 2
    tr = mid_sh - mid_hip
    trunk = np.degrees(np.arctan2(tr[:, 2], tr[:, 0]))
    out = {}
    for side in ("left", "right"):
        th = lm[:, Landmark[f"{side.upper()}_KNEE"]] - lm[:, Landmark[f"{side.upper()}_HIP"]]
        out[side] = np.mod(trunk - np.degrees(np.arctan2(th[:, 2], th[:, 0])), 360.0)
    return out

"""A tiny stick figure for kinematics tests: segment angles in, normalised landmarks out."""

from __future__ import annotations

import numpy as np

from hipcoach.pose.landmarks import Landmark as L
from hipcoach.pose.types import PoseSequence

W, H = 1280, 720


def stick_frame(
    trunk: float,
    thigh: float,
    shin: float,
    foot: float | None = None,
    *,
    facing: int = 1,
    hip=(640.0, 400.0),
    scale: float = 200.0,
) -> np.ndarray:
    """(33, 3) normalised image landmarks of a sagittal stick figure (angles in degrees)."""
    foot = shin + 90.0 if foot is None else foot

    def vec(a: float, length: float) -> np.ndarray:
        r = np.radians(a)
        return length * np.array([np.cos(r), np.sin(r)])

    p = np.full((33, 2), np.nan)
    h = np.zeros(2)
    sh = h + vec(trunk, 1.0)
    ear = sh + vec(trunk, 0.35)
    nose = ear + vec(trunk - 90.0, 0.15)  # the face is in front of the ears
    kn = h + vec(thigh, 0.8)
    an = kn + vec(shin, 0.8)
    heel = an + vec(foot + 180.0, 0.08)
    toe = an + vec(foot, 0.25)
    for side in ("LEFT", "RIGHT"):
        p[L[f"{side}_SHOULDER"]] = sh
        p[L[f"{side}_EAR"]] = ear
        p[L[f"{side}_HIP"]] = h
        p[L[f"{side}_KNEE"]] = kn
        p[L[f"{side}_ANKLE"]] = an
        p[L[f"{side}_HEEL"]] = heel
        p[L[f"{side}_FOOT_INDEX"]] = toe
        p[L[f"{side}_ELBOW"]] = sh + vec(trunk + 180, 0.5)
        p[L[f"{side}_WRIST"]] = sh + vec(trunk + 180, 0.9)
    p[L.NOSE] = nose
    out = np.zeros((33, 3))
    out[:, 0] = (hip[0] + facing * scale * p[:, 0]) / W
    out[:, 1] = (hip[1] - scale * p[:, 1]) / H
    # Fill the face landmarks we did not place with the nose so nothing is NaN.
    for i in range(33):
        if np.isnan(out[i, 0]):
            out[i] = out[L.NOSE]
    return out


def stick_sequence(angles: np.ndarray, *, facing: int = 1, fps: float = 30.0) -> PoseSequence:
    """angles: (T, 3) trunk, thigh, shin per frame."""
    img = np.stack([stick_frame(*row, facing=facing) for row in angles])
    world = img.copy()
    world[:, :, 0] = (img[:, :, 0] - 0.5) * W / 400.0
    world[:, :, 1] = (img[:, :, 1] - 0.5) * H / 400.0
    world[:, :, 2] = 0.0
    world[:, [L.LEFT_HIP, L.LEFT_SHOULDER], 2] = -0.1
    world[:, [L.RIGHT_HIP, L.RIGHT_SHOULDER], 2] = 0.1
    vis = np.ones((len(angles), 33))
    return PoseSequence(np.arange(len(angles)) / fps, img, world, vis, W, H, "test:stick")

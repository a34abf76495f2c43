"""A pinhole camera beside the person: motion-frame points -> image and BlazePose world coords.

The camera sits on the near side, ``distance`` from the look-at point at ``height_m`` above the
floor, turned ``yaw_deg`` about the vertical; +x of the motion frame maps to image right when
the person faces right and to image left when they face left.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hipcoach.synth.kinematic.spec import CameraSpec

FloatArray = NDArray[np.float64]

DEPTH_MARGIN_M = 0.3  # the body's half-thickness towards the camera, kept out of the lens


@dataclass(frozen=True)
class PlacedCamera:
    """A camera with its pose solved: position, axes (right, down, forward) and intrinsics."""

    spec: CameraSpec
    position: FloatArray  # (3,)
    rotation: FloatArray  # (3, 3) rows: image right, image down, viewing direction
    fx: float

    def to_camera(self, points: FloatArray) -> FloatArray:
        """(..., 3) motion-frame points -> camera coordinates (x right, y down, z forward)."""
        return (points - self.position) @ self.rotation.T

    def project(self, points: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Pixels (..., 2) and depth (...,) of motion-frame points."""
        c = self.to_camera(points)
        z = np.maximum(c[..., 2], 1e-6)
        px = np.stack(
            [
                self.fx * c[..., 0] / z + self.spec.width / 2,
                self.fx * c[..., 1] / z + self.spec.height / 2,
            ],
            axis=-1,
        )
        return px, c[..., 2]


def _axes(position: FloatArray, target: FloatArray) -> FloatArray:
    fwd = target - position
    fwd = fwd / np.linalg.norm(fwd)
    right = np.cross(fwd, np.array([0.0, 0.0, 1.0]))
    right /= np.linalg.norm(right)
    down = np.cross(fwd, right)
    return np.stack([right, down, fwd])


def place_camera(spec: CameraSpec, points: FloatArray) -> PlacedCamera:
    """Aim the camera at the motion and, when ``distance_m`` is None, frame it to ``fill``.

    ``points`` (N, 3) are the landmarks to frame (the frames where the person is in view).

    >>> import numpy as np
    >>> pts = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 1.0]])
    >>> cam = place_camera(CameraSpec(facing="right"), pts)
    >>> bool(cam.project(np.array([1.0, 0.0, 0.5]))[0][0] > cam.project(np.array([0.0, 0.0, 0.5]))[0][0])
    True
    """
    pts = points[np.isfinite(points).all(axis=1)]
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    target = np.array([(lo[0] + hi[0]) / 2, 0.0, (lo[2] + hi[2]) / 2])
    side = -1.0 if spec.facing == "right" else 1.0  # facing right: camera on the person's right
    yaw = np.radians(spec.yaw_deg)
    back = np.array([-np.sin(yaw) * side, np.cos(yaw) * side, 0.0])
    fx = spec.focal * spec.width
    if spec.distance_m is None:
        ext_x, ext_z = hi[0] - lo[0], hi[2] - lo[2]
        need = max(ext_x * fx / (spec.fill * spec.width), ext_z * fx / (spec.fill * spec.height))
        # Yaw foreshortens the sagittal extent a little; ignore it and keep the margin.
        distance = need + DEPTH_MARGIN_M
    else:
        distance = spec.distance_m
    horizontal = np.sqrt(max(distance**2 - (spec.height_m - target[2]) ** 2, 0.25))
    position = target + horizontal * back
    position[2] = spec.height_m
    return PlacedCamera(spec, position, _axes(position, target), fx)

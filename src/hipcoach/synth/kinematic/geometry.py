"""Small vectorised helpers for planar kinematics: unit vectors, two-link IK, easing, inversion.

Everything works on whole clips at once: arrays of shape (T,) or (T, 2), never a Python loop
over frames, which is what keeps the generator at thousands of frames per second.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def unit(deg: FloatArray | float) -> FloatArray:
    """Unit vectors (..., 2) in the sagittal x-z plane for angles in degrees.

    >>> unit(90.0).round(6).tolist()
    [0.0, 1.0]
    """
    r = np.radians(np.asarray(deg, dtype=np.float64))
    return np.stack([np.cos(r), np.sin(r)], axis=-1)


def angle_of(v: FloatArray) -> FloatArray:
    """Angle in degrees of (..., 2) vectors, ``atan2(dz, dx)``."""
    return np.degrees(np.arctan2(v[..., 1], v[..., 0]))


def wrap180(deg: FloatArray | float) -> FloatArray:
    """Wrap degrees into [-180, 180)."""
    return np.mod(np.asarray(deg, dtype=np.float64) + 180.0, 360.0) - 180.0


def ease(u: FloatArray) -> FloatArray:
    """Cosine easing of a 0..1 progress: zero velocity at both ends, like a controlled rep.

    >>> ease(np.array([0.0, 0.5, 1.0])).round(3).tolist()
    [0.0, 0.5, 1.0]
    """
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0))


def lerp(a: FloatArray | float, b: FloatArray | float, w: FloatArray | float) -> FloatArray:
    return np.asarray(a) + (np.asarray(b) - np.asarray(a)) * np.asarray(w)


def two_link(
    root: FloatArray, tip: FloatArray, a: float, b: float, bend: float = 1.0
) -> tuple[FloatArray, FloatArray]:
    """Planar two-link inverse kinematics (thigh+shin, upper arm+forearm).

    Returns the (T,) angles of the first and second link. ``bend=+1`` puts the middle joint
    counter-clockwise of the root->tip line (a knee in front when the tip is below the root).
    An unreachable tip leaves the chain straight, pointing at it.

    >>> th, sh = two_link(np.array([[0.0, 1.0]]), np.array([[0.0, 0.0]]), 0.5, 0.5)
    >>> round(float(th[0])), round(float(sh[0]))
    (-90, -90)
    """
    d = tip - root
    dist = np.hypot(d[..., 0], d[..., 1])
    dist = np.clip(dist, abs(a - b) + 1e-9, (a + b) * (1.0 - 1e-9))
    cos_beta = np.clip((a * a + dist * dist - b * b) / (2.0 * a * dist), -1.0, 1.0)
    first = angle_of(d) + bend * np.degrees(np.arccos(cos_beta))
    mid = root + a * unit(first)
    second = angle_of(tip - mid)
    # Out of reach: the tip is not met; point the second link along the first.
    far = np.hypot(d[..., 0], d[..., 1]) >= (a + b) * (1.0 - 1e-9)
    second = np.where(far, first, second)
    return first, second


def invert_rows(q_grid: FloatArray, values: FloatArray, target: FloatArray) -> FloatArray:
    """Per row, the q where a monotone function sampled as ``values[row]`` meets ``target[row]``.

    ``values`` is (T, N) over ``q_grid`` (N,); increasing or decreasing along each row. Targets
    outside the sampled range clamp to the ends. Used to drive a pose with contacts (shoulders
    on the floor, feet fixed) so that the hip reaches an exact angle.

    >>> q = np.linspace(0, 1, 11)
    >>> float(invert_rows(q, (q * 10)[None, :], np.array([2.5]))[0])
    0.25
    """
    tgt = np.asarray(target, dtype=np.float64)
    v = np.broadcast_to(np.asarray(values, dtype=np.float64), (tgt.shape[0], len(q_grid)))
    if v.shape[1] > 1 and np.nanmean(v[:, -1] - v[:, 0]) < 0:
        v, tgt = -v, -tgt
    n = v.shape[1]
    idx = np.clip((v < tgt[:, None]).sum(axis=1), 1, n - 1)
    rows = np.arange(v.shape[0])
    f0, f1 = v[rows, idx - 1], v[rows, idx]
    denom = np.where(np.abs(f1 - f0) < 1e-12, 1.0, f1 - f0)
    w = np.clip((tgt - f0) / denom, 0.0, 1.0)
    return q_grid[idx - 1] + w * (q_grid[idx] - q_grid[idx - 1])


def smooth_step_signal(x: FloatArray, fps: float, ramp_s: float) -> FloatArray:
    """Smooth a 0/1 per-frame signal with a cosine ramp of ``ramp_s`` seconds (centred)."""
    n = max(1, round(ramp_s * fps))
    if n < 2:
        return x.astype(np.float64)
    kernel = np.sin(np.linspace(0.0, np.pi, n)) ** 2
    kernel /= kernel.sum()
    pad = np.concatenate([np.full(n, x[0]), x.astype(np.float64), np.full(n, x[-1])])
    return np.convolve(pad, kernel, mode="same")[n:-n]

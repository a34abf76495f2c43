"""BlazePose-like degradation: jitter, outliers, dropped frames, a noisier occluded far side.

Figures from the rendered benchmark (synthetic-rendering-notes.md): near-side joints about
8-12 px median error at 720p, the far side 22-32 px; so the far side gets ``far_factor`` times
the jitter and a low visibility.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hipcoach.pose.landmarks import NUM_LANDMARKS
from hipcoach.synth.kinematic.landmarks import LEFT_LANDMARKS, RIGHT_LANDMARKS
from hipcoach.synth.kinematic.spec import NoiseSpec

FloatArray = NDArray[np.float64]

NEAR_VISIBILITY = (0.88, 0.999)
OUTSIDE_VISIBILITY = (0.02, 0.2)
MIN_INSIDE = 0.5  # share of landmarks in the image below which BlazePose finds nobody


def _smoothed(noise: FloatArray) -> FloatArray:
    """Correlate white noise over 3 frames (a tracker's smoothing), keeping its variance."""
    if noise.shape[0] < 3:
        return noise
    out = noise.copy()
    out[1:-1] = (noise[:-2] + noise[1:-1] + noise[2:]) / np.sqrt(3.0)
    return out


def far_mask(near_side: str) -> NDArray[np.bool_]:
    """(33,) True for the landmarks on the side away from the camera."""
    m = np.zeros(NUM_LANDMARKS, dtype=bool)
    m[RIGHT_LANDMARKS if near_side == "left" else LEFT_LANDMARKS] = True
    return m


def degrade(
    pixels: FloatArray,
    world: FloatArray,
    width: int,
    height: int,
    near_side: str,
    spec: NoiseSpec,
    rng: np.random.Generator,
    present: NDArray[np.bool_] | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray, NDArray[np.bool_]]:
    """Noisy pixels (T, 33, 2), world (T, 33, 3), visibility (T, 33) and detected (T,).

    Frames where the person is missing (dropouts, or mostly outside the image) come back as NaN
    with visibility 0, as the real estimator reports them.
    """
    n = pixels.shape[0]
    far = far_mask(near_side)
    scale = np.where(far, spec.far_factor, 1.0)[None, :, None]
    px = pixels + _smoothed(rng.normal(0.0, spec.jitter_px, size=pixels.shape)) * scale
    wo = world + _smoothed(rng.normal(0.0, spec.world_jitter_m, size=world.shape)) * scale
    # Monocular depth is the weakest coordinate of BlazePose's world landmarks.
    wo[..., 2] += rng.normal(0.0, 2.0 * spec.world_jitter_m, size=world.shape[:2])

    hit = rng.random(size=pixels.shape[:2]) < spec.outlier_rate
    if hit.any():
        jump = rng.normal(0.0, spec.outlier_px, size=(int(hit.sum()), 2))
        px[hit] += jump
        wo[hit] += np.concatenate([jump, np.zeros((len(jump), 1))], axis=1) * 0.003

    vis = np.where(
        far[None, :],
        rng.uniform(spec.far_visibility[0], spec.far_visibility[1], size=(n, NUM_LANDMARKS)),
        rng.uniform(NEAR_VISIBILITY[0], NEAR_VISIBILITY[1], size=(n, NUM_LANDMARKS)),
    )
    inside = (
        (pixels[..., 0] >= 0)
        & (pixels[..., 0] < width)
        & (pixels[..., 1] >= 0)
        & (pixels[..., 1] < height)
    )
    lo_out, hi_out = OUTSIDE_VISIBILITY
    vis = np.where(inside, vis, rng.uniform(lo_out, hi_out, size=vis.shape))

    detected = inside.mean(axis=1) >= MIN_INSIDE
    if present is not None:
        detected &= present
    if spec.dropout_rate > 0 and n:
        starts = rng.random(n) < spec.dropout_rate / spec.dropout_burst
        lengths = rng.integers(1, 2 * spec.dropout_burst, size=n)
        for i in np.flatnonzero(starts):
            detected[i : i + lengths[i]] = False
    px[~detected] = np.nan
    wo[~detected] = np.nan
    vis[~detected] = 0.0
    return px, wo, vis, detected

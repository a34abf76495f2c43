"""Averaging two estimates of one angle (from the image and from the world landmarks).

An equal average suits two estimates of similar quality. A far leg on a small, distant figure
is another matter: its image angle can swing by tens of degrees from frame to frame while the
world landmarks' stays within a few, and an equal average keeps half of that swing. Weighting
each estimate by the inverse of its noise variance, measured on the clip itself, keeps the
better one in charge.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def noise_sd(x: FloatArray) -> float:
    """Frame-to-frame noise of a smooth signal: a robust spread of its second differences.

    Movement at a few hertz barely shows in second differences at video rates; noise does
    (white noise of sd s gives second differences of sd s * sqrt(6)).

    >>> rng = np.random.default_rng(0)
    >>> x = np.sin(np.arange(600) / 30) * 40 + rng.normal(0, 2.0, 600)
    >>> round(noise_sd(x), 0)
    2.0
    """
    d = np.diff(np.asarray(x, dtype=np.float64), 2)
    d = d[np.isfinite(d)]
    if d.size < 10:
        return float("nan")
    return float(1.4826 * np.median(np.abs(d - np.median(d))) / np.sqrt(6.0))


def fuse(a: FloatArray, b: FloatArray, by_noise: bool = False) -> FloatArray:
    """Average ``a`` with ``b`` where ``b`` exists: equally, or (``by_noise``) by the inverse of
    each one's noise variance over the clip.

    >>> a = np.array([10.0, 12.0, 14.0]); b = np.array([12.0, np.nan, 16.0])
    >>> fuse(a, b).tolist()
    [11.0, 12.0, 15.0]
    """
    w = 0.5
    if by_noise:
        na, nb = noise_sd(a), noise_sd(b)
        if np.isfinite(na) and np.isfinite(nb) and na + nb > 0:
            w = na**2 / (na**2 + nb**2)  # the weight of b
    return np.asarray(np.where(np.isfinite(b), (1.0 - w) * a + w * b, a), dtype=np.float64)

import numpy as np
import pytest

from hipcoach.kinematics.fusion import fuse, noise_sd


@pytest.mark.parametrize("sd", [0.5, 2.0, 8.0])
def test_noise_sd_reads_the_jitter_not_the_movement(sd):
    t = np.arange(900) / 30
    move = 90 + 45 * (1 - np.cos(2 * np.pi * t / 3))  # a rep every 3 s
    x = move + np.random.default_rng(0).normal(0, sd, t.size)
    assert noise_sd(x) == pytest.approx(sd, rel=0.15)


def test_fuse_by_noise_trusts_the_steadier_estimate():
    rng = np.random.default_rng(1)
    truth = 90 + 45 * (1 - np.cos(2 * np.pi * np.arange(900) / 90))
    far_image = truth + rng.normal(0, 20.0, truth.size)  # a far leg on a small figure
    world = truth + rng.normal(0, 3.0, truth.size)
    equal = fuse(far_image, world)
    weighted = fuse(far_image, world, by_noise=True)
    rms = lambda y: float(np.sqrt(np.mean((y - truth) ** 2)))  # noqa: E731
    assert rms(weighted) < 0.35 * rms(equal)
    assert rms(weighted) <= rms(world)


def test_fuse_keeps_the_image_where_the_world_is_missing():
    a = np.array([1.0, 2.0, 3.0] * 10)
    b = np.where(np.arange(30) % 2 == 0, a + 1.0, np.nan)
    out = fuse(a, b, by_noise=True)
    assert np.array_equal(out[1::2], a[1::2])
    assert np.isfinite(out).all()

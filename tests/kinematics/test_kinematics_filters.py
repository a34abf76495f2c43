import numpy as np
import pytest

from hipcoach.kinematics.filters import (
    OneEuroFilter,
    butter_lowpass,
    clean_offline,
    fill_short_gaps,
    hampel,
    nan_runs,
)


def test_hampel_rejects_spikes_only():
    rng = np.random.default_rng(0)
    x = np.sin(np.linspace(0, 6, 200)) + 0.01 * rng.standard_normal(200)
    x[[50, 120]] += 2.0
    y = hampel(x, half_window=5)
    assert np.isnan(y[[50, 120]]).all()
    assert np.isnan(y).sum() <= 6


def test_fill_short_gaps_only():
    x = np.arange(20, dtype=float)
    x[3:5] = np.nan
    x[10:18] = np.nan
    y = fill_short_gaps(x, max_gap=3)
    assert y[3:5].tolist() == [3.0, 4.0]
    assert np.isnan(y[10:18]).all()


def test_edges_are_not_extrapolated():
    x = np.array([np.nan, 1.0, 2.0, np.nan])
    assert np.isnan(fill_short_gaps(x, 5)[[0, 3]]).all()


def test_butter_keeps_nan_runs_and_smooths_each_segment():
    t = np.arange(400) / 30
    x = np.sin(t) + 0.05 * np.sin(2 * np.pi * 12 * t)
    x[150:200] = np.nan
    y = butter_lowpass(x, fs=30.0, cutoff=4.0)
    assert np.isnan(y[150:200]).all()
    assert np.max(np.abs(y[30:120] - np.sin(t[30:120]))) < 0.01


def test_clean_offline_shapes():
    x = np.random.default_rng(1).standard_normal((100, 4))
    assert clean_offline(x, fs=30.0).shape == (100, 4)


def test_one_euro_is_causal_and_restarts_after_nan():
    f = OneEuroFilter(min_cutoff=1.0, beta=0.0)
    xs = [0.0, 0.0, 10.0, np.nan, 5.0]
    out = [float(f(i / 30, np.array([x]))[0]) for i, x in enumerate(xs)]
    assert out[1] == 0.0
    assert 0 < out[2] < 10  # lags a step
    assert np.isnan(out[3])
    assert out[4] == 5.0  # starts afresh, not smeared from before the gap


def test_one_euro_smooths_noise():
    rng = np.random.default_rng(2)
    f = OneEuroFilter(min_cutoff=1.0, beta=0.0)
    noisy = 1.0 + 0.1 * rng.standard_normal(300)
    out = np.array([f(i / 30, np.array([v]))[0] for i, v in enumerate(noisy)])
    assert np.std(out[50:]) < 0.5 * np.std(noisy[50:])


@pytest.mark.parametrize(("mask", "runs"), [([0, 1, 1, 0, 1], [(1, 3), (4, 5)]), ([0, 0], [])])
def test_nan_runs(mask, runs):
    assert nan_runs(np.array(mask, dtype=bool)) == runs

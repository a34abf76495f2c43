import numpy as np

from hipcoach.analysis.trend import Trend, change_with_progress, fuse, rep_progress


def test_change_is_fitted_over_the_rep_and_ignores_an_offset_and_a_jump():
    rng = np.random.default_rng(0)
    prog = np.concatenate([np.linspace(0, 1, 40), np.ones(20), np.linspace(1, 0, 40)])
    y = 30.0 + 12.0 * prog + rng.normal(0, 2.0, prog.size)
    y[50] += 80.0  # one landmark jumped for a frame
    fit = change_with_progress(y, prog)
    assert abs(fit.change - 12.0) < 1.5
    assert 0 < fit.stderr < 2.0


def test_no_change_is_measured_without_range_or_frames():
    assert np.isnan(change_with_progress(np.ones(30), np.full(30, 0.5)).change)
    assert np.isnan(change_with_progress(np.ones(4), np.linspace(0, 1, 4)).change)
    assert np.isnan(rep_progress(np.full(10, 150.0), 150.0)).all()


def test_progress_runs_from_the_rep_bottom_to_its_top():
    prog = rep_progress(np.array([100.0, 140.0, 180.0, 190.0]), 180.0)
    assert prog.tolist() == [0.0, 0.5, 1.0, 1.0]


def test_fuse_weighs_the_precise_estimate_most():
    got = fuse([Trend(10.0, 1.0), Trend(40.0, 10.0), Trend(float("nan"), 1.0)])
    assert abs(got.change - 10.3) < 0.1
    assert got.stderr < 1.0
    assert np.isnan(fuse([]).change)

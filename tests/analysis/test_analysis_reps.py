import numpy as np
import pytest

from hipcoach.analysis.reps import CounterSettings, RepCounter, count_reps
from hipcoach.analysis.sets import RepSpan, split_sets


def wave(n_reps=5, period=3.0, fps=30.0, lo=120.0, hi=180.0, pause=1.0):
    t = np.arange(0, n_reps * (period + pause) + 1.0, 1 / fps)
    phase = np.clip((t % (period + pause)) / period, 0, 1)
    return t, lo + (hi - lo) * (1 - np.cos(2 * np.pi * phase)) / 2


def test_counts_clean_reps():
    t, x = wave()
    assert len(count_reps(t, x, np.ones_like(t, bool))) == 5


def test_jitter_around_a_threshold_gives_no_phantom_reps():
    rng = np.random.default_rng(0)
    t = np.arange(0, 30, 1 / 30)
    # A person resting at the bottom with 4-degree jitter, then holding mid-range.
    noise = np.convolve(rng.normal(0, 4.0, t.size), np.ones(5) / 5, mode="same")  # as filtered
    x = np.where(t < 15, 125.0, 150.0) + noise
    reps = count_reps(t, x, np.ones_like(t, bool))
    assert reps == []


def test_hysteresis_ignores_wobble_at_the_top():
    t, x = wave(n_reps=4)
    rng = np.random.default_rng(1)
    wobble = x + rng.normal(0, 3.0, x.size)
    assert len(count_reps(t, wobble, np.ones_like(t, bool))) == 4


def test_minimum_duration_rejects_flicks():
    t = np.arange(0, 10, 1 / 30)
    x = np.full_like(t, 120.0)
    x[100:104] = 175.0  # a 0.13 s spike
    assert count_reps(t, x, np.ones_like(t, bool)) == []


def test_gated_frames_never_count_and_long_gaps_abandon_a_rep():
    t, x = wave(n_reps=3)
    active = np.ones_like(t, bool)
    active[(t > 4.5) & (t < 7.5)] = False  # out of frame through the whole second rep
    reps = count_reps(t, x, active)
    assert len(reps) == 2
    assert all(not (4.5 < r.peak_t < 7.5) for r in reps)


def test_range_is_learned_from_the_person():
    # A small range of motion (20 degrees) still counts once learned; 5-degree wobble does not.
    t, x = wave(n_reps=6, lo=160, hi=180)
    counter = RepCounter(CounterSettings(min_rom_deg=8.0))
    n = sum(counter.update(ti, xi, True) is not None for ti, xi in zip(t, x, strict=True))
    assert n == 6
    assert counter.typical_rom() == pytest.approx(20.0, abs=1.0)


def test_decreasing_reps():
    t, x = wave()
    assert len(count_reps(t, -x, np.ones_like(t, bool), direction=-1)) == 5


def test_sets_split_by_rest_and_side():
    spans = [RepSpan("l", 0, 2), RepSpan("l", 2.5, 4.5), RepSpan("l", 5, 7)]
    spans += [RepSpan("r", 8, 10), RepSpan("r", 10.5, 12.5), RepSpan("r", 40, 42)]
    assert split_sets(spans) == [[0, 1, 2], [3, 4], [5]]


def test_alternating_sides_stay_one_set():
    spans = [RepSpan("l" if i % 2 == 0 else "r", 3 * i, 3 * i + 2) for i in range(6)]
    assert split_sets(spans) == [[0, 1, 2, 3, 4, 5]]


def test_min_top_rejects_reps_that_stay_low():
    # The same 20-degree swings, once from 0 to 20 and once from -15 to 5: only the first
    # kind reaches a 15-degree top (a kickback's leg behind the vertical).
    settings = CounterSettings(min_rom_deg=8.0, min_top=15.0)
    t, x = wave(n_reps=4, lo=0.0, hi=20.0)
    assert len(count_reps(t, x, np.ones_like(t, bool), settings)) == 4
    assert count_reps(t, x - 15.0, np.ones_like(t, bool), settings) == []


def test_low_typical_percentile_keeps_a_big_rep_from_raising_the_bar():
    # Normal reps, then big ones (a trunk lean doubles a kickback's swing), then short ones of
    # half the usual range: with the median as "typical" the short ones fall under the bar.
    _, big = wave(n_reps=3, lo=0.0, hi=60.0)
    _, small = wave(n_reps=3, lo=0.0, hi=15.0)
    _, normal = wave(n_reps=2, lo=0.0, hi=30.0)
    x = np.concatenate([normal, big, small])
    tt = np.arange(x.size) / 30.0
    on = np.ones_like(tt, bool)
    median = count_reps(tt, x, on, CounterSettings(min_rom_deg=8.0))
    low = count_reps(tt, x, on, CounterSettings(min_rom_deg=8.0, typical_pct=10.0))
    assert len(low) == 8
    assert len(median) < len(low)


def test_overrides_keep_types_and_reject_unknown_names():
    s = CounterSettings().with_overrides({"history": 3.0, "min_top": 15})
    assert s.history == 3 and isinstance(s.history, int)
    assert s.min_top == 15.0
    with pytest.raises(ValueError, match="unknown counter settings: nope"):
        CounterSettings().with_overrides({"nope": 1.0})

"""The clip's usual tempo as a prior for each rep's fit (analysis.tempo, holds.fit_rep)."""

import numpy as np
import pytest

from hipcoach.analysis.holds import RepTiming, TempoPrior, fit_rep, measure_rep, upper_part
from hipcoach.analysis.tempo import TEMPO_WEIGHT, usual_tempo

FPS = 30.0


def ease(u: np.ndarray) -> np.ndarray:
    return 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0.0, 1.0))


def rep_signal(up: float, hold: float, down: float, rom: float = 30.0) -> np.ndarray:
    """One rep: 1 s at the bottom, an eased rise, a hold, an eased lowering, 1 s at the bottom."""
    t = np.arange(0.0, 2.0 + up + hold + down, 1.0 / FPS)
    top, end = 1.0 + up, 1.0 + up + hold
    u = np.where(t < top, (t - 1.0) / up, np.where(t <= end, 1.0, 1.0 - (t - end) / down))
    return 100.0 + rom * ease(u)


def fitted(y: np.ndarray, tempo: TempoPrior | None = None, upper: float = 0.0) -> RepTiming:
    t = np.arange(y.size) / FPS
    band = measure_rep(t, y, int(np.argmax(y)), 0, y.size - 1)
    a, b = upper_part(t, y, band, 0, y.size - 1, upper)
    return fit_rep(t, y, band, a, b, tempo)


def timing(up: float, down: float) -> RepTiming:
    return RepTiming(0.0, up, up + 0.5, up + 0.5 + down, 0, 0, 1.0, 0.0)


def test_usual_tempo_is_the_median_and_needs_reps_and_a_weight() -> None:
    reps = [timing(1.0, 1.2), timing(1.1, 1.5), timing(2.5, 1.3), timing(1.2, 1.4)]
    prior = usual_tempo(reps, 20.0)
    assert prior is not None
    assert prior.up_s == pytest.approx(1.15)
    assert prior.down_s == pytest.approx(1.35)
    assert usual_tempo(reps, 0.0) is None
    assert usual_tempo(reps[:1], 20.0) is None


def test_prior_steadies_short_holds_on_a_noisy_signal() -> None:
    """Half-second holds under noise, fitted on the upper part of the rep (a kickback's
    ``fit_upper_frac``), where little of the rise shows how long it takes: the usual tempo
    cuts the hold error."""
    rng = np.random.default_rng(7)
    truths, plain, held = [], [], []
    signals = []
    for _ in range(10):
        up, hold, down = 1.0 * rng.uniform(0.92, 1.08), rng.uniform(0.4, 0.7), 1.2
        y = rep_signal(up, hold, down * rng.uniform(0.92, 1.08))
        kernel = np.ones(5) / np.sqrt(5.0)  # correlated noise, as after the low-pass filter
        y = y + np.convolve(rng.normal(0.0, 1.0, y.size), kernel, mode="same")
        signals.append(y)
        truths.append(hold)
        plain.append(fitted(y, upper=0.35))
    prior = usual_tempo(plain, TEMPO_WEIGHT)
    assert prior is not None
    held = [fitted(y, prior, upper=0.35) for y in signals]
    err_plain = np.abs([r.hold_s - h for r, h in zip(plain, truths, strict=True)])
    err_held = np.abs([r.hold_s - h for r, h in zip(held, truths, strict=True)])
    assert err_held.mean() < 0.8 * err_plain.mean()
    assert err_held.max() < 0.2


def test_prior_barely_moves_a_clean_rep() -> None:
    """A clean signal keeps its own times even when the prior is far off."""
    y = rep_signal(1.0, 0.6, 1.2)
    wrong = TempoPrior(1.4, 0.8, TEMPO_WEIGHT)
    assert fitted(y, wrong).hold_s == pytest.approx(fitted(y).hold_s, abs=0.03)
    assert fitted(y, wrong).hold_s == pytest.approx(0.6, abs=0.05)

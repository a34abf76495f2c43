import numpy as np
import pytest

from hipcoach.analysis.gate import HipSpeed
from hipcoach.analysis.planted import PlantedFoot
from hipcoach.analysis.reps import CountedRep

REP = CountedRep(start_t=0.0, peak_t=1.0, done_t=2.0, valley=90.0, peak=180.0, rise_t=0.3)


def rows(left, right, noise=0.0, seed=0):
    """Engine history rows (t, drive l, drive r, ankle l, ankle r, trunk) over 0-2 s."""
    rng = np.random.default_rng(seed)
    t = np.arange(61) / 30
    jl, jr = rng.normal(0.0, noise, (2, len(t)))
    return [
        (ti, 0.0, 0.0, left(ti) + a, right(ti) + b, 100.0)
        for ti, a, b in zip(t, jl, jr, strict=True)
    ]


def box(t):
    return -300.0  # the foot on the box stays put


def trailing(t):
    return -400.0 + 80.0 * np.sin(np.pi * t / 2)  # floor, up into the air, back down


def step_off(t):
    return -300.0 - 90.0 * min(t, 1.0)  # from the box down to the floor


@pytest.mark.parametrize("noise", [0.0, 12.0])
def test_the_rep_belongs_to_the_leg_whose_foot_stays_on_the_box(noise):
    h = rows(box, trailing, noise)
    assert PlantedFoot().reason(h, "l", REP) == ""
    assert PlantedFoot().reason(h, "r", REP) == "the foot did not stay planted"


def test_a_noisy_far_foot_on_the_box_still_counts():
    # The far foot's jitter (about 0.3 trunk lengths here) beats a fixed limit, not the
    # trailing foot's travel.
    h = rows(box, trailing, 0.0)
    rng = np.random.default_rng(1)
    h = [(r[0], 0.0, 0.0, r[3] + rng.normal(0.0, 15.0), r[4], r[5]) for r in h]
    assert PlantedFoot().reason(h, "l", REP) == ""


def test_stepping_off_the_box_is_not_a_rep():
    h = rows(step_off, lambda t: -400.0)
    assert PlantedFoot().reason(h, "l", REP) != ""


def test_too_few_frames_cannot_be_judged():
    assert PlantedFoot().reason(rows(box, trailing)[:2], "r", REP) == ""


def test_speed_survives_a_dropped_frame():
    # A hip swaying a few pixels must not read as walking after the detector misses one frame.
    sp = HipSpeed(1.5)
    frame = np.zeros((33, 2))
    frame[[11, 12], 1] = 100.0  # trunk length 100 px
    for i in range(45):
        f = frame.copy()
        f[[23, 24], 0] = 3.0 * np.sin(i)
        sp.update(i / 30, f)
    assert sp.update(45 / 30, np.full((33, 2), np.nan)) == 0.0
    speeds = []
    for i, x in ((46, -3.0), (47, 3.0)):
        f = frame.copy()
        f[[23, 24], 0] = x
        speeds.append(sp.update(i / 30, f))
    assert max(speeds) < 0.1  # measured over the window, not over the frames since the gap

import numpy as np
import pytest

from conftest import EXERCISES, clip
from hipcoach.analysis import analyze
from hipcoach.analysis.live import LiveCoach


@pytest.mark.parametrize("exercise", EXERCISES)
def test_live_counts_equal_offline(exercise, library):
    c = clip(exercise, seed=5, side="alternating", faults=(), sets=1, reps=4)
    offline = analyze(c.pose, exercise, library=library)
    coach = LiveCoach(exercise, c.pose.width, c.pose.height, library=library)
    events = coach.run(c.pose)
    per_side = {}
    for r in offline.reps:
        per_side[r.side] = per_side.get(r.side, 0) + 1
    assert coach.counts == per_side
    assert coach.rep_count == offline.rep_count == 4
    reps = [e for e in events if e.kind == "rep"]
    assert [e.count for e in reps if e.side == reps[0].side][:2] == [1, 2]


@pytest.mark.parametrize("seed", [11, 12])
def test_live_equals_offline_with_noise_and_two_sets(seed, library):
    c = clip("step-up", seed=seed, side="alternating-sets")
    offline = analyze(c.pose, "step-up", library=library)
    coach = LiveCoach("step-up", c.pose.width, c.pose.height, library=library)
    events = coach.run(c.pose)
    assert coach.rep_count == offline.rep_count
    assert any(e.kind == "set_end" for e in events)


def test_live_hold_ticks_and_fault_cues(library):
    c = clip("glute-bridge", faults=(("short-rep", (4,)),), sets=1, reps=5)
    coach = LiveCoach("glute-bridge", c.pose.width, c.pose.height, library=library)
    events = coach.run(c.pose)
    holds = [e for e in events if e.kind == "hold"]
    faults = [e for e in events if e.kind == "fault"]
    assert holds and max(e.count for e in holds) >= 1
    assert [e.fault_id for e in faults] == ["short-rep"]
    assert "higher" in faults[0].message


def test_live_ignores_empty_frames(library):
    coach = LiveCoach("glute-bridge", 640, 360, library=library)
    for i in range(10):
        assert coach.update(i / 30, np.full((33, 3), np.nan), np.zeros(33)) == []
    assert coach.rep_count == 0


@pytest.mark.parametrize(("turned", "lead_s"), [(True, None), (False, None), (True, 0.5)])
def test_live_coach_follows_a_turn_round_between_sets(turned, lead_s, library):
    """Frame by frame, the engine flips its facing after 3 s of contrary facing votes, so the
    set after a turn counts too (mirroring the landmarks is what a turn looks like). A turn
    just ``lead_s`` before the set: its first rep is under way before the turn is recognised,
    and counts because the frames since the turn are read again."""
    import dataclasses

    from hipcoach.synth.kinematic import ClipSpec, generate

    c = generate(ClipSpec(exercise="glute-bridge", sets=2, reps=4, seed=2))
    seq = c.pose
    first_end = max(r.end_s for r in c.motion.reps if r.set_index == 0)
    second_start = min(r.start_s for r in c.motion.reps if r.set_index == 1)
    at = (first_end + second_start) / 2 if lead_s is None else second_start - lead_s
    cut = int(np.searchsorted(seq.t, at))
    image, world = seq.image.copy(), seq.world.copy()
    if turned:
        image[cut:, :, 0] = 1.0 - image[cut:, :, 0]
        world[cut:, :, 0] = -world[cut:, :, 0]
    seq = dataclasses.replace(seq, image=image, world=world)
    coach = LiveCoach("glute-bridge", seq.width, seq.height, library=library)
    events = coach.run(seq)
    assert coach.rep_count == 8
    turns = [e for e in events if e.kind == "turn"]
    assert len(turns) == int(turned)
    if turned:
        assert turns[0].t > seq.t[cut]
        if lead_s is None:
            assert turns[0].t < second_start

import numpy as np
import pytest

from hipcoach.analysis.holds import measure_rep
from hipcoach.analysis.view import check_view
from hipcoach.library.models import View
from hipcoach.pose.landmarks import Landmark as L


def body(shoulder_width, hip_width, trunk=100.0):
    p = np.zeros((5, 33, 2))
    p[:, L.LEFT_SHOULDER] = (-shoulder_width / 2, trunk)
    p[:, L.RIGHT_SHOULDER] = (shoulder_width / 2, trunk)
    p[:, L.LEFT_HIP] = (-hip_width / 2, 0)
    p[:, L.RIGHT_HIP] = (hip_width / 2, 0)
    return p


@pytest.mark.parametrize(
    ("widths", "view", "ok"),
    [((5, 3), "side", True), ((40, 25), "oblique", False), ((100, 70), "front", False)],
)
def test_view_from_apparent_width(widths, view, ok):
    v = check_view(body(*widths), View.SIDE)
    assert v.view == view and v.suitable is ok


def test_view_any_accepts_front():
    assert check_view(body(100, 70), View.ANY).suitable


@pytest.mark.parametrize("hold", [0.0, 0.5, 2.0])
def test_hold_measured_through_noise(hold):
    fps = 30.0
    t = np.arange(0, 8, 1 / fps)
    ease = lambda u: 0.5 - 0.5 * np.cos(np.pi * np.clip(u, 0, 1))  # noqa: E731
    up, down, start = 1.2, 1.5, 1.0
    y = 120 + 60 * np.where(
        t < start + up + hold, ease((t - start) / up), ease((start + up + hold + down - t) / down)
    )
    y += np.random.default_rng(0).normal(0, 0.5, t.size)
    r = measure_rep(t, y, int((start + up + hold / 2) * fps), 0, len(t) - 1)
    assert r.hold_s == pytest.approx(hold, abs=0.2)
    assert r.top_t == pytest.approx(start + up, abs=0.2)
    assert r.up_s == pytest.approx(up, abs=0.3)


@pytest.mark.parametrize(("yaw", "view"), [(0.0, "side"), (45.0, "oblique"), (60.0, "front")])
def test_generated_camera_angles_and_warning(yaw, view, library):
    from hipcoach.analysis import analyze
    from hipcoach.synth.kinematic import CameraSpec, ClipSpec, generate

    c = generate(
        ClipSpec(exercise="glute-bridge", sets=1, reps=3, seed=1, camera=CameraSpec(yaw_deg=yaw))
    )
    result = analyze(c.pose, "glute-bridge", library=library)
    assert result.view.view == view
    warned = any("film from the side" in w for w in result.warnings)
    assert warned is (view != "side")


def test_facing_turn_found_through_noise_and_gaps():
    from hipcoach.kinematics.facing import facing_turn

    rng = np.random.default_rng(3)
    t = np.arange(0, 30, 1 / 7.5)
    votes = np.where(t < 17.0, 0.6, -0.6) + rng.normal(0, 0.3, t.size)
    votes[(t > 20) & (t < 21)] = np.nan  # out of view for a second after the turn
    assert facing_turn(t, votes) == pytest.approx(17.0, abs=0.3)
    # A second of contrary votes (a leg crossing, a wrong label) is not a turn.
    blip = np.where((t > 8) & (t < 9), -0.6, 0.6) + rng.normal(0, 0.3, t.size)
    assert facing_turn(t, blip) is None


@pytest.mark.parametrize("turned", [True, False])
def test_turning_round_between_sets_counts_the_reps_on_both_sides(turned, library):
    """A person who turns round between sets (mirroring the landmarks is what a turn looks
    like) gets every rep counted: each side of the turn is analysed with its own facing."""
    import dataclasses

    from hipcoach.analysis import analyze
    from hipcoach.synth.kinematic import ClipSpec, generate

    clip = generate(ClipSpec(exercise="glute-bridge", sets=2, reps=4, seed=2))
    seq = clip.pose
    first_end = max(r.end_s for r in clip.motion.reps if r.set_index == 0)
    second_start = min(r.start_s for r in clip.motion.reps if r.set_index == 1)
    turn_t = (first_end + second_start) / 2
    cut = int(np.searchsorted(seq.t, turn_t))
    image, world = seq.image.copy(), seq.world.copy()
    if turned:
        image[cut:, :, 0] = 1.0 - image[cut:, :, 0]
        world[cut:, :, 0] = -world[cut:, :, 0]
    result = analyze(
        dataclasses.replace(seq, image=image, world=world), "glute-bridge", library=library
    )
    assert [len(s.reps) for s in result.sets] == [4, 4]
    assert [s.index for s in result.sets] == [0, 1]
    assert all(r.set_index == 1 for r in result.sets[1].reps)
    facings = [s.facing for s in result.sets]
    notices = [w for w in result.warnings if "turn round" in w]
    assert len(result.signals.t) == len(seq)
    assert all(s.near_side in ("l", "r") for s in result.sets)
    if turned:
        assert facings[0] != facings[1]
        assert len(notices) == 1
        turn_s = float(notices[0].split(" at ")[1].split(" s")[0])
        assert abs(turn_s - turn_t) <= 2.0
        assert result.sets[1].rest_before_s is not None and result.sets[1].rest_before_s > 0
    else:
        assert facings[0] == facings[1] and not notices


def test_a_turn_too_near_the_end_is_not_split_off():
    from hipcoach.analysis.parts import split_at
    from hipcoach.pose.types import PoseSequence

    seq = PoseSequence.empty(300, width=64, height=48, fps=30)
    seq.image[:, :, :2] = 0.5
    seq.visibility[:] = 1.0
    assert split_at(seq, 5.0) is not None
    assert split_at(seq, 8.5) is None  # 1.5 s after the turn: too short to stand alone

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
def test_turning_round_mid_video_is_warned(turned, library):
    """hipcoach reads one facing direction per video: a person who turns round gets told that
    reps after the turn are not counted (mirroring the landmarks is what a turn looks like)."""
    import dataclasses

    from hipcoach.analysis import analyze
    from hipcoach.synth.kinematic import ClipSpec, generate

    seq = generate(ClipSpec(exercise="glute-bridge", sets=2, reps=4, seed=2)).pose
    half = len(seq) // 2
    image, world = seq.image.copy(), seq.world.copy()
    if turned:
        image[half:, :, 0] = 1.0 - image[half:, :, 0]
        world[half:, :, 0] = -world[half:, :, 0]
    result = analyze(
        dataclasses.replace(seq, image=image, world=world), "glute-bridge", library=library
    )
    warned = [w for w in result.warnings if "face the other way" in w]
    assert bool(warned) is turned
    if turned:
        turn_s = float(warned[0].split(" from ")[1].split(" s")[0])
        assert abs(turn_s - float(seq.t[half])) <= 2.0

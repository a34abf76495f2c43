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

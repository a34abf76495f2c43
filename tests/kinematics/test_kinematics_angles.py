import numpy as np
import pytest
from stick import stick_frame, stick_sequence

from hipcoach.kinematics import compute_kinematics, signals_from_frame
from hipcoach.kinematics.angles import wrap180
from hipcoach.kinematics.facing import facing_sign
from hipcoach.kinematics.points import image_to_upright, to_exercise_frame

# (trunk, thigh, shin) -> expected hip extension, knee flexion, leg excursion
POSES = [
    ((90, -90, -90), 180.0, 0.0, 0.0),  # standing tall
    ((90, -100, -100), 190.0, 0.0, 10.0),  # hip past straight
    ((90, 0, -90), 90.0, 90.0, -90.0),  # knee raised to hip height
    ((180, 60, -80), 120.0, 140.0, -150.0),  # bridge bottom, head to the back... lying
    ((200, 20, -70), 180.0, 90.0, -110.0),  # bridge top: thigh in line with the trunk
    ((0, -90, 180), 90.0, 90.0, 0.0),  # all fours
    ((0, 170, 160), 190.0, 10.0, 100.0),  # all fours, leg kicked above the hip line
]


@pytest.mark.parametrize(("segs", "hip", "knee", "exc"), POSES)
@pytest.mark.parametrize("facing", [1, -1])
def test_signed_angles_do_not_depend_on_facing(segs, hip, knee, exc, facing):
    img = stick_frame(*segs, facing=facing)[None]
    up = image_to_upright(img[:, :, :2] * np.array([1280, 720]))
    assert facing_sign(up) == facing
    sig = signals_from_frame(to_exercise_frame(up, facing))
    for side in ("l", "r"):
        assert sig[f"hip_extension_{side}"][0] == pytest.approx(hip, abs=1e-6)
        assert wrap180(sig[f"knee_flexion_{side}"])[0] == pytest.approx(
            wrap180(np.array(knee))[()], abs=1e-6
        )
        assert sig[f"leg_excursion_{side}"][0] == pytest.approx(
            wrap180(np.array(exc))[()], abs=1e-6
        )


def test_leg_swing_follows_the_thigh_with_a_fixed_knee_bend():
    # With the knee bent 20 degrees the hip-to-ankle line sits a fixed angle ahead of the
    # thigh, so its swing changes exactly as the thigh's excursion does.
    def signals(thigh: float) -> dict[str, np.ndarray]:
        up = image_to_upright(stick_frame(80, thigh, thigh - 20)[None, :, :2] * [1280, 720])
        return signals_from_frame(to_exercise_frame(up, 1))

    a, b = signals(-85.0), signals(-115.0)
    for side in ("l", "r"):
        d_exc = b[f"leg_excursion_{side}"][0] - a[f"leg_excursion_{side}"][0]
        d_swing = b[f"leg_swing_{side}"][0] - a[f"leg_swing_{side}"][0]
        assert d_exc == pytest.approx(30.0, abs=1e-6)
        assert d_swing == pytest.approx(d_exc, abs=1e-6)
        assert b[f"leg_swing_{side}"][0] > b[f"leg_excursion_{side}"][0]  # the shin trails


def test_hyperextension_is_not_folded_back():
    # A three-point angle would read 160 here; the signed angle keeps 200.
    up = image_to_upright(stick_frame(90, -110, -110)[None, :, :2] * np.array([1280, 720]))
    sig = signals_from_frame(to_exercise_frame(up, 1))
    assert sig["hip_extension_l"][0] == pytest.approx(200.0)


@pytest.mark.parametrize("facing", [1, -1])
def test_series_same_both_facings_and_world_agrees(facing):
    t = np.linspace(0, 4 * np.pi, 240)
    thigh = 20 + 30 * (np.cos(t) - 1) / 2  # a bridge-like thigh swing
    angles = np.stack([np.full_like(t, 200.0), thigh, np.full_like(t, -80.0)], axis=1)
    k = compute_kinematics(stick_sequence(angles, facing=facing))
    assert k.facing == facing
    expected = np.mod(200.0 - thigh, 360.0)
    got = k.signals["hip_extension_l"]
    assert np.max(np.abs(got[20:-20] - expected[20:-20])) < 0.5
    world = k.world_signals["hip_extension_l"]
    assert np.max(np.abs(world[20:-20] - expected[20:-20])) < 0.5


def test_segment_to_reference_angles():
    up = image_to_upright(stick_frame(200, 20, -70)[None, :, :2] * np.array([1280, 720]))
    sig = signals_from_frame(to_exercise_frame(up, 1))
    assert sig["trunk_to_horizontal"][0] == pytest.approx(20.0)
    assert sig["shin_to_vertical_l"][0] == pytest.approx(20.0)
    assert sig["thigh_to_horizontal_r"][0] == pytest.approx(20.0)


def test_long_gap_stays_missing():
    angles = np.tile([[200.0, 20.0, -80.0]], (120, 1))
    seq = stick_sequence(angles)
    img = seq.image.copy()
    img[40:80] = np.nan
    from hipcoach.pose.types import PoseSequence

    gap = PoseSequence(seq.t, img, seq.world, seq.visibility, seq.width, seq.height)
    k = compute_kinematics(gap)
    assert np.isnan(k.signals["hip_extension_l"][45:75]).all()
    assert np.isfinite(k.signals["hip_extension_l"][:35]).all()
    assert k.signals["hip_extension_l"][10] == pytest.approx(180.0, abs=0.5)

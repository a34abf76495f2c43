"""Timeline, camera and noise: labels match the spec, facing, the far side, out of frame."""

from __future__ import annotations

import numpy as np
import pytest

from hipcoach.pose.landmarks import Landmark
from hipcoach.synth.kinematic import EXERCISES, CameraSpec, ClipSpec, NoiseSpec, generate
from hipcoach.synth.kinematic.noise import far_mask
from hipcoach.synth.motion import Phase


def _runs(mask: np.ndarray) -> int:
    m = mask.astype(int)
    return int(np.sum(np.diff(np.concatenate([[0], m])) == 1))


@pytest.mark.parametrize(
    ("exercise", "sets", "reps"),
    [("glute-bridge", 2, 3), ("upright-hip-thrust", 2, 4), ("ball-bridge-curl", 3, 2)],
)
def test_phases_and_counts_match_the_spec(exercise: str, sets: int, reps: int) -> None:
    clip = generate(ClipSpec(exercise=exercise, sets=sets, reps=reps, rest_s=5, setup_s=3))
    lab = clip.labels
    assert lab.rep_count == sets * reps
    assert _runs(lab.phase == Phase.RISING) == sets * reps
    assert _runs(lab.phase == Phase.LOWERING) == sets * reps
    assert _runs(lab.phase == Phase.REST) == sets  # between sets, and the tail
    # The set-up comes first and counts nothing.
    setup = lab.phase == Phase.SETUP
    assert setup[0] and _runs(setup) == 1
    assert (lab.rep_index[setup] == -1).all() and (lab.set_index[setup] == -1).all()
    for s in range(sets):
        in_set = lab.set_index == s
        assert sorted(set(lab.rep_index[in_set]) - {-1}) == list(range(reps))
    for r in clip.motion.reps:
        i_start, i_top = round(r.start_s * 30), round(r.top_s * 30)
        assert lab.rep_index[i_start] == r.rep_index and lab.set_index[i_top] == r.set_index
        assert lab.phase[i_top] == Phase.TOP


def test_tempo_and_hold_follow_the_spec() -> None:
    spec = ClipSpec(
        exercise="glute-bridge", sets=1, reps=3, tempo=(1.0, 2.0, 1.5), tempo_jitter=0.0
    )
    for r in generate(spec).motion.reps:
        assert r.top_s - r.start_s == pytest.approx(1.0, abs=0.04)
        assert r.end_s - r.top_s == pytest.approx(3.5, abs=0.04)
        assert r.hold_s == pytest.approx(2.0)


def test_sides_alternate_by_rep_and_by_set() -> None:
    reps = generate(
        ClipSpec(exercise="quadruped-kickback", sets=1, reps=4, side="alternating")
    ).motion.reps
    assert [r.side for r in reps] == ["left", "right", "left", "right"]
    reps = generate(
        ClipSpec(exercise="quadruped-kickback", sets=2, reps=2, side="alternating-sets", rest_s=3)
    ).motion.reps
    assert [r.side for r in reps] == ["left", "left", "right", "right"]
    reps = generate(
        ClipSpec(exercise="step-up", sets=2, reps=2, side="right", rest_s=3)
    ).motion.reps
    assert {r.side for r in reps} == {"right"}


def test_only_the_working_leg_moves_in_a_unilateral_rep() -> None:
    clip = generate(ClipSpec(exercise="quadruped-kickback", sets=1, reps=2, side="right"))
    m = clip.motion
    r = m.reps[0]
    lo, hi = round(r.start_s * 30), round(r.end_s * 30)
    assert np.ptp(m.hip_extension("r")[lo:hi]) > 60
    assert np.ptp(m.hip_extension("l")[lo:hi]) < 1


def test_facing_flips_image_x_but_not_the_signed_angle() -> None:
    base = ClipSpec(exercise="glute-bridge", sets=1, reps=2, faults={"hyperextension": (1,)})
    right = generate(base.model_copy(update={"camera": CameraSpec(facing="right")}))
    left = generate(base.model_copy(update={"camera": CameraSpec(facing="left")}))
    nose, hip = Landmark.NOSE, Landmark.LEFT_HIP
    i = round(right.motion.reps[0].top_s * 30)
    dx_r = right.pixels_clean[i, nose, 0] - right.pixels_clean[i, hip, 0]
    dx_l = left.pixels_clean[i, nose, 0] - left.pixels_clean[i, hip, 0]
    assert dx_r * dx_l < 0  # the head points the other way in the image
    busy = right.labels.rep_index >= 0
    # The near side seen from either side gives the same signed angle, close to the 3-D truth
    # (perspective from a camera 0.7 m up accounts for the rest).
    a, b = right.labels.hip_deg_2d["right"][busy], left.labels.hip_deg_2d["left"][busy]
    assert np.max(np.abs(a - b)) < 0.5
    assert np.max(np.abs(a - right.labels.hip_deg_3d["right"][busy])) < 6.0
    assert np.mean(np.abs(a - right.labels.hip_deg_3d["right"][busy])) < 3.0
    peak2d = right.labels.hip_deg_2d["right"][round(right.motion.reps[1].top_s * 30)]
    assert peak2d > 190  # hyper-extension stays above 180 in 2-D, not folded back


def test_the_far_side_is_noisier_and_less_visible() -> None:
    spec = ClipSpec(
        exercise="standing-kickback",
        sets=1,
        reps=3,
        camera=CameraSpec(facing="right"),
        noise=NoiseSpec(jitter_px=2.0, far_factor=3.0, outlier_rate=0.0, dropout_rate=0.0),
    )
    clip = generate(spec)
    ok = clip.pose.detected
    err = np.linalg.norm(clip.pose.pixels()[ok] - clip.pixels_clean[ok], axis=-1)
    far = far_mask("right")
    assert far[Landmark.LEFT_HIP] and not far[Landmark.RIGHT_HIP]
    assert np.median(err[:, far]) > 2.0 * np.median(err[:, ~far])
    vis = clip.pose.visibility[ok]
    assert vis[:, far].mean() < vis[:, ~far].mean() - 0.2


def test_dropouts_are_missing_not_zero() -> None:
    spec = ClipSpec(
        exercise="glute-bridge", sets=1, reps=3, noise=NoiseSpec(dropout_rate=0.05, dropout_burst=3)
    )
    pose = generate(spec).pose
    lost = ~pose.detected
    assert 0.01 < lost.mean() < 0.2
    assert np.isnan(pose.image[lost]).all() and (pose.visibility[lost] == 0).all()


def test_stepping_out_of_frame_loses_the_person() -> None:
    spec = ClipSpec(
        exercise="glute-bridge",
        sets=2,
        reps=2,
        rest_s=12,
        out_of_frame_after=(0,),
        exit_at_end=True,
        noise=NoiseSpec.none(),
    )
    clip = generate(spec)
    away = clip.labels.phase == Phase.OUT_OF_FRAME
    assert _runs(away) == 2
    assert not clip.pose.detected[away].any()
    assert not clip.labels.in_frame[away].any()
    assert clip.pose.detected[clip.labels.rep_index >= 0].all()
    assert clip.labels.rep_count == 4


def test_world_landmarks_are_hip_centred_metres() -> None:
    clip = generate(ClipSpec(exercise="step-up", sets=1, reps=2, noise=NoiseSpec.none()))
    ok = clip.pose.detected
    w = clip.pose.world[ok]
    mid = (w[:, Landmark.LEFT_HIP] + w[:, Landmark.RIGHT_HIP]) / 2
    assert np.abs(mid).max() < 0.02
    thigh = np.linalg.norm(w[:, Landmark.LEFT_KNEE] - w[:, Landmark.LEFT_HIP], axis=-1)
    assert thigh == pytest.approx(np.full(len(thigh), clip.motion.body.thigh), abs=0.01)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_nothing_goes_through_the_floor(exercise: str) -> None:
    from hipcoach.synth.kinematic import random_spec

    rng = np.random.default_rng(11)
    for _ in range(3):
        clip = generate(random_spec(exercise, rng))
        busy = clip.labels.rep_index >= 0
        assert clip.landmarks_3d[busy][..., 2].min() > -0.005


def test_build_motion_takes_a_body() -> None:
    from hipcoach.synth.kinematic import build_motion
    from hipcoach.synth.motion import BodyDims

    body = BodyDims.from_height(1.6, leg_ratio=1.1)
    m = build_motion(ClipSpec(exercise="hip-thrust", sets=1, reps=2), body=body)
    assert m.body == body

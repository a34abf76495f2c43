"""The renderer's pure parts (rotations, wrist rule, floor levelling, job list, CLI listing).

The body model itself needs the render extra; these run everywhere.
"""

from __future__ import annotations

import numpy as np
import pytest

from hipcoach.synth.kinematic import faults_for
from hipcoach.synth.kinematic.exercises import SCRIPTS
from hipcoach.synth.render.__main__ import main
from hipcoach.synth.render.body import PosedBody, _align, _rot_about, hand_angle
from hipcoach.synth.render.clip import level
from hipcoach.synth.render.jobs import CAMERA_SETUPS, benchmark_jobs, demo_job


def test_rotation_about_lateral_axis_moves_sagittal_angles_as_documented() -> None:
    # A right-hand turn about +y by b maps the sagittal angle theta to theta - b.
    r = _rot_about(np.array([0.0, 1.0, 0.0]), np.array([30.0]))[0]
    v = r @ np.array([1.0, 0.0, 0.0])
    assert np.degrees(np.arctan2(v[2], v[0])) == pytest.approx(-30.0)
    assert np.allclose(r @ r.T, np.eye(3))


@pytest.mark.parametrize(
    "v, w", [((1, 0, 0), (0, 0, 1)), ((0.3, 0.9, -0.2), (0, 0, -1)), ((0, 0, 1), (0, 0, -1))]
)
def test_align_takes_one_direction_to_the_other(v: tuple[float, ...], w: tuple[float, ...]) -> None:
    a = np.asarray(v, float) / np.linalg.norm(v)
    b = np.asarray(w, float) / np.linalg.norm(w)
    r = _align(a, b)
    assert np.allclose(r @ a, b, atol=1e-9)
    assert np.linalg.det(r) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "forearm, hand", [(-90.0, 0.0), (-30.0, -30.0), (0.0, 0.0), (-60.0, -30.0)]
)
def test_hands_bend_flat_only_when_the_forearm_points_down(forearm: float, hand: float) -> None:
    assert float(hand_angle(np.array([forearm]))[0]) == pytest.approx(hand)


def _posed(lowest: np.ndarray) -> PosedBody:
    n = len(lowest)
    v = np.zeros((n, 4, 3))
    v[:, :, 2] = lowest[:, None] + np.array([0.0, 0.2, 0.5, 1.0])
    return PosedBody(v, np.zeros((0, 3), np.int64), {}, ["root"] * 4)


def test_levelling_puts_floor_contacts_on_the_floor_and_keeps_a_box_step() -> None:
    low = np.full(60, -0.03)
    low[20:40] = 0.35  # standing on a box: far above the floor, not to be pulled down
    dz = level(_posed(low))
    assert np.allclose((low + dz)[:15], 0.0, atol=1e-9)
    assert np.all(low[20:40] + dz[20:40] > 0.3)
    assert np.all(low + dz >= -1e-9)


def test_job_list_covers_every_exercise_fault_body_and_camera() -> None:
    jobs = benchmark_jobs()
    assert len(jobs) >= 24 and len({j.name for j in jobs}) == len(jobs)
    assert {j.spec.exercise for j in jobs} == set(SCRIPTS)
    shown = {(j.spec.exercise, f) for j in jobs for f in j.spec.faults}
    assert shown == {(e, f) for e in SCRIPTS for f in faults_for(e)}
    assert {j.body_type for j in jobs} == {"slim-female", "heavy-male", "athletic-male"}
    assert {j.camera_setup for j in jobs} == set(CAMERA_SETUPS)
    assert all(3 <= j.spec.total_reps <= 6 for j in jobs)
    assert all(abs(j.spec.camera.yaw_deg) <= 20 for j in jobs)
    demo = demo_job()
    assert demo.spec.exercise == "glute-bridge" and not demo.spec.faults and demo.spec.reps == 3


def test_cli_lists_the_set_without_the_render_extra(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(benchmark_jobs())
    assert main(["--only", "no-such-clip", "--out", "/nonexistent"]) == 2

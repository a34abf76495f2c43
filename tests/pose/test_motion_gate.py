"""The motion gate: settle a pose that moved far, reuse one where nothing moved.

The unit tests drive the gate with a scripted estimator; the slow one runs BlazePose on a
rendered hip thrust, where the gate is what brings the 1 s holds back at 7.5 frames/s.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from hipcoach.pose.estimator import EstimatorBase, Frame, FramePose
from hipcoach.pose.motion_gate import BODY_JOINTS, MotionGate, MotionGateSettings, body_move

ROOT = Path(__file__).resolve().parents[2]
RENDERED = ROOT / "benchmarks" / "data" / "rendered"
W, H = 640, 480


def _pose(x_shift: float) -> FramePose:
    """A lying body across the frame, shifted right by ``x_shift`` (fraction of the width)."""
    img = np.full((33, 3), 0.5)
    img[:, 0] = 0.5 + x_shift
    img[BODY_JOINTS, 0] = np.linspace(0.2, 0.8, len(BODY_JOINTS)) + x_shift
    img[:, 1] = np.linspace(0.4, 0.6, 33)
    return FramePose(img, np.zeros((33, 3)), np.ones(33))


class Scripted(EstimatorBase):
    """Answers from a list, one answer per call, and counts the calls."""

    def __init__(self, answers: list[FramePose | None]) -> None:
        self.answers = list(answers)
        self.calls = 0

    def process(self, frame_rgb: Frame, t: float) -> FramePose | None:
        self.calls += 1
        return self.answers.pop(0)


def _frame(level: int = 100) -> Frame:
    f = np.full((H, W, 3), 30, np.uint8)
    f[190:290, 120:520] = level  # the "person"
    return f


def test_body_move_is_a_fraction_of_the_body() -> None:
    a, b = _pose(0.0), _pose(0.06)
    # The body spans 0.6 of the width, the move is 0.06 of it: a tenth of the body.
    assert body_move(a, b, W, H) == pytest.approx(0.1, abs=1e-6)
    assert body_move(a, a, W, H) == 0.0
    hidden = dataclasses.replace(b, image=np.full((33, 3), np.nan))
    assert body_move(a, hidden, W, H) == float("inf")


def test_still_frames_reuse_the_settled_pose_and_a_change_runs_the_model() -> None:
    p = _pose(0.0)
    inner = Scripted([p, p, p])
    gate = MotionGate(inner, MotionGateSettings(settle_frac=0.04))
    assert gate.process(_frame(), 0.0) is p  # first frame: the model runs
    assert gate.process(_frame(), 0.1) is p  # not settled yet (nothing to compare): runs
    assert inner.calls == 2
    for i in range(5):  # still frames after a settled pose: no model run
        assert gate.process(_frame(), 0.2 + i / 10) is p
    assert inner.calls == 2 and gate.model_runs_["reused"] == 5
    gate.process(_frame(level=200), 0.8)  # the person's pixels changed: the model runs
    assert inner.calls == 3


def test_camera_noise_is_not_motion() -> None:
    rng = np.random.default_rng(0)
    p = _pose(0.0)
    inner = Scripted([p, p])

    def noisy() -> Frame:
        return np.clip(_frame() + rng.normal(0, 4, (H, W, 3)), 0, 255).astype(np.uint8)

    gate = MotionGate(inner, MotionGateSettings(settle_frac=0.04))
    gate.process(noisy(), 0.0)
    gate.process(noisy(), 0.1)
    for i in range(5):
        gate.process(noisy(), 0.2 + i / 10)
    assert inner.calls == 2


def test_a_far_move_is_settled_by_running_the_same_frame_again() -> None:
    # The tracker lags: its first answer after a jump is half-way, the next ones catch up.
    inner = Scripted([_pose(0.0), _pose(0.05), _pose(0.095), _pose(0.1), _pose(0.1)])
    gate = MotionGate(inner, MotionGateSettings(settle_frac=0.04, settle_max=3, still_frac=0))
    gate.process(_frame(), 0.0)
    out = gate.process(_frame(level=120), 0.1)
    assert out is not None and out.image[0, 0] == pytest.approx(0.6)  # caught up (0.5 + 0.1)
    assert inner.calls == 4 and gate.settled_ == 2  # stopped once the answer stopped moving


def test_settle_max_bounds_the_extra_runs_and_off_means_off() -> None:
    far: list[FramePose | None] = [_pose(0.0), *(_pose(0.1 * k) for k in range(1, 6))]
    inner = Scripted(far)
    gate = MotionGate(inner, MotionGateSettings(settle_frac=0.04, settle_max=2, still_frac=0))
    gate.process(_frame(), 0.0)
    gate.process(_frame(level=120), 0.1)
    assert inner.calls == 1 + 1 + 2
    inner = Scripted(far)
    gate = MotionGate(inner, MotionGateSettings(settle_frac=0.0, still_frac=0.0))
    for i in range(3):
        gate.process(_frame(), i / 10)
    assert inner.calls == 3 and gate.settled_ == 0 and gate.reused_ == 0


def test_nobody_found_is_never_reused() -> None:
    p = _pose(0.0)
    inner = Scripted([p, p, None, None, p])
    gate = MotionGate(inner)
    gate.process(_frame(), 0.0)
    gate.process(_frame(), 0.1)
    assert gate.process(_frame(level=200), 0.2) is None
    assert gate.process(_frame(level=200), 0.3) is None  # ran again, did not reuse "nobody"
    assert inner.calls == 4


@pytest.mark.slow
def test_gate_brings_back_the_holds_blazepose_loses_at_a_low_rate() -> None:
    """hip-thrust__clean-2: 1 s holds. Without the gate the tracker reaches the top late and
    the holds shrink; with it every hold is within 0.2 s of the rendered truth."""
    from hipcoach.analysis.pipeline import analyze
    from hipcoach.app.coach import CoachRequest, load_sequence
    from hipcoach.config import Settings

    clip = RENDERED / "hip-thrust__clean-2.mp4"
    truth = json.loads(clip.with_suffix(".json").read_text())
    true_holds = [r["hold_s"] for s in truth["sets"] for r in s["reps"]]

    def holds(**kw: object) -> list[float]:
        settings = Settings(pose_fps=7.5, pose_workers=1, **kw)
        seq, _ = load_sequence(CoachRequest(video=clip), settings=settings)
        result = analyze(seq, "hip-thrust")
        assert result.rep_count == len(true_holds)
        return [r.hold_s for r in result.reps]

    gated = holds()
    plain = holds(pose_settle=0.0, pose_reuse_still=False)
    assert max(abs(a - b) for a, b in zip(gated, true_holds, strict=True)) <= 0.2
    assert max(abs(a - b) for a, b in zip(plain, true_holds, strict=True)) > 0.5


def test_a_pose_without_coordinates_gives_no_still_reference() -> None:
    empty = dataclasses.replace(FramePose.nan(), people=1)
    inner = Scripted([empty] * 3)
    gate = MotionGate(inner)
    for i in range(3):
        assert gate.process(_frame(), i / 10) is empty
    assert inner.calls == 3 and gate.reused_ == 0 and gate.settled_ == 0

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from hipcoach.pose import PoseSequence
from hipcoach.pose.estimator import (
    EstimatorBase,
    FramePose,
    PoseEstimator,
    SequenceBuilder,
    estimate_sequence,
)
from hipcoach.pose.replay import ReplayEstimator


def _walking_sequence(n: int = 10, fps: float = 30.0) -> PoseSequence:
    """A sequence whose landmarks encode the frame index; frames 3 and 4 have nobody."""
    seq = PoseSequence.empty(n, width=640, height=360, fps=fps, source="synthetic")
    image = np.repeat(np.linspace(0.1, 0.9, 33)[None, :, None], n, axis=0).repeat(3, axis=2)
    image = image + np.arange(n)[:, None, None] * 0.001
    vis = np.full((n, 33), 0.9)
    image[3:5] = np.nan
    vis[3:5] = 0
    return PoseSequence(seq.t, image, image * 0.5, vis, 640, 360, "synthetic")


def test_frame_pose_checks_shapes() -> None:
    with pytest.raises(
        ValueError, match=r"FramePose.image: expected shape \(33, 3\), got \(32, 3\)"
    ):
        FramePose(np.zeros((32, 3)), np.zeros((33, 3)), np.zeros(33))


def test_replay_reproduces_the_recording_through_the_loop() -> None:
    seq = _walking_sequence()
    est = ReplayEstimator(seq)
    assert isinstance(est, PoseEstimator)
    with est:
        out = estimate_sequence(est, est.frames(), width=640, height=360, source="replay")
    np.testing.assert_array_equal(out.t, seq.t)
    np.testing.assert_array_equal(out.image, seq.image)
    np.testing.assert_array_equal(out.visibility, seq.visibility)
    assert out.detected.tolist() == seq.detected.tolist()
    assert out.meta["max_people"] == 1 and out.meta["crop_frames"] == 0


def test_replay_from_a_landmark_file_and_a_lower_rate(tmp_path: Path) -> None:
    seq = _walking_sequence(30)
    seq.save(tmp_path / "lm.npz")
    est = ReplayEstimator(tmp_path / "lm.npz")
    # A 10 fps pass over a 30 fps recording picks every third recorded frame.
    frames = ((t, np.zeros((2, 2, 3), np.uint8)) for t in np.arange(10) / 10)
    out = estimate_sequence(est, frames, width=640, height=360)
    np.testing.assert_allclose(out.image[5], seq.image[15])


def test_replay_answers_none_off_the_recorded_times() -> None:
    est = ReplayEstimator(_walking_sequence(), tolerance_s=0.005)
    frame = np.zeros((2, 2, 3), np.uint8)
    assert est.process(frame, 1 / 30) is not None
    assert est.process(frame, 1 / 60) is None  # between two recorded frames
    assert est.process(frame, 5.0) is None  # after the end
    assert est.process(frame, 3 / 30) is None  # nobody in that frame


class _Counting(EstimatorBase):
    """Sees two people in every other frame; records whether it was closed."""

    def __init__(self) -> None:
        self.closed = False

    def process(self, frame_rgb: np.ndarray, t: float) -> FramePose | None:
        k = round(t * 10)
        if k % 3 == 2:
            return None
        nan = FramePose.nan()
        return FramePose(
            np.full((33, 3), 0.5), nan.world, np.ones(33), people=1 + k % 2, via_crop=k == 0
        )

    def close(self) -> None:
        self.closed = True


def test_loop_streams_frames_and_counts_people() -> None:
    alive: list[weakref.ref[np.ndarray]] = []

    def frames() -> Iterator[tuple[float, np.ndarray]]:
        for i in range(9):
            frame = np.zeros((360, 640, 3), np.uint8)
            alive.append(weakref.ref(frame))
            yield i / 10, frame
            del frame
            gc.collect()
            # Only the frame just yielded may still be referenced: nothing accumulates.
            assert sum(r() is not None for r in alive) <= 1

    with _Counting() as est:
        seq = estimate_sequence(est, frames(), width=640, height=360)
    assert est.closed
    assert seq.detected.tolist() == [True, True, False] * 3
    assert seq.meta == {"max_people": 2, "several_people_frames": 3, "crop_frames": 1}


def test_empty_stream_gives_an_empty_sequence() -> None:
    seq = SequenceBuilder(width=64, height=48).build()
    assert len(seq) == 0 and seq.meta["max_people"] == 0

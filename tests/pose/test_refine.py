from __future__ import annotations

import numpy as np
import pytest

from hipcoach.pose import PoseSequence
from hipcoach.pose.extract import ExtractOptions, extract_pose
from hipcoach.pose.refine import extract_windows, merge_sequences, merge_windows
from hipcoach.pose.replay import ReplayEstimator


def _recording(n: int = 60) -> PoseSequence:
    """Landmarks for every frame of a 30 fps video; x encodes the frame index."""
    seq = PoseSequence.empty(n, width=64, height=48, fps=30)
    image = np.zeros((n, 33, 3))
    image[:, :, 0] = np.arange(n)[:, None] / 1000
    return PoseSequence(seq.t, image, image, np.ones((n, 33)), 64, 48)


def test_merge_windows() -> None:
    assert merge_windows([(3, 2), (0, 1)]) == [(0, 1), (2, 3)]
    assert merge_windows([(0, 1), (1.2, 2)], gap_s=0.5) == [(0, 2)]


@pytest.mark.slow
def test_windows_at_full_rate_merged_into_a_coarse_pass(video) -> None:  # type: ignore[no-untyped-def]
    path = video("a.mp4", n=60, fps=30)
    truth = _recording()

    def factory() -> ReplayEstimator:
        return ReplayEstimator(truth)

    coarse = extract_pose(path, factory(), options=ExtractOptions(fps=5))
    assert len(coarse) == 10
    fine = extract_windows(path, [(1.0, 1.2), (0.5, 0.6)], factory, warmup_s=0.1)
    # Every frame inside the windows, none outside.
    np.testing.assert_allclose(fine.t, np.r_[15:18, 30:36] / 30, atol=1e-6)
    merged = merge_sequences(coarse, fine)
    assert np.all(np.diff(merged.t) > 0)
    assert len(merged) == len(coarse) + len(fine) - 1  # t = 1.0 s is in both
    np.testing.assert_allclose(merged.image[:, 0, 0] * 1000, np.round(merged.t * 30))
    assert merged.meta["refined_frames"] == len(fine)


def test_merge_refuses_different_sizes() -> None:
    with pytest.raises(ValueError, match="frame sizes differ"):
        merge_sequences(
            PoseSequence.empty(2, width=64, height=48), PoseSequence.empty(2, width=32, height=48)
        )

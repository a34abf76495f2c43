from __future__ import annotations

import numpy as np
import pytest

from hipcoach.errors import DataError
from hipcoach.pose import PoseSequence


def test_wrong_shape_says_expected_and_got() -> None:
    with pytest.raises(ValueError, match=r"expected shape \(3, 33, 3\), got \(3, 32, 3\)"):
        PoseSequence(
            np.zeros(3), np.zeros((3, 32, 3)), np.zeros((3, 33, 3)), np.zeros((3, 33)), 640, 360
        )


def test_time_must_not_go_backwards() -> None:
    seq = PoseSequence.empty(3, width=640, height=360)
    with pytest.raises(ValueError, match="non-decreasing"):
        PoseSequence(np.array([0, 2, 1.0]), seq.image, seq.world, seq.visibility, 640, 360)


def test_round_trip_and_missing_frames(tmp_path) -> None:  # type: ignore[no-untyped-def]
    seq = PoseSequence.empty(4, width=640, height=360, fps=25)
    image = seq.image.copy()
    image[1] = 0.5
    seq = PoseSequence(seq.t, image, seq.world, seq.visibility, 640, 360, "x")
    assert seq.detected.tolist() == [False, True, False, False]
    assert seq.fps == pytest.approx(25)
    seq.save(tmp_path / "a.npz")
    back = PoseSequence.load(tmp_path / "a.npz")
    np.testing.assert_array_equal(back.image, seq.image)
    assert (back.width, back.height, back.source) == (640, 360, "x")


def test_bad_landmark_file_is_a_data_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    p = tmp_path / "bad.npz"
    p.write_bytes(b"not a zip")
    with pytest.raises(DataError, match="not a usable hipcoach landmark file"):
        PoseSequence.load(p)

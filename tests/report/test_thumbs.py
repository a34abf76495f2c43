"""Thumbnails: each moment's frame is found by seeking, not by reading the whole video."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from hipcoach.analysis.results import SessionAnalysis
from hipcoach.pose.types import PoseSequence
from hipcoach.report.overlays import OverlayTimeline
from hipcoach.report.thumbs import Moment, _frame_near, grab_thumbnails

FPS = 30


def _level(i: int) -> int:
    return (i * 7) % 200 + 20


@pytest.fixture(scope="module")
def indexed_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 s at 30 frames/s, a key frame every 4 s; frame i is a flat grey of level _level(i)."""
    path = tmp_path_factory.mktemp("thumbs") / "indexed.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=FPS, options={"g": "120", "crf": "10"})
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(12 * FPS):
            rgb = np.full((48, 64, 3), _level(i), np.uint8)
            container.mux(stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        container.mux(stream.encode())
    return path


@pytest.mark.parametrize("t_s", [0.0, 1.0, 5.5, 7.98, 11.95])
def test_the_frame_nearest_the_moment_is_found(indexed_video: Path, t_s: float) -> None:
    found = _frame_near(indexed_video, t_s, side=480)
    assert found is not None
    t, rgb = found
    i = round(t_s * FPS)
    assert t == pytest.approx(i / FPS, abs=1e-3)
    # The pixels are that frame's (its neighbours differ by 7 grey levels).
    assert abs(float(rgb.mean()) - _level(i)) < 3


def test_a_moment_past_the_end_gets_a_grey_canvas(indexed_video: Path) -> None:
    seq = PoseSequence.empty(3, width=64, height=48)
    timeline = OverlayTimeline(SessionAnalysis.empty("glute-bridge"), seq)
    moments = [Moment(30.0, "late", ""), Moment(2.0, "early", "")]
    thumbs = grab_thumbnails(indexed_video, timeline, moments)
    assert [t.moment.title for t in thumbs] == ["early", "late"]
    assert _frame_near(indexed_video, 30.0, side=480) is None
    assert all(t.jpeg[:2] == b"\xff\xd8" for t in thumbs)


def test_after_a_turn_the_overlay_shows_the_leg_nearer_the_camera_in_that_set(
    analysis: SessionAnalysis,
) -> None:
    import dataclasses

    a = analysis
    turned = (a.sets[0], dataclasses.replace(a.sets[1], facing="left", near_side="r"))
    a = dataclasses.replace(a, sets=turned)
    seq = PoseSequence.empty(len(a.signals.t), width=64, height=48, fps=30)
    timeline = OverlayTimeline(a, seq)
    assert timeline.at(2.0, 64, 48).side == "left"  # set 1: the analysis's near side
    assert timeline.at(21.0, 64, 48).side == "right"  # set 2, after the turn

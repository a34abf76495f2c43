from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import av
import numpy as np
import pytest

from hipcoach.report.annotate import Overlay
from hipcoach.report.video_writer import VideoWriter, ahead, render_annotated

pytestmark = pytest.mark.slow  # encodes and decodes (tiny) videos


def _decode(path: Path) -> tuple[str, list[float], list[np.ndarray]]:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        frames = [(float(f.time), f.to_ndarray(format="rgb24")) for f in c.decode(s)]
        return s.codec_context.name, [t for t, _ in frames], [a for _, a in frames]


def test_writes_h264_with_the_given_timestamps(tmp_path: Path) -> None:
    times = [0.0, 0.033, 0.1, 0.5, 0.52, 1.0]  # variable frame rate, as a phone records
    with VideoWriter(tmp_path / "o.mp4", fps=30, width=64, height=48) as w:
        for i, t in enumerate(times):
            w.write(np.full((48, 64, 3), 40 * i, np.uint8), t)
    codec, got, frames = _decode(tmp_path / "o.mp4")
    assert codec == "h264"
    np.testing.assert_allclose(got, times, atol=1e-3)
    assert abs(int(frames[3].mean()) - 120) <= 3  # content survives the encoding


@pytest.mark.parametrize("width", [64, 70, 202])
def test_frames_keep_their_content_whatever_the_row_padding(tmp_path: Path, width: int) -> None:
    """Frames are copied into the encoder's plane row by row; rows of 70 or 202 pixels are
    padded there (line size past width * 3), 64 are not."""
    path = tmp_path / "o.mp4"
    frame = np.zeros((48, width, 3), np.uint8)
    frame[:, width // 2 :] = 255
    frame[:8] = (200, 40, 40)  # a red band on top
    with VideoWriter(path, fps=25, width=width, height=48) as w:
        w.write(frame, 0.0)
    _, _, frames = _decode(path)
    out = frames[0].astype(int)
    assert out.shape == frame.shape
    assert np.abs(out[12:, 4 : width // 2 - 4]).max() < 30
    assert (out[12:, width // 2 + 4 : -4] > 225).all()
    assert np.abs(out[1:6, 4:-4] - (200, 40, 40)).max() < 40


def test_odd_size_is_trimmed_to_even(tmp_path: Path) -> None:
    with VideoWriter(tmp_path / "o.mp4", fps=25, width=65, height=49) as w:
        w.write(np.zeros((49, 65, 3), np.uint8))
        w.write(np.zeros((49, 65, 3), np.uint8))
        with pytest.raises(ValueError, match="frame is 10x10"):
            w.write(np.zeros((10, 10, 3), np.uint8))
    _, times, frames = _decode(tmp_path / "o.mp4")
    assert frames[0].shape == (48, 64, 3)
    assert times == pytest.approx([0, 0.04], abs=1e-3)


def test_render_annotated_streams_source_to_output(tmp_path: Path) -> None:
    src = tmp_path / "src.mp4"
    with VideoWriter(src, fps=30, width=320, height=180) as w:
        for _ in range(15):
            w.write(np.full((180, 320, 3), 90, np.uint8))
    seen: list[tuple[float, int, int]] = []

    def overlay_at(t: float, width: int, height: int) -> Overlay:
        seen.append((t, width, height))
        return Overlay(reps=int(t * 10), cues=["Drive through the heels"])

    n = render_annotated(src, tmp_path / "out.mp4", overlay_at)
    assert n == 15 and len(seen) == 15 and seen[0][1:] == (320, 180)
    _, _, frames = _decode(tmp_path / "out.mp4")
    assert len(frames) == 15
    assert (frames[5][-10:] < 80).mean() > 0.8  # the darkened cue banner


def test_render_annotated_keeps_frame_order_and_times(tmp_path: Path) -> None:
    """Frames are drawn on a thread ahead of the encoder: they still come out in order, each
    with its own overlay and timestamp."""
    src = tmp_path / "src.mp4"
    with VideoWriter(src, fps=25, width=64, height=48) as w:
        for i in range(40):
            w.write(np.full((48, 64, 3), 0, np.uint8), i / 25)
    white_from = 0.8

    def overlay_at(t: float, width: int, height: int) -> Overlay:
        # A white stroke across the frame from 0.8 s on: encoded order shows in the output.
        pts = np.full((33, 2), np.nan)
        if t >= white_from:
            pts[[11, 23, 25, 27]] = [[5, 5], [60, 5], [60, 40], [5, 40]]
        return Overlay(pts, side="left")

    render_annotated(src, tmp_path / "out.mp4", overlay_at)
    _, times, frames = _decode(tmp_path / "out.mp4")
    assert times == pytest.approx([i / 25 for i in range(40)], abs=1e-3)
    lit = [bool((f > 100).any()) for f in frames]
    assert lit == [i / 25 >= white_from for i in range(40)]


def test_ahead_raises_the_producers_error_and_stops_it_early() -> None:
    def failing() -> Iterator[int]:
        yield 1
        raise OSError("disk gone")

    got: list[int] = []
    with pytest.raises(OSError, match="disk gone"):
        for item in ahead(failing()):
            got.append(item)
    assert got == [1]

    made: list[int] = []

    def endless() -> Iterator[int]:
        i = 0
        while True:
            made.append(i)
            yield i
            i += 1

    stream = ahead(endless(), depth=2)
    assert [next(stream) for _ in range(3)] == [0, 1, 2]
    stream.close()  # the consumer stops: the producer must stop too
    n = len(made)
    assert n <= 3 + 2 + 2  # what was consumed, the queue, and one in hand
    time.sleep(0.1)
    assert len(made) == n


def test_a_failed_write_stops_the_drawing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src.mp4"
    with VideoWriter(src, fps=25, width=64, height=48) as w:
        for i in range(100):
            w.write(np.zeros((48, 64, 3), np.uint8), i / 25)
    drawn: list[float] = []

    def overlay_at(t: float, width: int, height: int) -> Overlay:
        drawn.append(t)
        return Overlay(reps=1)

    real_write = VideoWriter.write

    def write(self: VideoWriter, frame: np.ndarray, t: float | None = None) -> None:
        if self.frames_written == 5:
            raise OSError("No space left on device")
        real_write(self, frame, t)

    monkeypatch.setattr(VideoWriter, "write", write)
    try:
        render_annotated(src, tmp_path / "out.mp4", overlay_at)
    except OSError as exc:
        # While the error is handled (its traceback keeps render_annotated's frame alive), the
        # drawing thread has already ended, not left waiting on a full queue; it drew only a
        # few frames ahead.
        assert "No space left" in str(exc)
        assert not [t for t in threading.enumerate() if t.name == "hipcoach-ahead"]
        assert len(drawn) < 20
    else:
        pytest.fail("the failed write was not raised")


def test_unwritable_folder(tmp_path: Path) -> None:
    from hipcoach.errors import HipcoachError

    with pytest.raises(HipcoachError, match="cannot write the video"):
        VideoWriter(tmp_path / "no" / "such" / "o.mp4", fps=30, width=64, height=48)

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from hipcoach.report.annotate import Overlay
from hipcoach.report.video_writer import VideoWriter, render_annotated

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


def test_unwritable_folder(tmp_path: Path) -> None:
    from hipcoach.errors import HipcoachError

    with pytest.raises(HipcoachError, match="cannot write the video"):
        VideoWriter(tmp_path / "no" / "such" / "o.mp4", fps=30, width=64, height=48)

"""Video helpers for the CLI tests: blank videos to replay landmarks over, and bad videos made
from the demo clip with PyAV (cut, painted over, shrunk into a big canvas, doubled side by side).
Nothing binary is stored in the repository."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from hipcoach.pose.video import VideoReader

DEMO_CLIP = Path(__file__).resolve().parents[2] / "src/hipcoach/data/demo/glute-bridge.mp4"

Frame = np.ndarray


def write_frames(
    path: Path,
    frames: list[tuple[float, Frame]] | None = None,
    *,
    n: int = 0,
    size: tuple[int, int] = (64, 48),
    fps: float = 30.0,
    faststart: bool = False,
) -> Path:
    """Write ``frames`` ((t, rgb) pairs) or ``n`` grey frames of ``size`` as H.264 MP4."""
    options = {"movflags": "+faststart"} if faststart else {}
    container = av.open(str(path), "w", format="mp4", options=options)
    if frames is None:
        w, h = size
        frames = [(i / fps, np.full((h, w, 3), 90, np.uint8)) for i in range(n)]
    h, w = frames[0][1].shape[:2] if frames else (size[1], size[0])
    stream = container.add_stream("libx264", rate=Fraction(fps).limit_denominator(1001))
    stream.width, stream.height, stream.pix_fmt = w - w % 2, h - h % 2, "yuv420p"
    stream.time_base = Fraction(1, 1000)
    stream.options = {"preset": "ultrafast", "crf": "20"}
    if not frames:
        container.start_encoding()
    last = -1
    for t, rgb in frames:
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb[: h - h % 2, : w - w % 2]))
        last = max(round(t * 1000), last + 1)
        frame.pts, frame.time_base = last, Fraction(1, 1000)
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return path


def transform_demo(
    path: Path,
    fn: Callable[[Frame], Frame],
    *,
    seconds: float | None = None,
    max_side: int = 640,
    faststart: bool = False,
) -> Path:
    """The demo clip (its first ``seconds``), each frame passed through ``fn``, written to ``path``."""
    reader = VideoReader(DEMO_CLIP, max_side=max_side, end_s=seconds)
    frames = [(t, fn(rgb)) for t, rgb in reader.frames()]
    return write_frames(path, frames, fps=reader.info.fps or 30.0, faststart=faststart)


def cut_bytes(src: Path, dst: Path, keep: float) -> Path:
    """Copy the first ``keep`` share of ``src``'s bytes (an interrupted copy or recording)."""
    data = src.read_bytes()
    dst.write_bytes(data[: int(len(data) * keep)])
    return dst


def shrink_into_canvas(scale: float, canvas: tuple[int, int]) -> Callable[[Frame], Frame]:
    """A frame function: the picture scaled by ``scale`` into the middle of a grey canvas."""
    from PIL import Image

    def fn(rgb: Frame) -> Frame:
        h, w = rgb.shape[:2]
        small = np.asarray(
            Image.fromarray(rgb).resize((max(2, round(w * scale)), max(2, round(h * scale))))
        )
        cw, ch = canvas
        out = np.full((ch, cw, 3), 120, np.uint8)
        y, x = (ch - small.shape[0]) // 2, (cw - small.shape[1]) // 2
        out[y : y + small.shape[0], x : x + small.shape[1]] = small
        return out

    return fn


def side_by_side(rgb: Frame) -> Frame:
    """Two copies of the scene next to each other: two people in view."""
    return np.ascontiguousarray(np.concatenate([rgb, rgb[:, ::-1]], axis=1))


def painted(rgb: Frame) -> Frame:
    """The frame painted over: an empty, flat picture."""
    return np.full_like(rgb, 110)

"""Fixtures for the pose tests: tiny videos written with PyAV on the fly (no binary fixtures)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest


def pattern(i: int, width: int, height: int) -> np.ndarray:
    """A frame with a white block in the top-left corner and a brightness that encodes ``i``."""
    a = np.full((height, width, 3), (i * 7) % 200 + 20, np.uint8)
    a[: height // 4, : width // 4] = 255
    return a


def make_video(
    path: Path,
    *,
    n: int = 30,
    width: int = 64,
    height: int = 48,
    fps: int = 30,
    times: Sequence[float] | None = None,
    rotation: int = 0,
    codec: str = "libx264",
    noise: bool = False,
    options: dict[str, str] | None = None,
) -> Path:
    """Write ``n`` frames; ``times`` (seconds) gives a variable frame rate; ``rotation`` sets the
    display matrix (counter-clockwise degrees) as a phone does."""
    rng = np.random.default_rng(0)
    container = av.open(str(path), "w", options=options or {})
    stream = container.add_stream(codec, rate=fps)
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    if times is not None:
        stream.time_base = Fraction(1, 1000)
        stream.codec_context.time_base = Fraction(1, 1000)
    if rotation:
        stream.set_display_rotation(rotation)
    if n == 0:
        container.start_encoding()
    for i in range(n):
        a = pattern(i, width, height)
        if noise:
            a = rng.integers(0, 255, a.shape, dtype=np.uint8)
        frame = av.VideoFrame.from_ndarray(a, format="rgb24")
        if times is not None:
            frame.pts = round(times[i] * 1000)
            frame.time_base = Fraction(1, 1000)
        for packet in stream.encode(frame):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return path


@pytest.fixture
def video(tmp_path: Path):  # type: ignore[no-untyped-def]
    """video("name.mp4", **make_video options) -> path of a fresh tiny video in tmp_path."""

    def build(name: str, **kwargs: object) -> Path:
        return make_video(tmp_path / name, **kwargs)  # type: ignore[arg-type]

    return build

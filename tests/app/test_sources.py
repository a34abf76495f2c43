"""Live frame sources: pacing against a (fake) wall clock, dropping frames when behind."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from hipcoach.app.sources import CameraSource, FileSource
from hipcoach.errors import InputError, UsageError


class FakeClock:
    def __init__(self, work_s: float = 0.0) -> None:
        self.now = 100.0
        self.work_s = work_s  # time each frame's processing takes
        self.slept = 0.0

    def clock(self) -> float:
        self.now += self.work_s
        return self.now

    def sleep(self, s: float) -> None:
        self.slept += s
        self.now += s


def _video(tmp_path: Path, n: int = 30) -> Path:
    """``n`` grey 64x48 frames at 30 fps."""
    path = tmp_path / "v.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for _ in range(n):
            frame = av.VideoFrame.from_ndarray(np.full((48, 64, 3), 90, np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def test_real_speed_waits_for_each_frame(tmp_path: Path) -> None:
    fake = FakeClock()
    src = FileSource(_video(tmp_path), speed=1.0, clock=fake.clock, sleep=fake.sleep)
    times = [t for t, _ in src.frames()]
    assert len(times) == 30 and src.dropped == 0
    assert fake.slept == pytest.approx(29 / 30, abs=0.01)  # the clip's length, in wall time


def test_double_speed_takes_half_the_time(tmp_path: Path) -> None:
    fake = FakeClock()
    src = FileSource(_video(tmp_path), speed=2.0, clock=fake.clock, sleep=fake.sleep)
    assert len(list(src.frames())) == 30
    assert fake.slept == pytest.approx(29 / 60, abs=0.01)


def test_slow_processing_drops_frames_instead_of_lagging(tmp_path: Path) -> None:
    fake = FakeClock(work_s=0.1)  # 100 ms a frame: a third of real time
    src = FileSource(_video(tmp_path), speed=1.0, clock=fake.clock, sleep=fake.sleep)
    kept = len(list(src.frames()))
    assert src.dropped > 0 and kept + src.dropped == 30
    assert kept < 15


def test_speed_zero_keeps_every_frame_without_waiting(tmp_path: Path) -> None:
    fake = FakeClock(work_s=1.0)
    src = FileSource(_video(tmp_path), speed=0, clock=fake.clock, sleep=fake.sleep)
    assert len(list(src.frames())) == 30 and fake.slept == 0 and src.dropped == 0


def test_bad_speed_and_missing_camera(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--speed"):
        FileSource(_video(tmp_path), speed=-1)
    with pytest.raises(InputError, match="no camera"):
        CameraSource(97)

"""Live frame sources: a video file played at real speed (or faster), or a camera via PyAV.

A live source yields ``(t, rgb)`` like :class:`hipcoach.pose.video.VideoReader`, but paced to a
wall clock: at ``speed`` 1 a 20-second file takes 20 seconds, and when processing falls behind
the source drops frames instead of lagging further (as a camera would). ``speed`` 0 plays as
fast as possible with no drops (tests, batch replays).

>>> src = FileSource("bridge.mp4", speed=0)  # doctest: +SKIP
>>> for t, rgb in src.frames():  # doctest: +SKIP
...     pass
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hipcoach.errors import InputError, UsageError

Frame = NDArray[np.uint8]


class FileSource:
    """A video file played against the wall clock.

    Args:
        path: the video.
        speed: playback speed (1 = real time, 2 = twice as fast, 0 = as fast as possible).
        max_side: scale frames so the long side is at most this.
        clock, sleep: injectable for tests.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        speed: float = 1.0,
        max_side: int | None = 640,
        clock: Callable[[], float] = time.perf_counter,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if speed < 0:
            raise UsageError(
                f"--speed must be 0 or more, got {speed}", "1 is real time, 0 as fast as possible"
            )
        from hipcoach.pose.video import VideoReader

        self.reader = VideoReader(path, max_side=max_side, strict=False)
        self.speed = speed
        self.clock = clock
        self.sleep = sleep
        self.dropped = 0
        self.name = str(path)

    @property
    def size(self) -> tuple[int, int]:
        return self.reader.size

    def frames(self) -> Iterator[tuple[float, Frame]]:
        start: float | None = None
        t0 = 0.0
        frame_s = 1.0 / (self.reader.info.fps or 30.0)
        for t, rgb in self.reader.frames():
            if self.speed == 0:
                yield t, rgb
                continue
            now = self.clock()
            if start is None:
                start, t0 = now, t
            due = start + (t - t0) / self.speed
            if now < due:
                self.sleep(due - now)
            elif now - due > frame_s / self.speed:
                # Behind by more than a frame: drop this one, as a live camera would.
                self.dropped += 1
                continue
            yield t, rgb


class CameraSource:
    """A camera read through PyAV's v4l2 input (Linux), with timestamps from the device.

    >>> CameraSource(0).device  # doctest: +SKIP
    '/dev/video0'
    """

    def __init__(self, index: int, *, size: tuple[int, int] = (640, 480), fps: int = 30) -> None:
        self.device = f"/dev/video{index}"
        self.size = size
        self.fps = fps
        self.dropped = 0
        self.name = f"camera:{index}"
        if not Path(self.device).exists():
            raise InputError(
                f"no camera at {self.device}",
                "check the camera is plugged in (ls /dev/video*), or give a video file instead",
            )

    def frames(self) -> Iterator[tuple[float, Frame]]:
        import av

        try:
            container: Any = av.open(
                self.device,
                format="v4l2",
                options={
                    "video_size": f"{self.size[0]}x{self.size[1]}",
                    "framerate": str(self.fps),
                },
            )
        except (av.error.FFmpegError, OSError) as exc:
            raise InputError(
                f"cannot open the camera {self.device}: {exc}",
                "close other programs using the camera, or try another --camera index",
            ) from exc
        try:
            stream = container.streams.video[0]
            origin = None
            for frame in container.decode(stream):
                pts = float(frame.pts * stream.time_base) if frame.pts is not None else time.time()
                origin = pts if origin is None else origin
                yield pts - origin, frame.to_ndarray(format="rgb24")
        finally:
            container.close()

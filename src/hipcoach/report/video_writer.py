"""Writing H.264 MP4 files with PyAV, one frame at a time (nothing is held in memory).

The files play in browsers (yuv420p, ``+faststart`` so the index comes first) and keep the
source's real timestamps, so a variable-frame-rate phone video stays in sync.

>>> with VideoWriter("annotated.mp4", fps=30, width=640, height=360) as out:  # doctest: +SKIP
...     for t, frame in frames:
...         out.write(draw_overlay(frame, overlay_at(t)), t)
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Generator, Iterator
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import av
import numpy as np
from numpy.typing import NDArray

from hipcoach.errors import HipcoachError
from hipcoach.pose.video import VideoReader
from hipcoach.report.annotate import Overlay, OverlayStyle, draw_overlay

_T = TypeVar("_T")

# Millisecond ticks: fine enough for any camera's timestamps, coarse enough for every muxer.
_TIME_BASE = Fraction(1, 1000)


class VideoWriter:
    """An MP4 (H.264) writer fed with RGB frames.

    Args:
        path: output file (``.mp4``); its folder must exist.
        fps: nominal rate, used when :meth:`write` gets no timestamp.
        width, height: frame size; odd sizes are cut down by one pixel (H.264 wants even).
        crf: quality (lower is better; 18 looks lossless, 28 small).
        preset: x264 speed/size trade-off ("ultrafast" ... "veryslow").
        threads: encoder threads (None: x264 decides; 1 gives byte-identical output).
    """

    def __init__(
        self,
        path: Path | str,
        *,
        fps: float,
        width: int,
        height: int,
        crf: int = 23,
        preset: str = "veryfast",
        threads: int | None = None,
    ) -> None:
        if fps <= 0:
            raise ValueError(f"VideoWriter: fps must be positive, got {fps}")
        self.path = Path(path)
        self.fps = fps
        self.width = width - width % 2
        self.height = height - height % 2
        if self.width < 2 or self.height < 2:
            raise ValueError(f"VideoWriter: frame size too small: {width}x{height}")
        if not self.path.parent.is_dir():
            raise HipcoachError(
                f"cannot write the video {self.path}: the folder {self.path.parent} does not exist",
                "create the folder first or choose another output path",
            )
        try:
            self._container: Any = av.open(
                str(self.path), "w", format="mp4", options={"movflags": "+faststart"}
            )
        except (av.error.FFmpegError, OSError) as exc:
            raise HipcoachError(
                f"cannot write the video {self.path}: {exc}",
                "check that the folder exists and is writable",
            ) from exc
        rate = Fraction(fps).limit_denominator(1001)
        options = {"crf": str(crf), "preset": preset}
        if threads is not None:
            # One thread makes the bytes reproducible (the renderer relies on it).
            options["threads"] = str(threads)
        self._stream: Any = self._container.add_stream("libx264", rate=rate, options=options)
        self._stream.width, self._stream.height = self.width, self.height
        self._stream.pix_fmt = "yuv420p"
        # Both time bases: the encoder would otherwise round timestamps to 1/fps slots.
        self._stream.time_base = _TIME_BASE
        self._stream.codec_context.time_base = _TIME_BASE
        self._last_pts = -1
        self.frames_written = 0

    def write(self, frame_rgb: NDArray[np.uint8], t: float | None = None) -> None:
        """Append a frame shown at ``t`` seconds (None: the next slot at ``fps``)."""
        if frame_rgb.ndim != 3 or frame_rgb.shape[2] != 3:
            raise ValueError(f"VideoWriter.write: expected (H, W, 3) RGB, got {frame_rgb.shape}")
        h, w = frame_rgb.shape[:2]
        if (w, h) != (self.width, self.height):
            if w - w % 2 == self.width and h - h % 2 == self.height:
                frame_rgb = frame_rgb[: self.height, : self.width]
            else:
                raise ValueError(
                    f"VideoWriter.write: frame is {w}x{h}, the video is {self.width}x{self.height}"
                )
        frame = self._frame(frame_rgb)
        seconds = t if t is not None else self.frames_written / self.fps
        # Strictly increasing pts: two source frames in the same millisecond still both play.
        pts = max(round(seconds * 1000), self._last_pts + 1)
        frame.pts, frame.time_base = pts, _TIME_BASE
        self._last_pts = pts
        for packet in self._stream.encode(frame):
            self._container.mux(packet)
        self.frames_written += 1

    def _frame(self, rgb: NDArray[np.uint8]) -> Any:
        """A new frame holding ``rgb``, copied straight into its plane (0.3 ms a 720p frame,
        where ``VideoFrame.from_ndarray`` takes 3 ms)."""
        frame = av.VideoFrame(self.width, self.height, "rgb24")
        plane = frame.planes[0]
        # Rows may be padded past width * 3 bytes: write through a strided view of the plane.
        rows = np.frombuffer(memoryview(plane), np.uint8).reshape(self.height, plane.line_size)
        rows[:, : self.width * 3] = np.reshape(rgb, (self.height, self.width * 3))
        return frame

    def close(self) -> None:
        """Flush the encoder and finish the file; safe to call twice."""
        if self._container is None:
            return
        for packet in self._stream.encode():
            self._container.mux(packet)
        self._container.close()
        self._container = None

    def __enter__(self) -> VideoWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def render_annotated(
    source: Path | str,
    out_path: Path | str,
    overlay_at: Callable[[float, int, int], Overlay],
    *,
    max_side: int | None = 1280,
    style: OverlayStyle | None = None,
    on_frame: Callable[[float], None] | None = None,
    crf: int = 23,
) -> int:
    """Decode ``source``, draw ``overlay_at(t, width, height)`` on each frame, write ``out_path``.

    Streams frame by frame; returns the number of frames written. The callback gets the frame
    size so it can scale normalised landmarks (see ``annotate.landmarks_to_px``). A damaged
    source is annotated up to the damage.
    """
    reader = VideoReader(source, max_side=max_side, strict=False)
    width, height = reader.size
    fps = reader.info.fps or 30.0

    def drawn() -> Iterator[tuple[float, NDArray[np.uint8]]]:
        for t, frame in reader.frames():
            h, w = frame.shape[:2]
            yield t, draw_overlay(frame, overlay_at(t, w, h), style)

    frames = ahead(drawn())
    # closing(): a failed write stops the drawing thread at once, not when frames is collected.
    with (
        contextlib.closing(frames),
        VideoWriter(out_path, fps=fps, width=width, height=height, crf=crf) as writer,
    ):
        for t, frame in frames:
            writer.write(frame, t)
            if on_frame is not None:
                on_frame(t)
        return writer.frames_written


_END = object()


def ahead(items: Iterator[_T], depth: int = 8) -> Generator[_T, None, None]:
    """Yield ``items``, produced up to ``depth`` ahead on a thread of their own.

    Decoding and drawing then run beside the encoding (PyAV and PIL release the GIL for most
    of their work): a 62 s 720p clip annotates in 16.3 s instead of 24.2 s on 2 cores
    (``benchmarks/report_speed.py``). An error
    in the producer is raised here; stopping early stops the producer.

    >>> list(ahead(iter(range(5)), depth=2))
    [0, 1, 2, 3, 4]
    """
    q: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                q.put(item)
        except BaseException as exc:  # handed to the consumer, raised there
            q.put(exc)
        finally:
            q.put(_END)

    thread = threading.Thread(target=produce, name="hipcoach-ahead", daemon=True)
    thread.start()
    try:
        while (item := q.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            with contextlib.suppress(queue.Empty):
                q.get(timeout=0.05)
        thread.join()

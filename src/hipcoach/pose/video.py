"""Video input with PyAV: metadata, upright RGB frames with real timestamps, streamed.

Timestamps come from each frame's pts (variable frame rate stays exact); phone videos are
turned upright from their display matrix; frames are scaled once by FFmpeg's swscale on the way
out (cheaper than resizing RGB arrays afterwards). Bad files raise the input errors of
:mod:`hipcoach.errors` with what is wrong and what to do.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np

from hipcoach.errors import (
    CorruptVideoError,
    EmptyVideoError,
    InputError,
    NotAVideoError,
)
from hipcoach.pose.estimator import Frame

# Leading bytes of the containers a camera or phone writes: a file that starts like one of them
# but cannot be opened is a damaged video, not "not a video".
_CONTAINER_MAGIC: tuple[tuple[int, bytes], ...] = (
    (4, b"ftyp"),  # MP4, MOV, 3GP
    (4, b"moov"),
    (4, b"mdat"),
    (4, b"wide"),
    (0, b"\x1a\x45\xdf\xa3"),  # Matroska, WebM
    (0, b"RIFF"),  # AVI
    (0, b"\x00\x00\x01\xba"),  # MPEG-PS
    (0, b"G"),  # MPEG-TS sync byte (weak; only used to choose the wording)
    (0, b"FLV"),
    (0, b"OggS"),
)

# Measured on a 720p H.264 clip (CPU ms per frame): decode 1.2, + RGB at full size 2.2,
# + RGB scaled to 640x360 with swscale's default bilinear 4.8, fast bilinear 3.8. Scaling costs
# more than converting, so frames are only scaled when they are bigger than the model needs.
_SCALER = "FAST_BILINEAR"

# A stream that stops this much before its declared duration was cut short.
_TRUNCATION_SLACK_S = 0.5
_TRUNCATION_FRACTION = 0.9


@dataclass(frozen=True)
class VideoInfo:
    """What a video file holds, as a person would describe it.

    Attributes:
        width, height: displayed size in pixels (after rotation).
        rotation: degrees counter-clockwise applied to decoded frames to show them upright.
        fps: average frame rate (frames / duration when the container says so).
        duration_s: declared duration (0 when unknown).
        frame_count: declared or estimated number of frames.
    """

    path: Path
    container: str
    codec: str
    width: int
    height: int
    rotation: int
    fps: float
    duration_s: float
    frame_count: int

    def output_size(self, max_side: int | None) -> tuple[int, int]:
        """Displayed size scaled so the long side is at most ``max_side`` (even numbers).

        >>> VideoInfo(Path("a"), "mp4", "h264", 1920, 1080, 0, 30, 1, 30).output_size(640)
        (640, 360)
        """
        return _fit(self.width, self.height, max_side)


def _fit(width: int, height: int, max_side: int | None) -> tuple[int, int]:
    if not max_side or max(width, height) <= max_side:
        return width, height
    scale = max_side / max(width, height)
    # Even sizes: yuv420p encoders (the annotated video) need them.
    return max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2)


def _looks_like_container(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(16)
    return any(head[off : off + len(magic)] == magic for off, magic in _CONTAINER_MAGIC)


def _open(path: Path) -> Any:
    """av.open with our errors: missing, empty, not a video, or damaged."""
    if not path.exists():
        raise InputError(f"{path}: no such file", "check the path and the file name")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a video file", "give the path of a video file")
    if path.stat().st_size == 0:
        raise EmptyVideoError(
            f"{path}: the file is empty (0 bytes)",
            "the recording or the copy failed; record or copy the video again",
        )
    try:
        container = av.open(str(path), metadata_errors="ignore")
    except av.error.FFmpegError as exc:
        if _looks_like_container(path):
            raise CorruptVideoError(
                f"{path}: looks like a video container but cannot be opened ({exc.strerror})",
                "the file is probably cut short (an interrupted recording or copy); "
                "copy it again from the camera or phone",
            ) from exc
        raise NotAVideoError(
            f"{path}: not a video file FFmpeg can read",
            "give a video such as .mp4, .mov, .mkv, .webm or .avi",
        ) from exc
    if not container.streams.video and not len(container.streams):
        # A recording stopped before its first frame: the muxer drops the empty track.
        container.close()
        raise EmptyVideoError(
            f"{path}: the video has no frames",
            "record again; the camera stopped before the first frame was saved",
        )
    if not container.streams.video:
        container.close()
        raise NotAVideoError(
            f"{path}: has no video stream (audio or data only)",
            "give a file that contains the recorded video",
        )
    return container


def _rotation_of(frame: av.VideoFrame, stream: Any) -> int:
    """Counter-clockwise degrees (0, 90, 180, 270) that show the frame upright."""
    rot = 0
    try:
        rot = round(float(frame.rotation))
    except (AttributeError, ValueError):
        rot = 0
    if rot == 0:
        # Older files carry a clockwise 'rotate' tag instead of a display matrix.
        tag = stream.metadata.get("rotate")
        if tag:
            try:
                rot = -int(float(tag))
            except ValueError:
                rot = 0
    return (round(rot / 90) * 90) % 360


def probe(path: Path | str) -> VideoInfo:
    """Read a video's metadata (decodes only the first frame, for the rotation).

    >>> probe("holiday.txt")  # doctest: +SKIP
    Traceback (most recent call last):
    hipcoach.errors.InputError: holiday.txt: no such file
    """
    path = Path(path)
    container = _open(path)
    try:
        stream = container.streams.video[0]
        first = None
        try:
            for frame in container.decode(stream):
                first = frame
                break
        except av.error.FFmpegError as exc:
            raise CorruptVideoError(
                f"{path}: the first frame cannot be decoded ({exc.strerror})",
                "the file is damaged; copy it again from the camera or phone",
            ) from exc
        if first is None:
            raise EmptyVideoError(
                f"{path}: the video has no frames",
                "record again; the camera stopped before the first frame was saved",
            )
        rotation = _rotation_of(first, stream)
        cw, ch = first.width, first.height
        width, height = (ch, cw) if rotation in (90, 270) else (cw, ch)
        duration = 0.0
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / 1_000_000
        fps = 0.0
        if stream.frames and duration > 0:
            fps = stream.frames / duration
        elif stream.average_rate:
            fps = float(stream.average_rate)
        elif stream.guessed_rate:
            fps = float(stream.guessed_rate)
        frames = int(stream.frames) or (round(duration * fps) if duration and fps else 0)
        return VideoInfo(
            path=path,
            container=str(container.format.name),
            codec=str(stream.codec_context.name),
            width=width,
            height=height,
            rotation=rotation,
            fps=fps,
            duration_s=duration,
            frame_count=frames,
        )
    finally:
        container.close()


class VideoReader:
    """Streams upright RGB frames with their presentation times.

    Args:
        path: the video file.
        max_side: scale frames so the long side is at most this many pixels (None: as stored).
        fps: analysis rate; frames are dropped (before the RGB conversion, which is the costly
            part) so that at most one frame per ``1/fps`` seconds comes out. None keeps all.
        threads: let FFmpeg decode with several threads.
        strict: raise CorruptVideoError where the file is damaged; otherwise stop there and
            keep the error in :attr:`damage`.
        start_s, end_s: read only frames with ``start_s <= t < end_s`` (seeking to the key
            frame before ``start_s``), for chunked processing.
        skip_nonref: let the decoder drop frames no other frame depends on (most B-frames):
            about a third less decoding work when ``fps`` is well below the video's rate;
            the frames that come out keep their exact timestamps.
        head_s, head_fps: read the first ``head_s`` seconds at ``head_fps`` instead of ``fps``
            (a denser start: the rep counter needs a settled baseline before the first rep).

    After iterating, :attr:`frames_read` and :attr:`seconds_read` say how much came out.

    >>> reader = VideoReader("squat.mp4", max_side=640, fps=15)  # doctest: +SKIP
    >>> for t, rgb in reader.frames():  # doctest: +SKIP
    ...     pass
    """

    def __init__(
        self,
        path: Path | str,
        *,
        max_side: int | None = None,
        fps: float | None = None,
        threads: bool = True,
        strict: bool = True,
        start_s: float = 0.0,
        end_s: float | None = None,
        skip_nonref: bool = False,
        head_s: float = 0.0,
        head_fps: float | None = None,
    ) -> None:
        if fps is not None and fps <= 0:
            raise ValueError(f"VideoReader: fps must be positive, got {fps}")
        if head_fps is not None and head_fps <= 0:
            raise ValueError(f"VideoReader: head_fps must be positive, got {head_fps}")
        self.path = Path(path)
        self.info = probe(self.path)
        self.max_side = max_side
        self.fps = fps
        self.threads = threads
        self.strict = strict
        self.start_s = start_s
        self.end_s = end_s
        self.skip_nonref = skip_nonref
        self.head_s = head_s
        self.head_fps = head_fps
        self.frames_read = 0
        self.seconds_read = 0.0
        self.damage: CorruptVideoError | None = None

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the frames that come out."""
        return self.info.output_size(self.max_side)

    def _keep(self, t: float, prev_t: float | None) -> bool:
        # A fixed time grid (not "1/fps after the last kept frame") so that chunks read in
        # parallel select exactly the frames a single pass would.
        rate = self.head_fps if t < self.head_s - 1e-9 else self.fps
        if rate is None or prev_t is None:
            return True
        return math.floor(t * rate + 1e-6) > math.floor(prev_t * rate + 1e-6)

    def _damaged(self, reason: str) -> CorruptVideoError:
        return CorruptVideoError(
            f"{self.path}: the video is damaged after {self.seconds_read:.1f} s "
            f"({self.frames_read} frames read): {reason}",
            "the frames before the damage were kept; copy the file again from the camera "
            "or phone to analyse the rest",
        )

    def frames(self) -> Iterator[tuple[float, Frame]]:
        """Yield ``(t, rgb)``: seconds from the stream start, an (H, W, 3) uint8 C-contiguous array."""
        self.frames_read = 0
        self.seconds_read = 0.0
        self.damage = None
        container = _open(self.path)
        try:
            yield from self._decode(container)
        finally:
            container.close()

    def _decode(self, container: Any) -> Iterator[tuple[float, Frame]]:
        stream = container.streams.video[0]
        if self.threads:
            stream.thread_type = "AUTO"
        if self.skip_nonref:
            stream.codec_context.skip_frame = "NONREF"
        tb = stream.time_base
        origin = stream.start_time if stream.start_time is not None else 0
        rotation = self.info.rotation
        out_w, out_h = self.size
        coded_w, coded_h = (out_h, out_w) if rotation in (90, 270) else (out_w, out_h)
        if self.start_s > 0:
            try:
                container.seek(
                    origin + int(self.start_s / tb), stream=stream, backward=True, any_frame=False
                )
            except av.error.FFmpegError as exc:
                self._fail(self._damaged(f"cannot seek to {self.start_s:.1f} s ({exc.strerror})"))
                return
        prev_t: float | None = None
        last_t = -math.inf
        index = 0
        try:
            for frame in container.decode(stream):
                if frame.pts is not None and tb is not None:
                    t = float((frame.pts - origin) * tb)
                else:
                    t = index / (self.info.fps or 30.0)
                index += 1
                # Broken muxers sometimes repeat or reorder a pts; time must not go back.
                t = max(t, last_t)
                last_t = t
                keep = self._keep(t, prev_t)
                prev_t = t
                if t < self.start_s - 1e-9:
                    continue
                if self.end_s is not None and t >= self.end_s - 1e-9:
                    break
                self.seconds_read = t
                if not keep:
                    continue
                if (frame.width, frame.height) == (coded_w, coded_h):
                    rgb = frame.to_ndarray(format="rgb24")
                else:
                    # swscale's fast bilinear: a fifth cheaper than its default, and the
                    # model resamples the frame to 256 px anyway.
                    rgb = frame.reformat(
                        width=coded_w, height=coded_h, format="rgb24", interpolation=_SCALER
                    ).to_ndarray()
                if rotation:
                    rgb = np.ascontiguousarray(np.rot90(rgb, k=rotation // 90))
                self.frames_read += 1
                yield t, rgb
        except av.error.FFmpegError as exc:
            self._fail(self._damaged(f"FFmpeg stopped with: {exc.strerror}"))
            return
        if self.frames_read == 0 and self.start_s == 0:
            raise EmptyVideoError(
                f"{self.path}: the video has no frames that can be decoded",
                "record again, or check the file plays in a video player",
            )
        declared = self.info.duration_s
        expected_end = declared if self.end_s is None else min(declared, self.end_s)
        if (
            declared > 0
            and self.seconds_read < expected_end * _TRUNCATION_FRACTION - _TRUNCATION_SLACK_S
            and (self.end_s is None or self.seconds_read < self.end_s - _TRUNCATION_SLACK_S)
        ):
            self._fail(
                self._damaged(
                    f"the file declares {declared:.1f} s but the frames stop early "
                    "(cut short while recording or copying)"
                )
            )

    def _fail(self, err: CorruptVideoError) -> None:
        self.damage = err
        if self.strict:
            raise err


def iter_frames(
    path: Path | str, *, max_side: int | None = None, fps: float | None = None
) -> Iterator[tuple[float, Frame]]:
    """Shorthand for ``VideoReader(path, ...).frames()`` (strict: damage raises).

    >>> for t, rgb in iter_frames("bridge.mp4", max_side=640):  # doctest: +SKIP
    ...     print(t, rgb.shape)
    """
    return VideoReader(path, max_side=max_side, fps=fps).frames()

"""Video file -> PoseSequence in one call: the entry point the analysis and the CLI use.

>>> seq = extract_pose("bridge.mp4")  # doctest: +SKIP
>>> seq.meta["frames_read"], seq.fps  # doctest: +SKIP
(243, 30.0)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hipcoach.pose.estimator import PoseEstimator, estimate_sequence
from hipcoach.pose.types import PoseSequence
from hipcoach.pose.video import VideoInfo, VideoReader

# The model sees a 256-pixel crop of the person, so 4K or 1080p frames only cost conversion
# time; 720p passes unscaled, because swscale's unscaled YUV->RGB path is cheaper than scaling
# (see hipcoach.pose.video) and BlazePose's own cost hardly depends on the input size.
DEFAULT_MAX_SIDE = 1280


@dataclass(frozen=True)
class ExtractOptions:
    """How to read the video for pose estimation (picklable, so worker processes get it too).

    Attributes:
        max_side: scale frames so the long side is at most this (None: full size).
        fps: analysis rate (None: every frame).
        threads: FFmpeg decoding threads.
        strict: raise on a damaged file instead of keeping the frames before the damage.
        skip_nonref: skip decoding frames nothing depends on (worth it when ``fps`` is at
            most half the video's rate).
        head_s, head_fps: the first ``head_s`` seconds at ``head_fps`` (None: ``fps``).
    """

    max_side: int | None = DEFAULT_MAX_SIDE
    fps: float | None = None
    threads: bool = True
    strict: bool = False
    skip_nonref: bool = False
    head_s: float = 0.0
    head_fps: float | None = None

    def reader(
        self, path: Path | str, *, start_s: float = 0.0, end_s: float | None = None
    ) -> VideoReader:
        return VideoReader(
            path,
            max_side=self.max_side,
            fps=self.fps,
            threads=self.threads,
            strict=self.strict,
            start_s=start_s,
            end_s=end_s,
            skip_nonref=self.skip_nonref,
            head_s=self.head_s,
            head_fps=self.head_fps,
        )


def video_meta(info: VideoInfo, reader: VideoReader) -> dict[str, object]:
    """What the report should say about the input: its format and whether it was damaged."""
    return {
        "video_fps": info.fps,
        "video_duration_s": info.duration_s,
        "video_frame_count": info.frame_count,
        "rotation": info.rotation,
        "codec": info.codec,
        "analysis_size": list(reader.size),
        "frames_read": reader.frames_read,
        "damage": None if reader.damage is None else str(reader.damage),
    }


def extract_pose(
    path: Path | str,
    estimator: PoseEstimator | None = None,
    *,
    options: ExtractOptions | None = None,
    on_frame: Callable[[float], None] | None = None,
) -> PoseSequence:
    """Decode ``path`` frame by frame and run ``estimator`` (BlazePose by default) on each.

    The sequence's size is the video's displayed size; ``meta`` adds the video's metadata,
    ``frames_read`` and ``damage`` (None, or the message for a file damaged part-way: the
    frames before the damage are kept unless ``options.strict``).
    """
    opts = options or ExtractOptions()
    reader = opts.reader(path)
    info = reader.info
    own = estimator is None
    if estimator is None:
        from hipcoach.pose.mediapipe import BlazePoseEstimator

        estimator = BlazePoseEstimator()
    try:
        seq = estimate_sequence(
            estimator,
            reader.frames(),
            width=info.width,
            height=info.height,
            source=str(path),
            on_frame=on_frame,
        )
    finally:
        if own:
            estimator.close()
    seq.meta.update(video_meta(info, reader))
    return seq

"""Settings, read from the environment (``HIPCOACH_*``) with sensible defaults.

Nothing is created at import time: call :func:`get_settings` (or build ``Settings(...)``) where
the value is needed, so tests can point everything at a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("hipcoach", appauthor=False))


class Settings(BaseSettings):
    """Where hipcoach keeps its data and how it talks to the database.

    >>> Settings(data_dir=Path("/tmp/hc")).resolved_database_url()
    'sqlite:////tmp/hc/hipcoach.db'
    """

    model_config = SettingsConfigDict(env_prefix="HIPCOACH_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    # Extra exercise files (one TOML per exercise) merged with the bundled library.
    library_dir: Path | None = None
    # Sitting-break reminders (hipcoach breaks): defaults for the command-line options.
    break_every: int = 30  # minutes between reminders, 30-60
    work_start: str = "09:00"
    work_end: str = "17:00"
    work_days: str = "mon-fri"
    # Video coach: how `hipcoach analyze` runs the pose model (benchmarks/speed.py's "ours").
    # 7.5: BlazePose costs about 16 ms a frame whatever the input size, so the frame rate sets
    # the speed; at 15 a 60 s clip needs 15 core-seconds, too many for 8x real time on two
    # cores. Rendered clips at 7.5: 26/26 exact rep counts; the motion gate below keeps hold
    # times within 0.2 s of the every-frame loop.
    # The counting gate needs enough frames before a rep that starts within a second of the
    # clip, so the first pose_head_s seconds run at pose_head_fps whatever pose_fps is.
    pose_fps: float = 7.5  # analysis frames per second (0: every frame)
    pose_head_s: float = 2.0  # seconds at the start analysed at pose_head_fps
    pose_head_fps: float = 15.0
    pose_max_side: int = 1280  # frames scaled so the long side is at most this many pixels
    pose_workers: int = 2  # processes, each on a time chunk of the video
    # At 7.5 frames/s the tracker lags a fast move (see hipcoach.pose.motion_gate): a frame
    # whose pose moved more than pose_settle of the body's size is run again (0: never); frames
    # where the person's pixels did not change reuse the last pose (pose_reuse_still). Together
    # they cost 15 % more model runs on the dense rendered clips and 11 % fewer on a 60 s clip
    # with rests.
    pose_settle: float = 0.03
    pose_reuse_still: bool = True

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'hipcoach.db'}"


def get_settings() -> Settings:
    return Settings()

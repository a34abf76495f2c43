"""Pose estimation: landmark sequences, the estimator protocol and its backends.

Importing this package never imports mediapipe; ``hipcoach.pose.mediapipe`` does, when a
BlazePose estimator is built. The names below are imported on first use, so importing one
light submodule (``hipcoach.pose.pool``, which a command loads first thing) does not pull in
numpy and PyAV.

>>> from hipcoach.pose import Landmark
>>> Landmark.LEFT_HIP.name
'LEFT_HIP'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hipcoach.pose.estimator import FramePose, PoseEstimator, estimate_sequence
    from hipcoach.pose.extract import ExtractOptions, extract_pose
    from hipcoach.pose.landmarks import SIDE_JOINTS, SKELETON, Landmark
    from hipcoach.pose.replay import ReplayEstimator
    from hipcoach.pose.types import PoseSequence
    from hipcoach.pose.video import VideoInfo, VideoReader, probe

_EXPORTS = {
    "FramePose": "hipcoach.pose.estimator",
    "PoseEstimator": "hipcoach.pose.estimator",
    "estimate_sequence": "hipcoach.pose.estimator",
    "ExtractOptions": "hipcoach.pose.extract",
    "extract_pose": "hipcoach.pose.extract",
    "SIDE_JOINTS": "hipcoach.pose.landmarks",
    "SKELETON": "hipcoach.pose.landmarks",
    "Landmark": "hipcoach.pose.landmarks",
    "ReplayEstimator": "hipcoach.pose.replay",
    "PoseSequence": "hipcoach.pose.types",
    "VideoInfo": "hipcoach.pose.video",
    "VideoReader": "hipcoach.pose.video",
    "probe": "hipcoach.pose.video",
}

__all__ = [
    "SIDE_JOINTS",
    "SKELETON",
    "ExtractOptions",
    "FramePose",
    "Landmark",
    "PoseEstimator",
    "PoseSequence",
    "ReplayEstimator",
    "VideoInfo",
    "VideoReader",
    "estimate_sequence",
    "extract_pose",
    "probe",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'hipcoach.pose' has no attribute {name!r}")

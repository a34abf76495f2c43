"""Pose estimation: landmark sequences, the estimator protocol and its backends.

Importing this package never imports mediapipe; ``hipcoach.pose.mediapipe`` does, when a
BlazePose estimator is built.
"""

from hipcoach.pose.estimator import FramePose, PoseEstimator, estimate_sequence
from hipcoach.pose.extract import ExtractOptions, extract_pose
from hipcoach.pose.landmarks import SIDE_JOINTS, SKELETON, Landmark
from hipcoach.pose.replay import ReplayEstimator
from hipcoach.pose.types import PoseSequence
from hipcoach.pose.video import VideoInfo, VideoReader, probe

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

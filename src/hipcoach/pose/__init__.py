"""Pose estimation: landmark sequences, the estimator protocol and its backends."""

from hipcoach.pose.landmarks import SIDE_JOINTS, SKELETON, Landmark
from hipcoach.pose.types import PoseSequence

__all__ = ["SIDE_JOINTS", "SKELETON", "Landmark", "PoseSequence"]

"""Kinematics: signed joint and segment angles per side, facing, near side and filters.

>>> from hipcoach.pose.types import PoseSequence
>>> compute_kinematics(PoseSequence.empty(3, width=640, height=360)).near_side
'l'
"""

from hipcoach.kinematics.angles import ANGLES, SEGMENTS, AngleDef, SegmentDef, signals_from_frame
from hipcoach.kinematics.facing import facing_sign, near_side
from hipcoach.kinematics.filters import (
    CleanSettings,
    OneEuroFilter,
    butter_lowpass,
    clean_offline,
    fill_short_gaps,
    hampel,
)
from hipcoach.kinematics.series import CausalKinematics, Kinematics, compute_kinematics

__all__ = [
    "ANGLES",
    "SEGMENTS",
    "AngleDef",
    "CausalKinematics",
    "CleanSettings",
    "Kinematics",
    "OneEuroFilter",
    "SegmentDef",
    "butter_lowpass",
    "clean_offline",
    "compute_kinematics",
    "facing_sign",
    "fill_short_gaps",
    "hampel",
    "near_side",
    "signals_from_frame",
]

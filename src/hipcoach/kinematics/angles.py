"""Angle definitions as data, and their vectorised computation.

Segments are vectors between named points; a segment's angle is ``atan2(dy, dx)`` in the
exercise frame (front = +x, up = +y; see :mod:`hipcoach.kinematics.points`), so standing
upright the trunk reads 90 and the thigh -90, as in :mod:`hipcoach.synth.motion`. Joint angles
are differences of segment angles taken modulo 360, which keeps their sign: hip extension is
180 when the thigh is in line with the trunk and above 180 when the hip (or, really, the lower
back) goes past straight. A three-point 0-180 angle would fold that back below 180.

Leg excursion (thigh to vertical, positive behind) is kept apart from hip extension (thigh to
trunk): in a standing kickback a leg "at 60 degrees" is mostly the trunk tipping forward.
Leg swing is the same excursion for the hip-to-ankle line: a steadier measure of the swing
when the leg is the far one (with a fixed knee bend it moves exactly as the thigh does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from hipcoach.kinematics.points import SIDES, point

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class SegmentDef:
    """A body segment: the vector from ``start`` to ``end`` (per side when ``sided``)."""

    start: str
    end: str
    sided: bool


@dataclass(frozen=True)
class AngleDef:
    """A derived angle.

    kind:
        ``joint``: ``(sign * (a - b) + offset) mod 360`` of segment angles ``a`` and ``b``.
        ``to_vertical`` / ``to_horizontal``: the unsigned angle (0-90) of segment ``a`` to that
        line. ``excursion``: the signed angle of segment ``a`` behind the downward vertical.
    """

    kind: Literal["joint", "to_vertical", "to_horizontal", "excursion"]
    a: str
    b: str = ""
    offset: float = 0.0
    sign: float = 1.0
    description: str = ""


SEGMENTS: dict[str, SegmentDef] = {
    "trunk": SegmentDef("mid_hip", "mid_shoulder", sided=False),
    "head": SegmentDef("mid_shoulder", "mid_ear", sided=False),
    "thigh": SegmentDef("hip", "knee", sided=True),
    "shin": SegmentDef("knee", "ankle", sided=True),
    # The whole leg as one line: twice the thigh's lever, so a poorly seen (far) leg's landmark
    # noise moves its angle about half as much.
    "leg": SegmentDef("hip", "ankle", sided=True),
    "foot": SegmentDef("heel", "foot_index", sided=True),
    "upperarm": SegmentDef("shoulder", "elbow", sided=True),
    "forearm": SegmentDef("elbow", "wrist", sided=True),
}

ANGLES: dict[str, AngleDef] = {
    "hip_extension": AngleDef(
        "joint", "trunk", "thigh", description="thigh to trunk; 180 straight, >180 past straight"
    ),
    "knee_extension": AngleDef(
        "joint", "shin", "thigh", offset=180.0, description="180 straight, smaller = bent"
    ),
    "knee_flexion": AngleDef(
        "joint", "thigh", "shin", offset=0.0, description="0 straight, 90 = right angle"
    ),
    "leg_excursion": AngleDef(
        "excursion", "thigh", description="thigh behind the downward vertical, degrees"
    ),
    "leg_swing": AngleDef(
        "excursion", "leg", description="hip-to-ankle line behind the downward vertical, degrees"
    ),
    "thigh_to_horizontal": AngleDef("to_horizontal", "thigh"),
    "shin_to_vertical": AngleDef("to_vertical", "shin"),
    "trunk_to_horizontal": AngleDef("to_horizontal", "trunk"),
    "trunk_to_vertical": AngleDef("to_vertical", "trunk"),
}


def wrap180(deg: FloatArray) -> FloatArray:
    """Wrap degrees into [-180, 180).

    >>> wrap180(np.array([190.0, -190.0])).tolist()
    [-170.0, 170.0]
    """
    return np.asarray((np.asarray(deg) + 180.0) % 360.0 - 180.0, dtype=np.float64)


def segment_angles(frame: FloatArray) -> dict[str, FloatArray]:
    """Angle of every segment (``trunk``, ``thigh_l`` ...) from exercise-frame points (T, 33, 2).

    >>> p = np.zeros((1, 33, 2)); p[0, [11, 12]] = (0, 1); p[0, [25, 26]] = (0, -1)
    >>> a = segment_angles(p); float(a["trunk"][0]), float(a["thigh_l"][0])
    (90.0, -90.0)
    """
    out: dict[str, FloatArray] = {}
    for name, seg in SEGMENTS.items():
        for side in SIDES if seg.sided else (None,):
            v = point(frame, seg.end, side) - point(frame, seg.start, side)
            key = f"{name}_{side}" if side else name
            out[key] = np.degrees(np.arctan2(v[:, 1], v[:, 0]))
    return out


def _segment(seg_angles: dict[str, FloatArray], name: str, side: str) -> FloatArray:
    return seg_angles[name] if name in seg_angles else seg_angles[f"{name}_{side}"]


def derived_angles(seg_angles: dict[str, FloatArray]) -> dict[str, FloatArray]:
    """Every :data:`ANGLES` entry per side (``hip_extension_l`` ...), plus the segment angles."""
    out = dict(seg_angles)
    for name, d in ANGLES.items():
        for side in SIDES:
            a = _segment(seg_angles, d.a, side)
            if d.kind == "joint":
                b = _segment(seg_angles, d.b, side)
                val = np.mod(d.sign * (a - b) + d.offset, 360.0)
                if name == "knee_flexion":
                    # Flexion is small and may dip just below 0 from noise: keep it continuous.
                    val = wrap180(val)
            elif d.kind == "excursion":
                val = wrap180(-90.0 - a)
            else:
                to_h = np.abs(wrap180(a))
                to_h = np.minimum(to_h, 180.0 - to_h)
                val = to_h if d.kind == "to_horizontal" else 90.0 - to_h
            if not SEGMENTS[d.a].sided and (d.kind != "joint" or not SEGMENTS[d.b].sided):
                out[name] = val
                break
            out[f"{name}_{side}"] = val
    return out


def signals_from_frame(frame: FloatArray) -> dict[str, FloatArray]:
    """All segment and joint angles from exercise-frame points (T, 33, 2).

    >>> p = np.zeros((1, 33, 2)); p[0, [11, 12]] = (0, 1); p[0, [25, 26]] = (-0.17, -1)
    >>> round(float(signals_from_frame(p)["hip_extension_l"][0]), 1)
    189.6
    """
    return derived_angles(segment_angles(frame))

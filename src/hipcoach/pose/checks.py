"""Is there a usable person in this sequence? Checks that turn landmarks into clear errors.

>>> seq = PoseSequence.empty(30, width=640, height=360)
>>> require_person(seq)
Traceback (most recent call last):
hipcoach.errors.NoPersonError: nobody was found in any of the 30 frames
Hint: film the whole body from the side, in good light, with only the exerciser in view
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hipcoach.errors import NoPersonError, PersonTooSmallError
from hipcoach.pose.types import PoseSequence

# Below this share of the frame (along the person's longer side) hip angles come from a few
# dozen pixels and the noise swamps the form faults.
MIN_PERSON_SPAN = 0.12
MIN_DETECTED_SHARE = 0.3


@dataclass(frozen=True)
class Presence:
    """How well the person was seen.

    Attributes:
        detected_share: share of frames with a person (0-1).
        span: median over detected frames of the extent of the confidently seen landmarks
            as a share of the frame (the larger of width / frame width, height / frame height).
        max_people: the most people seen at once (1 when the backend cannot tell).
    """

    frames: int
    detected_share: float
    span: float
    max_people: int


def presence(seq: PoseSequence) -> Presence:
    """Summarise detection and size.

    >>> presence(PoseSequence.empty(4, width=64, height=48)).detected_share
    0.0
    """
    det = seq.detected
    n = len(seq)
    span = 0.0
    # Only confidently seen landmarks: BlazePose also guesses where hidden limbs are, often
    # outside the frame, which would make a head-and-shoulders view look big.
    xy = np.where((seq.visibility >= 0.5)[:, :, None], seq.image[:, :, :2], np.nan)
    usable = np.isfinite(xy[:, :, 0]).sum(axis=1) >= 2
    if usable.any():
        xy = xy[usable]
        ext = np.nanmax(xy, axis=1) - np.nanmin(xy, axis=1)  # (D, 2) normalised extents
        span = float(np.median(np.clip(ext, 0, 1).max(axis=1)))
    people = seq.meta.get("max_people")
    return Presence(
        frames=n,
        detected_share=float(det.mean()) if n else 0.0,
        span=span,
        max_people=int(people) if isinstance(people, int) else int(det.any()),
    )


def require_person(
    seq: PoseSequence,
    *,
    min_detected_share: float = MIN_DETECTED_SHARE,
    min_span: float = MIN_PERSON_SPAN,
) -> Presence:
    """Raise NoPersonError or PersonTooSmallError when the sequence cannot be analysed."""
    p = presence(seq)
    if p.detected_share == 0:
        raise NoPersonError(
            f"nobody was found in any of the {p.frames} frames",
            "film the whole body from the side, in good light, with only the exerciser in view",
        )
    if p.detected_share < min_detected_share:
        raise NoPersonError(
            f"a person was found in only {p.detected_share:.0%} of the frames",
            "keep the whole body in view for the whole set; film from the side, 2-3 m away",
        )
    if p.span < min_span:
        raise PersonTooSmallError(
            f"the person fills only {p.span:.0%} of the frame (at least {min_span:.0%} needed)",
            "move the camera closer (about 2-3 m) or zoom in so the body fills most of the frame",
        )
    return p

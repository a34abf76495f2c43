"""Thumbnails of the worst moments: video frames at the fault times, with the skeleton drawn.

The moments are chosen from the analysis (each fault, worst first; with no fault, the rep with
the smallest range), each frame read by seeking to it, and each returned
as a JPEG for the HTML page to embed.

>>> from hipcoach.analysis.results import SessionAnalysis
>>> pick_moments(SessionAnalysis.empty("glute-bridge"))
[]
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.results import SessionAnalysis
from hipcoach.report.annotate import draw_overlay
from hipcoach.report.overlays import OverlayTimeline

MAX_MOMENTS = 4
THUMB_SIDE = 480  # long side of a thumbnail, pixels


@dataclass(frozen=True)
class Moment:
    """A time worth showing, and why."""

    t_s: float
    title: str
    detail: str


@dataclass(frozen=True)
class Thumbnail:
    moment: Moment
    jpeg: bytes
    width: int
    height: int


def pick_moments(analysis: SessionAnalysis, limit: int = MAX_MOMENTS) -> list[Moment]:
    """The faults that went furthest past their limit (one per rep), else the shortest rep.

    >>> from hipcoach.analysis.results import SessionAnalysis
    >>> pick_moments(SessionAnalysis.empty("glute-bridge"), limit=2)
    []
    """

    def severity(value: float, limit_: float) -> float:
        if not (np.isfinite(value) and np.isfinite(limit_)):
            return 0.0
        return abs(value - limit_) / max(abs(limit_), 1.0)

    moments: list[Moment] = []
    seen: set[tuple[int, int]] = set()
    faults = sorted(analysis.faults, key=lambda f: -severity(f.value, f.limit))
    for f in faults:
        key = (f.set_index, f.rep_index)
        if key in seen:
            continue
        seen.add(key)
        where = f"set {f.set_index + 1}, rep {f.rep_index + 1}" if f.rep_index >= 0 else ""
        title = f"{f.fault_id.replace('-', ' ')}" + (f" ({where})" if where else "")
        detail = f"{f.cue} Measured {f.value:.0f}, limit {f.limit:.0f}."
        moments.append(Moment(f.t_s, title, detail))
        if len(moments) >= limit:
            break
    if not moments and analysis.reps:
        rep = min(analysis.reps, key=lambda r: r.rom_deg)
        moments.append(
            Moment(
                rep.top_s,
                f"smallest rep (set {rep.set_index + 1}, rep {rep.index + 1})",
                f"No form faults found; this rep had the least range ({rep.rom_deg:.0f} degrees).",
            )
        )
    return sorted(moments, key=lambda m: m.t_s)


def _jpeg(rgb: NDArray[np.uint8]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgb).save(buf, format="JPEG", quality=82)
    return buf.getvalue()


def grab_thumbnails(
    video: Path | None, timeline: OverlayTimeline, moments: list[Moment], *, side: int = THUMB_SIDE
) -> list[Thumbnail]:
    """One thumbnail per moment: the video frame nearest in time with the coach's overlay drawn
    (a grey canvas without a video, or where no frame lies within ``_NEAR_S`` of the moment).

    Each moment is read on its own, seeking to the key frame before it: a 60 s clip's four
    moments cost about a tenth of a second, where one pass over the whole video converting every
    frame cost about 5 s.
    """
    if not moments:
        return []
    wanted = sorted(moments, key=lambda m: m.t_s)
    out: list[Thumbnail] = []
    for m in wanted:
        found = None if video is None else _frame_near(video, m.t_s, side)
        if found is not None:
            t, rgb = found
        else:
            seq = timeline.sequence
            scale = side / max(seq.width, seq.height)
            size = (max(2, round(seq.height * scale)), max(2, round(seq.width * scale)), 3)
            t, rgb = m.t_s, np.full(size, 60, np.uint8)
        rgb = draw_overlay(rgb, timeline.at(t, rgb.shape[1], rgb.shape[0]))
        out.append(Thumbnail(m, _jpeg(rgb), rgb.shape[1], rgb.shape[0]))
    return out


# A thumbnail shows a frame at most this far from its moment (seconds).
_NEAR_S = 0.5


def _frame_near(video: Path, t_s: float, side: int) -> tuple[float, NDArray[np.uint8]] | None:
    """The frame nearest ``t_s`` within ``_NEAR_S``: decoding starts at the key frame before the
    window, and only the window's frames are converted."""
    from hipcoach.errors import InputError
    from hipcoach.pose.video import VideoReader

    reader = VideoReader(
        video, max_side=side, strict=False, start_s=max(0.0, t_s - _NEAR_S), end_s=t_s + _NEAR_S
    )
    best: tuple[float, NDArray[np.uint8]] | None = None
    try:
        for t, rgb in reader.frames():
            if best is None or abs(t - t_s) < abs(best[0] - t_s):
                best = (t, rgb)
            if t >= t_s:
                break
    except InputError:  # no frame there at all: the thumbnail falls back to a grey canvas
        return None
    return best

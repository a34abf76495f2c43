"""Thumbnails of the worst moments: video frames at the fault times, with the skeleton drawn.

The moments are chosen from the analysis (each fault, worst first; with no fault, the rep with
the smallest range), the frames grabbed in one streaming pass over the video, and each returned
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
    (a grey canvas without a video).

    Reads the video once, stops after the last moment and keeps only the frames it needs.
    """
    if not moments:
        return []
    from hipcoach.pose.video import VideoReader

    wanted = sorted(moments, key=lambda m: m.t_s)
    frames: dict[int, tuple[float, NDArray[np.uint8]]] = {}
    if video is not None:
        reader = VideoReader(video, max_side=side, strict=False)
        last = wanted[-1].t_s
        for t, rgb in reader.frames():
            for k, m in enumerate(wanted):
                best = frames.get(k)
                if best is None or abs(t - m.t_s) < abs(best[0] - m.t_s):
                    frames[k] = (t, rgb)
            if t > last + 0.5:
                break
    out: list[Thumbnail] = []
    for k, m in enumerate(wanted):
        if k in frames:
            t, rgb = frames[k]
        else:
            seq = timeline.sequence
            scale = side / max(seq.width, seq.height)
            size = (max(2, round(seq.height * scale)), max(2, round(seq.width * scale)), 3)
            t, rgb = m.t_s, np.full(size, 60, np.uint8)
        rgb = draw_overlay(rgb, timeline.at(t, rgb.shape[1], rgb.shape[0]))
        out.append(Thumbnail(m, _jpeg(rgb), rgb.shape[1], rgb.shape[0]))
    return out

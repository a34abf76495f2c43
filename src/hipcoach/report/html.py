"""``report.html``: one self-contained page a person wants to read (no scripts, no CDN).

The chart is inline SVG and thumbnails are base64 JPEGs, so the file can be mailed or opened
from anywhere. The page is rendered with Jinja2 from ``templates/report.html``, which ships in
the package.

>>> from hipcoach.analysis.results import SessionAnalysis
>>> from hipcoach.report.table import frame_table
>>> a = SessionAnalysis.empty("glute-bridge")
>>> page = render_html(a, frame_table(a), [], source_name="bridge.mp4")
>>> "<table" in page or "No reps were counted" in page
True
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from hipcoach.analysis.results import SIDE_WORDS, SessionAnalysis
from hipcoach.library.models import Exercise
from hipcoach.report.plots import angle_chart_svg
from hipcoach.report.table import FrameTable
from hipcoach.report.thumbs import Thumbnail


@dataclass(frozen=True)
class Notice:
    """A warning shown at the top of the page; ``strong`` ones are red (results doubtful)."""

    text: str
    strong: bool = False


def _fmt(x: float | None, unit: str = "", nd: int = 1) -> str:
    if x is None or not math.isfinite(x):
        return "–"
    return f"{x:.{nd}f}{unit}"


def _time(t: float) -> str:
    if not math.isfinite(t):
        return "–"
    m, s = divmod(t, 60.0)
    return f"{int(m)}:{s:04.1f}"


def _mean(values: list[float]) -> float | None:
    vals = [v for v in values if math.isfinite(v)]
    return sum(vals) / len(vals) if vals else None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hipcoach")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "(source tree)"


def _template() -> Any:
    import jinja2

    text = resources.files("hipcoach.report").joinpath("templates/report.html").read_text("utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return env.from_string(text)


def notices_for(analysis: SessionAnalysis) -> list[Notice]:
    """The analysis's own warnings, with a strong one when the camera view is wrong.

    >>> from hipcoach.analysis.results import SessionAnalysis
    >>> [n.strong for n in notices_for(SessionAnalysis.empty("glute-bridge", ("dark",)))]
    [False]
    """
    out = [Notice(w) for w in analysis.warnings]
    view = analysis.view
    if not view.suitable and view.view not in ("unknown",):
        out.insert(
            0,
            Notice(
                f"The camera saw a {view.view} view; this exercise needs a side view. "
                "Angles, reps and faults below may be wrong: film again from the side, "
                "camera at hip height, 2-3 m away.",
                strong=True,
            ),
        )
    return out


def _fault_cues(analysis: SessionAnalysis, exercise: Exercise | None) -> list[dict[str, Any]]:
    explain = {
        f.id: f.explanation for f in (exercise.coach.faults if exercise and exercise.coach else [])
    }
    by_id: dict[str, dict[str, Any]] = {}
    for f in analysis.faults:
        entry = by_id.setdefault(
            f.fault_id,
            {
                "title": f.fault_id.replace("-", " ").capitalize(),
                "count": 0,
                "cue": f.cue,
                "why": explain.get(f.fault_id, ""),
            },
        )
        entry["count"] += 1
    return sorted(by_id.values(), key=lambda e: -int(e["count"]))


def render_html(
    analysis: SessionAnalysis,
    table: FrameTable,
    thumbs: list[Thumbnail],
    *,
    source_name: str,
    exercise: Exercise | None = None,
    notices: list[Notice] | None = None,
    has_video: bool = False,
    input_note: str = "",
) -> str:
    """Render the page. ``notices`` default to :func:`notices_for` (the caller may add its own)."""
    reps = analysis.reps
    summary = analysis.summary()
    tempo_up = _mean([r.up_s for r in reps])
    tempo_down = _mean([r.down_s for r in reps])
    target_hold = None
    if exercise is not None and exercise.scheme.hold_s:
        target_hold = f"{exercise.scheme.hold_s:g} s"
    ctx = {
        "title": f"hipcoach: {exercise.name if exercise else analysis.exercise}",
        "exercise_name": exercise.name if exercise else analysis.exercise,
        "source_name": source_name,
        "duration_s": analysis.duration_s if math.isfinite(analysis.duration_s) else 0.0,
        "recognized": analysis.recognized,
        "confidence": analysis.exercise_confidence,
        "view": analysis.view.view,
        "measured_sides": ", ".join(SIDE_WORDS.get(s, s) for s in analysis.measured_sides),
        "warnings": notices if notices is not None else notices_for(analysis),
        "rep_count": analysis.rep_count,
        "good_reps": summary["good_reps"],
        "set_count": len(analysis.sets),
        "reps_per_side": summary["reps_per_side"] if len(summary["reps_per_side"]) > 1 else {},
        "mean_hold": _fmt(summary["mean_hold_s"], " s"),
        "target_hold": target_hold,
        "mean_rom": _fmt(summary["mean_rom_deg"], "°", 0),
        "mean_peak": _fmt(summary["mean_peak_deg"], "°", 0),
        "mean_tempo": f"{_fmt(tempo_up, ' s')} / {_fmt(tempo_down, ' s')}",
        "chart_svg": angle_chart_svg(table, analysis),
        "sets": [
            {
                "index": s.index,
                "side": SIDE_WORDS.get(s.side, s.side),
                "rep_count": len(s.reps),
                "good_reps": s.good_reps,
                "mean_rom": _fmt(s.mean_rom_deg, "°", 0),
                "rest": _fmt(s.rest_before_s, " s", 0),
                "start": _time(s.start_s),
                "end": _time(s.end_s),
            }
            for s in analysis.sets
        ],
        "reps": [
            {
                "set": r.set_index + 1,
                "index": r.index + 1,
                "side": SIDE_WORDS.get(r.side, r.side),
                "start": _time(r.start_s),
                "top": _time(r.top_s),
                "end": _time(r.end_s),
                "peak": _fmt(r.peak_deg, "°", 0),
                "rom": _fmt(r.rom_deg, "°", 0),
                "hold": _fmt(r.hold_s, " s"),
                "up": _fmt(r.up_s, " s"),
                "down": _fmt(r.down_s, " s"),
                "good": r.good,
                "faults": ", ".join(sorted({f.fault_id for f in r.faults})),
            }
            for r in reps
        ],
        "thumbs": [
            {
                "title": th.moment.title,
                "detail": th.moment.detail,
                "time": _time(th.moment.t_s),
                "b64": base64.b64encode(th.jpeg).decode("ascii"),
                "width": th.width,
                "height": th.height,
            }
            for th in thumbs
        ],
        "fault_cues": _fault_cues(analysis, exercise),
        "exercise_cues": list(exercise.cues) if exercise else [],
        "version": _version(),
        "has_video": has_video,
        "input_note": input_note,
    }
    return str(_template().render(**ctx))

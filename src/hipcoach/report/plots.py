"""The hip-angle-over-time chart of the report, as an inline SVG string (no files, no CDN).

Reps are shaded, holds drawn as a thick bar at the top of each rep, faults marked with a red
triangle and their id, frames where counting was off (setting up, out of view) greyed.

>>> from hipcoach.analysis.results import SessionAnalysis
>>> from hipcoach.report.table import frame_table
>>> a = SessionAnalysis.empty("glute-bridge")
>>> angle_chart_svg(frame_table(a), a).startswith("<svg")
True
"""

from __future__ import annotations

import io
import re

import numpy as np

from hipcoach.analysis.results import SessionAnalysis
from hipcoach.report.table import FrameTable

SET_COLOURS = ("#4c78a8", "#72b7b2", "#54a24b", "#b279a2", "#9d755d")
SIDE_STYLE = {
    "hip_extension_l": ("#1f77b4", "left hip"),
    "hip_extension_r": ("#ff7f0e", "right hip"),
}


def _spans(mask: np.ndarray, t: np.ndarray) -> list[tuple[float, float]]:
    """Runs of True in ``mask`` as (start, end) times."""
    out: list[tuple[float, float]] = []
    start = None
    for i, on in enumerate(mask):
        if on and start is None:
            start = i
        elif not on and start is not None:
            out.append((float(t[start]), float(t[i - 1])))
            start = None
    if start is not None:
        out.append((float(t[start]), float(t[-1])))
    return out


def angle_chart_svg(table: FrameTable, analysis: SessionAnalysis, *, width_in: float = 10.0) -> str:
    """Draw the chart and return the ``<svg>`` element (without the XML prologue)."""
    # Imported here: matplotlib is slow to import and only the report needs it.
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, 3.6), dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    t = table.t
    if table.n:
        for a, b in _spans(~table.active, t):
            ax.axvspan(a, b, color="#eeeeee", lw=0, zorder=0)
        for rep in analysis.reps:
            colour = SET_COLOURS[rep.set_index % len(SET_COLOURS)]
            ax.axvspan(rep.start_s, rep.end_s, color=colour, alpha=0.12, lw=0, zorder=1)
        for key, (colour, label) in SIDE_STYLE.items():
            y = table.angles[key]
            if np.isfinite(y).any():
                ax.plot(t, y, color=colour, lw=1.0, alpha=0.8, label=label, zorder=3)
        drv = table.angles["driving"]
        name = analysis.signals.driving_name or "driving signal"
        if np.isfinite(drv).any() and not _same_as_a_hip(table):
            ax.plot(t, drv, color="#222222", lw=1.6, label=name.replace("_", " "), zorder=4)
        for rep in analysis.reps:
            colour = SET_COLOURS[rep.set_index % len(SET_COLOURS)]
            if rep.hold_s > 0:
                ax.plot(
                    [rep.top_s, rep.top_s + rep.hold_s],
                    [rep.peak_deg, rep.peak_deg],
                    color=colour,
                    lw=4,
                    solid_capstyle="butt",
                    zorder=5,
                )
            ax.annotate(
                str(rep.index + 1),
                (rep.top_s, rep.peak_deg),
                xytext=(0, 9),
                textcoords="offset points",
                ha="center",
                fontsize=8,
                color=colour,
            )
        for f in analysis.faults:
            fy = _value_at(table, f.t_s)
            ax.plot([f.t_s], [fy], marker="v", color="#d62728", ms=8, zorder=6)
            ax.annotate(
                f.fault_id,
                (f.t_s, fy),
                xytext=(0, -14),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color="#d62728",
            )
        ax.axhline(180.0, color="#999999", lw=0.8, ls="--", zorder=2)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    else:
        ax.text(0.5, 0.5, "no frames were analysed", ha="center", va="center")
    ax.set_xlabel("time (s)")
    ax.set_ylabel("degrees")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    buf = io.StringIO()
    # A fixed hash salt and no date keep the output reproducible (same input, same bytes).
    with matplotlib.rc_context({"svg.hashsalt": "hipcoach"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    # The RDF metadata block only names the tool; the page says that already.
    return re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)


def _same_as_a_hip(table: FrameTable) -> bool:
    """The driving signal is often one side's hip extension: don't draw the same line twice."""
    drv = table.angles["driving"]
    for key in SIDE_STYLE:
        hip = table.angles[key]
        both = np.isfinite(drv) & np.isfinite(hip)
        if both.any() and np.allclose(drv[both], hip[both], atol=1e-6):
            return True
    return False


def _value_at(table: FrameTable, t: float) -> float:
    if not table.n:
        return 180.0
    i = int(np.argmin(np.abs(table.t - t)))
    for key in ("driving", "hip_extension_l", "hip_extension_r"):
        v = float(table.angles[key][i])
        if np.isfinite(v):
            return v
    return 180.0

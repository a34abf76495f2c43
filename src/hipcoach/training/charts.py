"""Progress charts per exercise (matplotlib, Agg backend): reps, load, range of motion, form.

>>> import tempfile, pathlib
>>> from hipcoach.training.history import ProgressRow
>>> from datetime import date
>>> rows = [ProgressRow(date(2026, 3, d), d, 3, 30 + d, 10 + d // 3, 20.0 + d, 600.0, 2.0,
...                     50.0, 0.9, "good", 0) for d in (2, 5, 9)]
>>> out = pathlib.Path(tempfile.mkdtemp()) / "p.svg"
>>> progress_chart(rows, "Hip thrust", out).suffix
'.svg'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from hipcoach.errors import UsageError
from hipcoach.training.history import ProgressRow

FORMATS = (".png", ".svg")

# (title, unit, value getter): only panels with at least one value are drawn.
PANELS: tuple[tuple[str, str, Callable[[ProgressRow], float | None]], ...] = (
    ("Best set (reps)", "reps", lambda r: r.best_reps),
    ("Top load", "kg", lambda r: r.top_load_kg),
    ("Range of motion", "deg", lambda r: r.mean_rom_deg),
    ("Form score", "share of clean reps", lambda r: r.form_score),
)


def progress_chart(rows: Sequence[ProgressRow], title: str, out: Path) -> Path:
    """Draw one panel per measured quantity against the date; PNG or SVG by suffix."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(
            f"cannot write a chart as {out.name!r}",
            "name the output file .png or .svg, e.g. -o progress.png",
        )
    if not rows:
        raise UsageError(f"nothing logged for {title} yet", "log a session first: hipcoach log add")
    import matplotlib

    matplotlib.use("Agg")  # no display needed; also safe in a server or CI
    import matplotlib.pyplot as plt

    panels = [
        (name, unit, [(r.day, v) for r in rows if (v := get(r)) is not None])
        for name, unit, get in PANELS
    ]
    panels = [p for p in panels if p[2]]
    fig, axes = plt.subplots(
        len(panels), 1, figsize=(7, 2.2 * len(panels) + 0.6), sharex=True, squeeze=False
    )
    for ax, (name, unit, points) in zip(axes[:, 0], panels, strict=True):
        xs, ys = zip(*points, strict=True)
        ax.plot(xs, ys, marker="o", color="#2a6f97")
        if name == "Form score":
            ax.set_ylim(0, 1.05)
            poor = [(x, y) for x, y in points if y < 0.8]
            if poor:
                ax.scatter(*zip(*poor, strict=True), color="#c0392b", zorder=3, label="poor form")
                ax.legend(loc="lower right", fontsize=8)
        ax.set_title(name, fontsize=10, loc="left")
        ax.set_ylabel(unit, fontsize=8)
        ax.grid(alpha=0.3)
    fig.suptitle(f"{title}: progress", fontsize=12)
    fig.autofmt_xdate()
    fig.tight_layout()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out, format=suffix[1:], dpi=120)
    except OSError as exc:
        raise UsageError(f"cannot write {out}: {exc.strerror}", "choose a writable path") from exc
    finally:
        plt.close(fig)
    return out

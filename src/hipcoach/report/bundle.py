"""Write a whole report folder: ``report.html``, ``analysis.json``, ``angles.csv``, ``angles.mot``.

(``annotated.mp4`` needs the video frames again and is written by the use-case layer,
:mod:`hipcoach.coach`, which owns the video.)

>>> from hipcoach.analysis.results import SessionAnalysis
>>> from hipcoach.pose.types import PoseSequence
>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> files = write_report(out, SessionAnalysis.empty("glute-bridge"),
...                      PoseSequence.empty(0, width=64, height=48))
>>> sorted(p.name for p in files.all())
['analysis.json', 'angles.csv', 'angles.mot', 'report.html']
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hipcoach.analysis.results import SessionAnalysis
from hipcoach.errors import UsageError
from hipcoach.kinematics import compute_kinematics
from hipcoach.library.models import Exercise
from hipcoach.pose.types import PoseSequence
from hipcoach.report.exports import write_csv, write_json, write_mot
from hipcoach.report.html import Notice, render_html
from hipcoach.report.overlays import OverlayTimeline
from hipcoach.report.table import frame_table
from hipcoach.report.thumbs import grab_thumbnails, pick_moments

REPORT_FILES = ("report.html", "analysis.json", "angles.csv", "angles.mot")


@dataclass
class ReportFiles:
    """Paths of what was written (``annotated`` and ``landmarks`` only when made)."""

    folder: Path
    html: Path
    json: Path
    csv: Path
    mot: Path
    annotated: Path | None = None
    landmarks: Path | None = None
    extra: list[Path] = field(default_factory=list)

    def all(self) -> list[Path]:
        paths = [self.html, self.json, self.csv, self.mot, self.annotated, self.landmarks]
        return [p for p in paths if p is not None] + list(self.extra)


def prepare_folder(folder: Path) -> Path:
    """Create ``folder`` (and parents) and check it can be written, with a clear error if not.

    >>> prepare_folder(Path("/proc/hipcoach-report"))  # doctest: +SKIP
    Traceback (most recent call last):
    hipcoach.errors.UsageError: cannot write the report to /proc/hipcoach-report: ...
    """
    folder = Path(folder)
    hint = "choose another folder with -o/--output, or fix its permissions"
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"cannot write the report to {folder}: it is a file, not a folder", hint)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"cannot write the report to {folder}: {exc.strerror or exc}", hint
        ) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(
            f"cannot write the report to {folder}: {os.strerror(errno.EACCES).lower()}", hint
        )
    return folder


def analysis_document(analysis: SessionAnalysis, report_meta: dict[str, Any]) -> dict[str, Any]:
    """``SessionAnalysis.to_dict()`` plus a ``report`` block about the input and the tool."""
    doc = analysis.to_dict()
    doc["report"] = report_meta
    return doc


def write_report(
    folder: Path,
    analysis: SessionAnalysis,
    sequence: PoseSequence,
    *,
    video: Path | None = None,
    exercise: Exercise | None = None,
    notices: list[Notice] | None = None,
    report_meta: dict[str, Any] | None = None,
    has_video: bool = False,
    thumbnails: bool = True,
) -> ReportFiles:
    """Write the four report files into ``folder`` (created if needed) and return their paths.

    Args:
        video: the source video, for the thumbnails (a grey canvas is drawn without it).
        exercise: the library entry, for names, targets and the exercise's cues.
        notices: warnings for the top of the page (default: the analysis's own).
        report_meta: what to add under ``report`` in analysis.json (input, settings).
        has_video: an ``annotated.mp4`` will sit beside the page (the footer names it).
    """
    folder = prepare_folder(folder)
    kin = compute_kinematics(sequence) if len(sequence) and sequence.detected.any() else None
    table = frame_table(analysis, kin)
    files = ReportFiles(
        folder=folder,
        html=folder / "report.html",
        json=folder / "analysis.json",
        csv=folder / "angles.csv",
        mot=folder / "angles.mot",
    )
    try:
        write_json(analysis_document(analysis, report_meta or {}), files.json)
        with files.csv.open("w", encoding="utf-8", newline="") as fh:
            write_csv(table, fh)
        with files.mot.open("w", encoding="utf-8") as fh:
            write_mot(table, fh, name=f"hipcoach {analysis.exercise}")
        thumbs = (
            grab_thumbnails(
                video, OverlayTimeline(analysis, sequence, exercise), pick_moments(analysis)
            )
            if thumbnails and len(sequence)
            else []
        )
        source = Path(sequence.source).name if sequence.source else "clip"
        note = ""
        if report_meta and report_meta.get("landmarks_from"):
            note = f"landmarks replayed from {Path(str(report_meta['landmarks_from'])).name}"
        page = render_html(
            analysis,
            table,
            thumbs,
            source_name=source,
            exercise=exercise,
            notices=notices,
            has_video=has_video,
            input_note=note,
        )
        files.html.write_text(page, "utf-8")
    except OSError as exc:
        raise UsageError(
            f"cannot write the report to {folder}: {exc.strerror or exc}",
            "choose another folder with -o/--output, or free some disk space",
        ) from exc
    return files

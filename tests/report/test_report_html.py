"""report.html and the whole report folder, from a hand-made analysis and synthetic landmarks."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

from hipcoach.analysis.results import SessionAnalysis, ViewCheck
from hipcoach.errors import UsageError
from hipcoach.library import load_library
from hipcoach.pose.types import PoseSequence
from hipcoach.report.bundle import prepare_folder, write_report
from hipcoach.report.html import Notice, notices_for, render_html
from hipcoach.report.plots import angle_chart_svg
from hipcoach.report.table import frame_table
from hipcoach.report.thumbs import pick_moments


def test_chart_is_inline_svg_with_reps_and_faults(analysis: SessionAnalysis) -> None:
    svg = angle_chart_svg(frame_table(analysis), analysis)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "short-rep" in svg  # the fault label
    assert "time (s)" in svg
    # Same input, same bytes (no dates, fixed ids): reports can be compared.
    assert svg == angle_chart_svg(frame_table(analysis), analysis)


def test_page_has_summary_tables_chart_and_cues(analysis: SessionAnalysis) -> None:
    ex = load_library().get("glute-bridge")
    page = render_html(analysis, frame_table(analysis), [], source_name="bridge.mp4", exercise=ex)
    assert ex.name in page
    assert "<svg" in page
    assert page.count("<table") == 2  # sets and reps
    rep_rows = re.findall(r"<tr( class=\"bad\")?><td>\d</td><td>\d</td>", page)
    assert len(rep_rows) == 5 and sum(bool(c) for c in rep_rows) == 1
    assert "Lift higher." in page  # the fault's cue
    assert ex.cues[0].replace("'", "&#39;") in page  # the exercise's own cues
    assert "a test warning" in page
    # Self-contained: nothing fetched from elsewhere (no scripts, stylesheets or remote images).
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<script" not in page and "<link" not in page


def test_wrong_view_gives_a_strong_warning(analysis: SessionAnalysis) -> None:
    front = SessionAnalysis(**{**analysis.__dict__, "view": ViewCheck("front", 0.9, False)})
    notices = notices_for(front)
    assert notices[0].strong and "side view" in notices[0].text
    page = render_html(front, frame_table(front), [], source_name="x.mp4")
    assert 'class="warn strong"' in page


def test_moments_are_the_faults_else_the_smallest_rep(analysis: SessionAnalysis) -> None:
    moments = pick_moments(analysis)
    assert [m.t_s for m in moments] == [6.0]
    assert "short rep" in moments[0].title and "Lift higher." in moments[0].detail
    clean = SessionAnalysis(
        **{
            **analysis.__dict__,
            "sets": tuple(
                type(s)(s.index, s.side, tuple(r for r in s.reps if r.good), s.rest_before_s)
                for s in analysis.sets
            ),
        }
    )
    (m,) = pick_moments(clean)
    assert "smallest rep" in m.title


def test_report_folder_has_every_file(
    analysis: SessionAnalysis, sequence: PoseSequence, tmp_path: Path
) -> None:
    files = write_report(
        tmp_path / "out",
        analysis,
        sequence,
        exercise=load_library().get("glute-bridge"),
        notices=[Notice("several people", strong=False)],
        report_meta={"input": "bridge.mp4"},
    )
    assert sorted(p.name for p in files.all()) == [
        "analysis.json",
        "angles.csv",
        "angles.mot",
        "report.html",
    ]
    page = files.html.read_text()
    # The fault moment as an embedded JPEG with the overlay drawn (no video: a grey canvas).
    assert page.count("data:image/jpeg;base64,") == 1
    assert "several people" in page
    doc = json.loads(files.json.read_text())
    assert doc["report"]["input"] == "bridge.mp4"
    header = files.csv.read_text().splitlines()[0].split(",")
    assert "knee_extension_l" in header
    # With landmarks, the knee angles are measured on the analysed frames.
    rows = [r.split(",") for r in files.csv.read_text().splitlines()[1:]]
    knee = np.array([float(r[3]) for r in rows if r[3]])
    assert knee.size > 100 and 40 < np.median(knee) < 200


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(UsageError, match="it is a file"):
        prepare_folder(blocker)
    with pytest.raises(UsageError, match="cannot write the report"):
        prepare_folder(blocker / "sub")
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(UsageError, match="cannot write the report"):
            prepare_folder(locked)

"""``hipcoach demo`` through the real pose model: the README's first command, end to end.

Slow (BlazePose over the shipped demo clip, once for the whole module).
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest

from hipcoach.app.demo import demo_clip, demo_labels

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not demo_clip().is_file(), reason="the demo clip has not been rendered"),
]

FIVE = {"report.html", "analysis.json", "angles.csv", "angles.mot", "annotated.mp4"}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, str, Path]:
    from hipcoach.cli.main import main

    out = tmp_path_factory.mktemp("demo") / "hipcoach-demo-report"
    import contextlib
    import io

    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["demo", "-o", str(out)])
    return code, stdout.getvalue(), stderr.getvalue(), out


def test_demo_writes_all_five_files(demo_run) -> None:  # type: ignore[no-untyped-def]
    code, stdout, stderr, out = demo_run
    assert code == 0, stderr
    assert {p.name for p in out.iterdir()} >= FIVE
    assert str(out / "report.html") in stdout


def test_demo_counts_the_labelled_reps(demo_run) -> None:  # type: ignore[no-untyped-def]
    _, _, _, out = demo_run
    labels = demo_labels()
    assert labels is not None
    doc = json.loads((out / "analysis.json").read_text())
    assert doc["exercise"]["id"] == labels["exercise"] == "glute-bridge"
    assert doc["rep_count"] == labels["rep_count"]
    assert doc["view"]["view"] == "side"
    true_sets = [len(s["reps"]) for s in labels["sets"]]
    assert [len(s["reps"]) for s in doc["sets"]] == true_sets


def test_demo_report_is_readable_and_the_video_annotated(demo_run) -> None:  # type: ignore[no-untyped-def]
    _, _, _, out = demo_run
    page = (out / "report.html").read_text()
    assert "<svg" in page and page.count("<table") == 2
    assert "data:image/jpeg;base64," in page
    with av.open(str(out / "annotated.mp4")) as c, av.open(str(demo_clip())) as src:
        n_out = sum(1 for _ in c.decode(video=0))
        n_src = sum(1 for _ in src.decode(video=0))
    assert n_out == n_src

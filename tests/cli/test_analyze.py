"""``hipcoach analyze`` end to end without the pose model: landmarks replayed from a file.

The landmarks come from the kinematic generator (exact labels), so these tests run the real
analysis, report writers, annotated-video writer and training log, only not BlazePose.
"""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest
from cli_videos import write_frames

from hipcoach.pose.types import PoseSequence
from hipcoach.synth.kinematic import ClipSpec, generate

FILES = {"report.html", "analysis.json", "angles.csv", "angles.mot"}


@pytest.fixture(scope="module")
def clip():  # type: ignore[no-untyped-def]
    """One set of 3 glute bridges (about 20 s), the last rep short."""
    return generate(
        ClipSpec(
            exercise="glute-bridge", sets=1, reps=3, seed=5, setup_s=2.0, faults={"short-rep": (2,)}
        )
    )


@pytest.fixture
def landmarks(clip, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "bridge.npz"
    clip.pose.save(path)
    return path


def test_replay_writes_the_report_and_prints_json(
    cli, landmarks: Path, tmp_path: Path, clip
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report"
    code, stdout, _ = cli(
        ["analyze", "--landmarks", str(landmarks), "-e", "glute-bridge", "-o", str(out), "--json"]
    )
    assert code == 0
    summary = json.loads(stdout)
    assert summary["exercise"] == "glute-bridge"
    assert summary["rep_count"] == clip.labels.rep_count == 3
    assert summary["report"] == str(out / "report.html")
    assert {p.name for p in out.iterdir()} == FILES  # no video: no annotated.mp4
    doc = json.loads((out / "analysis.json").read_text())
    assert doc["schema_version"] == 1 and doc["rep_count"] == 3
    assert {"exercise", "view", "sets", "rep_count"} <= doc.keys()
    assert all({"side", "reps"} <= s.keys() for s in doc["sets"])
    assert doc["report"]["landmarks_from"] == str(landmarks)


def test_pretty_summary_names_the_report(cli, landmarks: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r"
    code, stdout, _ = cli(
        ["analyze", "--landmarks", str(landmarks), "-e", "glute-bridge", "-o", str(out)]
    )
    assert code == 0
    assert "glute-bridge" in stdout and "3 reps" in stdout
    assert str(out / "report.html") in stdout


def test_default_folder_is_beside_the_input(cli, landmarks: Path) -> None:  # type: ignore[no-untyped-def]
    code, stdout, _ = cli(["analyze", "--landmarks", str(landmarks), "-e", "glute-bridge"])
    assert code == 0
    folder = landmarks.parent / "bridge-report"
    assert (folder / "report.html").is_file()
    assert str(folder / "report.html") in stdout


def test_annotated_video_over_the_source_video(cli, clip, landmarks: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A blank 160x90 video with the clip's timestamps stands in for the camera footage.
    n = len(clip.pose)
    video = write_frames(tmp_path / "bridge.mp4", n=n, size=(160, 90), fps=clip.pose.fps)
    out = tmp_path / "with-video"
    code, _, err = cli(
        ["analyze", str(video), "--landmarks", str(landmarks), "-e", "glute-bridge", "-o", str(out)]
    )
    assert code == 0, err
    assert {p.name for p in out.iterdir()} == FILES | {"annotated.mp4"}
    with av.open(str(out / "annotated.mp4")) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(frames) == n
    # The overlay (skeleton, counter panel) is drawn on the grey frames.
    assert np.mean([f.std() > 5 for f in frames]) > 0.9
    # Thumbnails of the short rep come from the video (with the overlay), embedded in the page.
    assert "data:image/jpeg;base64," in (out / "report.html").read_text()


def test_log_records_the_session(cli, landmarks: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hipcoach.store import open_store

    code, stdout, err = cli(
        [
            "analyze",
            "--landmarks",
            str(landmarks),
            "-e",
            "glute-bridge",
            "-o",
            str(tmp_path / "o"),
            "--log",
            "--json",
        ]
    )
    assert code == 0, err
    session_id = json.loads(stdout)["logged_session_id"]
    with open_store() as store:
        session = store.get_session(session_id)
    assert [e.reps for e in session.entries] == [3]
    assert session.entries[0].exercise_id == "glute-bridge"


def test_front_view_is_refused_or_strongly_warned(cli, clip, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The same bridge seen from the feet: the lateral axis becomes image x, up becomes image -y.
    lm = clip.landmarks_3d
    x = 0.5 + lm[..., 1] * 0.8
    y = 0.75 - lm[..., 2] * 0.8
    image = np.stack([x, y, np.zeros_like(x)], axis=-1)
    image[~clip.pose.detected] = np.nan
    seq = PoseSequence(clip.pose.t, image, clip.pose.world, clip.pose.visibility, 640, 360, "front")
    path = tmp_path / "front.npz"
    seq.save(path)
    out = tmp_path / "front-report"
    code, stdout, err = cli(
        ["analyze", "--landmarks", str(path), "-e", "glute-bridge", "-o", str(out)]
    )
    if code == 0:  # reps were still measured: the report must say loudly that the view is wrong
        assert 'class="warn strong"' in (out / "report.html").read_text()
        assert "side" in stdout
    else:
        assert code == 4
        assert "side view" in err and "Traceback" not in err


def test_nobody_in_the_landmarks(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "empty.npz"
    PoseSequence.empty(90, width=640, height=360).save(path)
    code, _, err = cli(["analyze", "--landmarks", str(path), "-o", str(tmp_path / "o")])
    assert code == 4
    assert "nobody was found" in err and "Hint:" in err and "Traceback" not in err


def test_unknown_exercise_fails_before_reading_anything(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(["analyze", str(tmp_path / "missing.mp4"), "-e", "glute-brige"])
    assert code == 2
    assert "unknown exercise id 'glute-brige'" in err and "glute-bridge" in err


def test_output_folder_that_cannot_be_written(cli, landmarks: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, _, err = cli(["analyze", "--landmarks", str(landmarks), "-o", str(blocker / "report")])
    assert code == 2
    assert "cannot write the report" in err and "-o/--output" in err


def test_not_a_video(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "holiday.mp4"
    fake.write_text("these are my holiday notes, not a video\n" * 20)
    code, _, err = cli(["analyze", str(fake), "-o", str(tmp_path / "o")])
    assert code == 4
    assert "not a video" in err and "Traceback" not in err


def test_zero_frames(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = write_frames(tmp_path / "empty.mp4", n=0)
    code, _, err = cli(["analyze", str(empty), "-o", str(tmp_path / "o")])
    assert code == 4
    assert "no frames" in err


def test_nothing_to_analyse(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(["analyze"])
    assert code == 2 and "no video given" in err


def test_progress_bar_redraws_from_its_updates_without_a_thread_of_its_own() -> None:
    """The annotated video runs on two threads; the bar must not add a third (rich's
    auto-refresh thread cost that stage about 4 s of 20 on 2 cores)."""
    import threading

    from hipcoach.cli.analyze import progress_bar

    before = threading.active_count()
    with progress_bar(True) as update:
        assert update is not None
        assert threading.active_count() == before
        for i in range(50):
            update("pose", i / 10, 5.0)
        update("video", 1.0, 5.0)
        assert threading.active_count() == before
    with progress_bar(False) as none:
        assert none is None

"""``hipcoach live`` on a video file played as fast as possible, terminal only.

Fast tests replay generator landmarks over a blank video; the slow one runs BlazePose on the
demo clip. The live counts must equal the offline analysis of the same landmarks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_videos import DEMO_CLIP, write_frames

from hipcoach.analysis.pipeline import analyze
from hipcoach.synth.kinematic import ClipSpec, generate


@pytest.fixture(scope="module")
def clip():  # type: ignore[no-untyped-def]
    return generate(
        ClipSpec(
            exercise="glute-bridge", sets=2, reps=3, seed=11, rest_s=12.0, setup_s=2.0, tail_s=3.0
        )
    )


@pytest.fixture
def replay(clip, tmp_path: Path) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    landmarks = tmp_path / "bridge.npz"
    clip.pose.save(landmarks)
    video = write_frames(
        tmp_path / "bridge.mp4", n=len(clip.pose), size=(96, 54), fps=clip.pose.fps
    )
    return video, landmarks


def test_live_counts_match_the_offline_analysis(cli, clip, replay) -> None:  # type: ignore[no-untyped-def]
    video, landmarks = replay
    code, stdout, err = cli(
        [
            "live",
            str(video),
            "--landmarks",
            str(landmarks),
            "--speed",
            "0",
            "--no-display",
            "--json",
        ]
    )
    assert code == 0, err
    summary = json.loads(stdout)
    offline = analyze(clip.pose, "glute-bridge")
    assert summary["total_reps"] == offline.rep_count == clip.labels.rep_count == 6
    assert summary["sets"] == len(offline.sets) == 2
    assert summary["frames"] == len(clip.pose) and summary["dropped_frames"] == 0
    reps = [e for e in summary["events"] if e["event"].startswith("rep ")]
    assert len(reps) == 6
    # Each rep is announced after it ends, never before it starts.
    true_ends = [r.end_s for r in clip.labels.reps]
    for event, end in zip(reps, true_ends, strict=True):
        assert end - 2.0 <= event["t_s"] <= end + 2.0


def test_terminal_shows_events_and_a_summary(cli, replay) -> None:  # type: ignore[no-untyped-def]
    video, landmarks = replay
    code, stdout, err = cli(
        ["live", str(video), "--landmarks", str(landmarks), "--speed", "0", "--no-display"]
    )
    assert code == 0, err
    assert "rep 1" in stdout and "set 1 done" in stdout
    assert "6 reps in 2 set(s)" in stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["live"], "either a VIDEO file or --camera"),
        (["live", "x.mp4", "--camera", "0"], "either a VIDEO file or --camera"),
        (["live", "--camera", "93"], "no camera at /dev/video93"),
        (["live", "--camera", "0", "-e", "glute-brige"], "unknown exercise id"),
    ],
)
def test_bad_live_input(cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(args)
    assert code in (2, 4) and message in err and "Traceback" not in err


@pytest.mark.slow
@pytest.mark.skipif(not DEMO_CLIP.is_file(), reason="the demo clip has not been rendered")
def test_live_on_the_demo_clip_with_the_model(cli) -> None:  # type: ignore[no-untyped-def]
    labels = json.loads(DEMO_CLIP.with_suffix(".json").read_text())
    code, stdout, err = cli(["live", str(DEMO_CLIP), "--speed", "0", "--no-display", "--json"])
    assert code == 0, err
    summary = json.loads(stdout)
    assert summary["total_reps"] == labels["rep_count"]
    assert summary["latency_ms_p95"] is not None

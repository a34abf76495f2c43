"""The committed rendered benchmark set and the packaged demo clip: complete, consistent, decodable.

Runs without the render extra: it reads the committed files (and the job list, which is plain
data), never renders.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from hipcoach.library.registry import load_library
from hipcoach.synth.kinematic import faults_for
from hipcoach.synth.kinematic.exercises import SCRIPTS
from hipcoach.synth.render.jobs import benchmark_jobs, demo_job

ROOT = Path(__file__).resolve().parents[2]
SET_DIR = ROOT / "benchmarks" / "data" / "rendered"
DEMO_DIR = ROOT / "src" / "hipcoach" / "data" / "demo"
MAX_SET_BYTES = 25 * 1024 * 1024
MAX_DEMO_BYTES = int(1.5 * 1024 * 1024)


@cache
def _doc(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text())
    return doc


def _docs() -> dict[str, dict[str, Any]]:
    return {p.stem: _doc(p) for p in sorted(SET_DIR.glob("*.json"))}


CLIPS = sorted(p.stem for p in SET_DIR.glob("*.mp4"))


def test_the_set_has_enough_clips_each_with_video_and_labels() -> None:
    videos = {p.stem for p in SET_DIR.glob("*.mp4")}
    labels = {p.stem for p in SET_DIR.glob("*.json")}
    assert len(videos) >= 24
    assert videos == labels, f"unpaired: {sorted(videos ^ labels)}"


def test_the_set_is_what_the_regeneration_command_renders() -> None:
    assert set(CLIPS) == {j.name for j in benchmark_jobs()}


def test_the_set_stays_small_enough_for_git() -> None:
    total = sum(p.stat().st_size for p in SET_DIR.iterdir() if p.is_file())
    assert total < MAX_SET_BYTES, f"{total / 1e6:.1f} MB"


@pytest.mark.parametrize("name", CLIPS)
def test_labels_are_valid(name: str) -> None:
    doc = _docs()[name]
    library = load_library()
    assert library.get(doc["exercise"]).id == doc["exercise"]
    n, fps = doc["frame_count"], doc["fps"]
    assert fps == pytest.approx(30.0)
    assert 8.0 <= n / fps <= 20.0, f"{n / fps:.1f} s"
    reps = [r for s in doc["sets"] for r in s["reps"]]
    assert doc["rep_count"] == len(reps) == sum(len(s["reps"]) for s in doc["sets"])
    assert 3 <= len(reps) <= 6
    last_end = 0.0
    for s in doc["sets"]:
        assert s["side"] in ("left", "right", "both", "alternating")
        for r in s["reps"]:
            assert last_end <= r["start_s"] < r["top_s"] < r["end_s"] <= n / fps + 1e-6
            assert set(r["faults"]) <= set(faults_for(doc["exercise"]))
            last_end = r["end_s"]
    frames = doc["frames"]
    assert len(frames["t"]) == n
    assert len(frames["joints_2d"]) == n and len(frames["joints_2d"][0]) == 33
    assert len(frames["joints_3d"]) == n and len(frames["joints_3d"][0][0]) == 3
    for key in ("hip_deg_2d", "hip_deg_3d"):
        for side in ("left", "right"):
            values = frames[key][side]
            assert len(values) == n
            assert all(v is None or 30.0 <= v <= 300.0 for v in values), (key, side)
    render = doc["render"]
    assert render["body_type"] and render["camera_setup"] and render["phenotype"]
    assert doc["video"] == {**doc["video"], "width": 640, "height": 360, "frame_count": n}


def test_every_exercise_and_every_modelled_fault_is_covered() -> None:
    docs = _docs().values()
    assert {d["exercise"] for d in docs} == set(SCRIPTS)
    shown = {
        (d["exercise"], f) for d in docs for s in d["sets"] for r in s["reps"] for f in r["faults"]
    }
    wanted = {(e, f) for e in SCRIPTS for f in faults_for(e)}
    assert wanted <= shown, f"faults never shown: {sorted(wanted - shown)}"
    clean = Counter(
        d["exercise"] for d in docs if not any(r["faults"] for s in d["sets"] for r in s["reps"])
    )
    assert set(clean) == set(SCRIPTS), "every exercise needs a clean clip"


def test_at_least_two_body_types_and_camera_setups_and_both_facings() -> None:
    docs = list(_docs().values())
    assert len({d["render"]["body_type"] for d in docs}) >= 2
    assert len({d["render"]["camera_setup"] for d in docs}) >= 2
    assert {d["facing"] for d in docs} == {"left", "right"}
    heights = {d["render"]["body_type"]: d["body"]["height"] for d in docs}
    assert max(heights.values()) - min(heights.values()) > 0.1, heights


def test_the_demo_clip_is_a_small_clean_three_rep_glute_bridge() -> None:
    video, labels = DEMO_DIR / "glute-bridge.mp4", DEMO_DIR / "glute-bridge.json"
    assert video.stat().st_size < MAX_DEMO_BYTES
    doc = _doc(labels)
    assert doc["exercise"] == "glute-bridge" and doc["rep_count"] == 3
    reps = [r for s in doc["sets"] for r in s["reps"]]
    assert all(not r["faults"] for r in reps)
    assert all(r["hold_s"] == pytest.approx(2.0, abs=0.3) for r in reps)
    assert doc["render"]["name"] == demo_job().name


def _decode(path: Path) -> tuple[int, int, int]:
    import av

    with av.open(str(path)) as container:
        count = 0
        w = h = 0
        for frame in container.decode(video=0):
            count += 1
            w, h = frame.width, frame.height
    return count, w, h


@pytest.mark.slow
@pytest.mark.parametrize("name", CLIPS)
def test_each_clip_decodes_to_the_labelled_frames(name: str) -> None:
    doc = _docs()[name]
    assert _decode(SET_DIR / f"{name}.mp4") == (
        doc["frame_count"],
        doc["video"]["width"],
        doc["video"]["height"],
    )


@pytest.mark.slow
def test_the_demo_clip_decodes() -> None:
    doc = _doc(DEMO_DIR / "glute-bridge.json")
    assert _decode(DEMO_DIR / "glute-bridge.mp4") == (doc["frame_count"], 640, 360)

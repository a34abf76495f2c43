"""The real BlazePose backend. Slow: each test loads the model (about 2-3 s) and runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from matplotlib import cbook
from PIL import Image

from hipcoach.errors import NoPersonError, PersonTooSmallError, UsageError
from hipcoach.pose.checks import presence, require_person
from hipcoach.pose.extract import ExtractOptions, extract_pose
from hipcoach.pose.mediapipe import BlazePoseEstimator

pytestmark = pytest.mark.slow


def _portrait() -> Image.Image:
    # A head-and-shoulders photograph that ships with matplotlib (a dependency): a real person
    # for the detector without any binary file in this repository.
    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        return Image.open(fh).convert("RGB")


def _scene(person_height: int, places: list[tuple[int, int]], size=(1280, 720)) -> np.ndarray:  # type: ignore[no-untyped-def]
    person = _portrait()
    person = np.asarray(
        person.resize((round(person.width * person_height / person.height), person_height))
    )
    frame = np.full((size[1], size[0], 3), 90, np.uint8)
    for x, y in places:
        frame[y : y + person.shape[0], x : x + person.shape[1]] = person
    return frame


@pytest.mark.parametrize("complexity", [0, 2])
def test_models_that_would_download_are_refused(complexity: int) -> None:
    with pytest.raises(UsageError, match="not available offline") as exc:
        BlazePoseEstimator(model_complexity=complexity)
    assert exc.value.hint and "download" in exc.value.hint


def test_full_model_runs_without_any_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from mediapipe.python.solutions import download_utils

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"tried to reach the network: {args}")

    monkeypatch.setattr(download_utils, "download_oss_model", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    with BlazePoseEstimator() as est:
        assert est.process(_scene(600, [(500, 60)]), 0.0) is not None


def test_mediapipe_is_imported_only_by_the_backend() -> None:
    code = (
        "import sys, hipcoach.pose, hipcoach.pose.extract, hipcoach.pose.video, "
        "hipcoach.pose.replay, hipcoach.pose.checks, hipcoach.pose.parallel;"
        "assert 'mediapipe' not in sys.modules, 'mediapipe imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_finds_a_person_and_maps_landmarks_to_the_frame() -> None:
    frame = _scene(600, [(500, 60)])
    with BlazePoseEstimator() as est:
        poses = [est.process(frame, i / 30) for i in range(5)]
    assert all(p is not None for p in poses)
    p = poses[-1]
    assert p is not None and not p.via_crop and p.people == 1
    nose_px = p.image[0, :2] * [1280, 720]
    # The nose of the pasted photograph sits near (275, 228) of its 512x600 pixels.
    assert np.allclose(nose_px, [500 + 275, 60 + 228], atol=25)
    assert np.isfinite(p.world).all()


def test_small_person_in_a_wide_frame_is_found_on_a_crop() -> None:
    frame = _scene(110, [(950, 420)])
    with BlazePoseEstimator() as est:
        plain = BlazePoseEstimator(crop_search=False)
        assert all(plain.process(frame, i / 30) is None for i in range(5))
        plain.close()
        poses = [est.process(frame, i / 30) for i in range(30)]
        searched = est.model_runs_.get("static", 0)
        poses += [est.process(frame, i / 30) for i in range(30, 60)]
        # Once found, the person is tracked by the tracking graph alone: the static graph
        # (the tile search) is not run again.
        assert est.model_runs_.get("static", 0) == searched
    found = [i for i, p in enumerate(poses) if p is not None]
    # The tile search tries one tile a frame; once found the person is tracked on a crop.
    assert found and found[0] < 30 and found == list(range(found[0], 60))
    last = poses[-1]
    assert last is not None and last.via_crop
    nose_px = last.image[0, :2] * [1280, 720]
    assert np.allclose(nose_px, [950 + 275 * 110 / 600, 420 + 228 * 110 / 600], atol=8)


def test_second_person_is_counted() -> None:
    frame = _scene(300, [(200, 200), (500, 200)])
    with BlazePoseEstimator(crowd_check_interval_s=0.5) as est:
        people = [p.people for p in (est.process(frame, i * 0.5) for i in range(8)) if p]
    assert len(people) == 8
    assert max(people) == 2


def test_video_with_nobody_gives_no_detections(video) -> None:  # type: ignore[no-untyped-def]
    path = video("empty-room.mp4", n=20, width=320, height=180)
    seq = extract_pose(path)
    assert len(seq) == 20 and not seq.detected.any()
    assert np.isnan(seq.image).all() and (seq.visibility == 0).all()
    assert seq.meta["frames_read"] == 20 and seq.meta["damage"] is None
    with pytest.raises(NoPersonError, match="nobody was found in any of the 20 frames"):
        require_person(seq)


def _write(path: Path, frames: list[np.ndarray], fps: int = 30) -> Path:
    import av

    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.height, stream.width = frames[0].shape[:2]
        stream.pix_fmt = "yuv420p"
        for f in frames:
            out.mux(stream.encode(av.VideoFrame.from_ndarray(f, format="rgb24")))
        out.mux(stream.encode())
    return path


def test_tiny_person_is_reported_as_too_small(tmp_path: Path) -> None:
    frames = [_scene(110, [(950, 420)])] * 45
    seq = extract_pose(_write(tmp_path / "far.mp4", frames), options=ExtractOptions(max_side=None))
    p = presence(seq)
    assert p.detected_share > 0.4  # found by the crop search
    assert seq.meta["crop_frames"] == int(seq.detected.sum())
    with pytest.raises(PersonTooSmallError, match="fills only"):
        require_person(seq, min_span=0.3)


def test_live_estimator_has_no_slow_frames_by_design() -> None:
    from hipcoach.pose.mediapipe import live_estimator

    with live_estimator() as est:
        # No crowd check; the tile search is spread at one tile a frame from the first sweep.
        assert est.crowd_check_interval_s is None
        assert not est.first_sweep_whole and est.tiles_per_frame == 1
        assert est.crop_search  # small people are still tracked on crops

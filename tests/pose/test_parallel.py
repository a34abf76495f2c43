"""Chunked multi-process estimation gives the single-process result's frames. Slow: runs BlazePose."""

from __future__ import annotations

import functools
from pathlib import Path

import av
import numpy as np
import pytest
from matplotlib import cbook
from PIL import Image

from hipcoach.errors import NotAVideoError, UsageError
from hipcoach.pose.extract import ExtractOptions, extract_pose
from hipcoach.pose.mediapipe import BlazePoseEstimator
from hipcoach.pose.parallel import _chunks, extract_pose_parallel

pytestmark = pytest.mark.slow


def _moving_person(path: Path, seconds: float = 9.0, fps: int = 30) -> Path:
    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        person = np.asarray(Image.open(fh).convert("RGB").resize((128, 150)))
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        for i in range(round(seconds * fps)):
            frame = np.full((180, 320, 3), 90, np.uint8)
            x = int(96 + 80 * np.sin(i / 30))
            frame[15:165, x : x + 128] = person
            out.mux(stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")))
        out.mux(stream.encode())
    return path


def test_chunks_split_the_duration() -> None:
    assert [(c.start_s, c.end_s) for c in _chunks(9.0, 2)] == [(0.0, 4.5), (4.5, None)]
    assert len(_chunks(5.0, 2)) == 1  # too short to be worth a second process
    assert len(_chunks(60.0, 4)) == 4


def test_two_workers_match_one(tmp_path: Path) -> None:
    path = _moving_person(tmp_path / "walk.mp4")
    opts = ExtractOptions(fps=10)
    factory = functools.partial(BlazePoseEstimator, crowd_check_interval_s=None)
    with factory() as est:
        single = extract_pose(path, est, options=opts)
    ticks: list[float] = []
    multi = extract_pose_parallel(
        path, workers=2, options=opts, factory=factory, on_frame=ticks.append
    )
    assert multi.meta["workers"] == 2
    np.testing.assert_array_equal(multi.t, single.t)  # the same frames, same grid
    assert len(single) == 90 and single.detected.all() and multi.detected.all()
    assert multi.image.shape == single.image.shape and multi.world.shape == single.world.shape
    visible = (single.visibility > 0.8) & (multi.visibility > 0.8)
    diff = np.abs(single.image[..., :2] - multi.image[..., :2])[visible]
    assert np.median(diff) < 0.01  # the same person in the same place
    assert ticks and max(ticks) > 4.5


def test_errors_reach_the_caller(tmp_path: Path) -> None:
    bad = tmp_path / "notes.mp4"
    bad.write_text("not a video")
    with pytest.raises(NotAVideoError):
        extract_pose_parallel(bad, workers=2)
    # Raised inside the worker processes, re-raised here with its type and hint.
    refused = functools.partial(BlazePoseEstimator, model_complexity=2)
    with pytest.raises(UsageError, match="not available offline") as exc:
        extract_pose_parallel(_moving_person(tmp_path / "w.mp4"), workers=2, factory=refused)
    assert exc.value.hint and "download" in exc.value.hint


def test_damaged_file_keeps_frames_before_the_damage(video) -> None:  # type: ignore[no-untyped-def]
    from hipcoach.pose import PoseSequence
    from hipcoach.pose.replay import ReplayEstimator

    path = video("long.mp4", n=300, fps=30, noise=True, options={"movflags": "+faststart"})
    cut = path.with_name("cut.mp4")
    cut.write_bytes(path.read_bytes()[: int(path.stat().st_size * 0.4)])
    # A replay of nobody: no model, so the test measures the chunking, not BlazePose.
    factory = functools.partial(ReplayEstimator, PoseSequence.empty(1, width=64, height=48))
    seq = extract_pose_parallel(cut, workers=2, factory=factory)
    assert seq.meta["workers"] == 2
    assert 60 < len(seq) < 150
    assert np.all(np.diff(seq.t) > 0)
    assert "damaged after" in str(seq.meta["damage"])


_SCRIPT = """
import os, sys
if __name__ != "__main__":  # a worker importing this script again
    open(os.environ["HC_MARK"], "a").write("imported\\n")
else:
    from hipcoach.pose.pool import context as _context, main_module_hidden as _main_module_hidden
    hide = sys.argv[1] == "hide"
    main = sys.modules["__main__"]
    before = (main.__file__, main.__spec__)
    ctx = _context()
    with _main_module_hidden() if hide else open(os.devnull):
        p = ctx.Process(target=os.getpid)
        p.start()
    p.join(30)
    assert p.exitcode == 0, p.exitcode
    assert (main.__file__, main.__spec__) == before  # restored
"""


@pytest.mark.parametrize("hide", [True, False])
def test_workers_do_not_import_the_parents_main_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hide: bool
) -> None:
    import subprocess
    import sys

    script = tmp_path / "main_script.py"
    script.write_text(_SCRIPT)
    mark = tmp_path / "mark.txt"
    monkeypatch.setenv("HC_MARK", str(mark))
    subprocess.run([sys.executable, str(script), "hide" if hide else "show"], check=True)
    # Without hiding, multiprocessing re-imports the script in the worker (the control).
    assert mark.exists() is not hide


_KILLED_SCRIPT = """
import functools, sys
from hipcoach.pose.mediapipe import BlazePoseEstimator
from hipcoach.pose.parallel import extract_pose_parallel

def tick(t):
    print("tick", flush=True)

factory = functools.partial(BlazePoseEstimator, crowd_check_interval_s=None)
extract_pose_parallel(sys.argv[1], workers=2, factory=factory, on_frame=tick)
"""


def _descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (from /proc; zombies count as gone)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    """SIGTERM to the parent alone: its pose workers (children of the fork server, so no
    signal reaches them) must not go on and hang on to their memory."""
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "killed.py"
    script.write_text(_KILLED_SCRIPT)
    clip = _moving_person(tmp_path / "long.mp4", seconds=30.0)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(clip)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "tick"
        workers = _descendants(proc.pid)
        assert len(workers) >= 2  # the fork server and its workers at least
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not [p for p in workers if _alive(p)]

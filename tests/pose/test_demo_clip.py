"""BlazePose through the whole pose layer on the packaged demo clip (a rendered glute bridge).

Slow: decodes the clip and runs the model on every frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from hipcoach.errors import PersonTooSmallError
from hipcoach.pose.checks import presence, require_person
from hipcoach.pose.estimator import estimate_sequence
from hipcoach.pose.extract import extract_pose
from hipcoach.pose.mediapipe import BlazePoseEstimator
from hipcoach.pose.video import VideoReader, probe

DEMO_CLIP = Path(__file__).resolve().parents[2] / "src/hipcoach/data/demo/glute-bridge.mp4"

pytestmark = pytest.mark.slow


def test_demo_clip_person_found_in_nearly_every_frame() -> None:
    info = probe(DEMO_CLIP)
    seq = extract_pose(DEMO_CLIP)
    assert len(seq) == pytest.approx(info.frame_count, abs=1)
    assert seq.detected.mean() >= 0.95
    assert (seq.width, seq.height) == (info.width, info.height)
    assert seq.meta["damage"] is None and seq.meta["max_people"] == 1
    p = require_person(seq)
    assert p.span > 0.3
    # Hips and knees, the joints the coach measures, are confidently seen.
    assert np.nanmedian(seq.visibility[seq.detected][:, 23:27]) > 0.5


def _composite(
    width: int, places: list[tuple[int, int]], seconds: float
) -> Iterator[tuple[float, np.ndarray]]:
    """Demo frames shrunk to ``width`` pixels and pasted at ``places`` on a 1280x720 canvas."""
    for t, rgb in VideoReader(DEMO_CLIP, end_s=seconds).frames():
        small = Image.fromarray(rgb)
        small = np.asarray(small.resize((width, round(small.height * width / small.width))))
        canvas = np.full((720, 1280, 3), 120, np.uint8)
        for x, y in places:
            canvas[y : y + small.shape[0], x : x + small.shape[1]] = small
        yield t, canvas


def test_tiny_person_in_a_big_frame_is_found_on_a_crop_and_reported_small() -> None:
    # The whole clip in 160 of 1280 pixels, bottom right (the last place the search looks):
    # the person spans at most 12.5% of the frame width.
    plain = BlazePoseEstimator(crop_search=False)
    with plain:
        missed = estimate_sequence(
            plain, _composite(160, [(1080, 600)], 1.0), width=1280, height=720
        )
    with BlazePoseEstimator() as est:
        seq = estimate_sequence(est, _composite(160, [(1080, 600)], 3.0), width=1280, height=720)
    p = presence(seq)
    assert p.detected_share > 0.9, "the crop search should find the small person"
    assert p.detected_share > missed.detected.mean() + 0.5  # plain BlazePose mostly misses it
    assert seq.meta["crop_frames"] == int(seq.detected.sum())
    with pytest.raises(PersonTooSmallError, match="fills only"):
        require_person(seq)


def test_two_people_are_counted_and_one_is_tracked() -> None:
    with BlazePoseEstimator(crowd_check_interval_s=0.25) as est:
        seq = estimate_sequence(
            est, _composite(640, [(0, 180), (640, 180)], 3.0), width=1280, height=720
        )
    assert seq.detected.mean() > 0.9
    assert seq.meta["max_people"] == 2 and seq.meta["several_people_frames"] > 0
    # One person throughout: the hip stays in one half of the frame.
    hips = seq.image[seq.detected, 23, 0]
    assert (hips < 0.5).all() or (hips > 0.5).all()


def test_lean_model_call_matches_mediapipes_own_process() -> None:
    """``_process`` skips ``SolutionBase.process``'s per-call overhead by reaching into the
    pinned mediapipe's private attributes; it must give exactly what the public call gives."""
    from hipcoach.pose.mediapipe import _process, _read, _solutions_pose

    frames = [f for _, f in VideoReader(DEMO_CLIP, fps=7.5).frames()][:20]
    mp_pose = _solutions_pose()
    lean_model = mp_pose.Pose(model_complexity=1, smooth_landmarks=False)
    public_model = mp_pose.Pose(model_complexity=1, smooth_landmarks=False)
    assert hasattr(lean_model, "_graph_outputs") and hasattr(lean_model, "_simulated_timestamp")
    try:
        for frame in frames:
            lean = _process(lean_model, frame)
            res = public_model.process(frame)
            public = _read(res.pose_landmarks, res.pose_world_landmarks)
            assert (lean is None) == (public is None)
            if lean is not None and public is not None:
                for a, b in zip(lean, public, strict=True):
                    np.testing.assert_array_equal(a, b)
        assert lean is not None  # the person was found, so landmarks were compared
    finally:
        lean_model.close()
        public_model.close()


def test_two_model_threads_give_the_same_landmarks_faster() -> None:
    """The model's XNNPACK thread count is set on mediapipe's graph by a subclass of its Pose
    solution: the graph really runs on two threads (more CPU time than wall time) and gives
    exactly the one-thread landmarks."""
    import time

    from hipcoach.pose.mediapipe import _process
    from hipcoach.pose.mp_runtime import pose_solution

    frames = [f for _, f in VideoReader(DEMO_CLIP, fps=7.5).frames()][:24]
    results = {}
    for threads in (1, 2):
        model = pose_solution(threads, model_complexity=1, smooth_landmarks=False)
        try:
            _process(model, frames[0])
            wall, cpu = time.perf_counter(), time.process_time()
            results[threads] = [_process(model, f) for f in frames]
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        finally:
            model.close()
        if threads == 2:
            # Two busy threads: CPU time well above wall time (one thread: about equal).
            assert cpu > 1.3 * wall
    assert all(r is not None for r in results[1])
    for one, two in zip(results[1], results[2], strict=True):
        for a, b in zip(one, two, strict=True):  # type: ignore[arg-type]
            np.testing.assert_array_equal(a, b)


def test_pose_workers_share_the_cores_and_the_live_coach_uses_two() -> None:
    from hipcoach.pose import pool

    saved = pool._cores_for_model
    try:
        pool._cores_for_model = None
        assert pool.model_threads() == min(2, pool._cpu_count())
        pool.share_cores(workers=pool._cpu_count())  # one worker per core
        assert pool.model_threads() == 1
    finally:
        pool._cores_for_model = saved


def test_workers_are_pinned_only_when_each_has_a_core_to_itself() -> None:
    import os

    from hipcoach.pose import pool

    cpus = sorted(os.sched_getaffinity(0))
    pid = os.fork()
    if pid == 0:  # a child, so this test process keeps its own affinity
        ok = True
        pool.pin_worker(1, workers=len(cpus) - 1)  # fewer workers than cores: left free
        ok &= sorted(os.sched_getaffinity(0)) == cpus
        pool.pin_worker(1, workers=len(cpus))
        ok &= len(cpus) < 2 or os.sched_getaffinity(0) == {cpus[1]}
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0

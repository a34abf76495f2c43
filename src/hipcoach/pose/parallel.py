"""Pose estimation on several cores: the video is cut into time chunks, one process each.

BlazePose uses about one core, so two processes on two cores give about 1.6x the throughput
(measured figures in the module's tests and ``benchmarks/speed.py``). Each chunk starts
``warmup_s`` early so the tracker has found the person by the chunk's first frame; the frames
of that warm-up are dropped. Frames are chosen on the same fixed time grid as a single pass
(see :class:`hipcoach.pose.video.VideoReader`), so the result has exactly the timestamps of
:func:`hipcoach.pose.extract.extract_pose`; landmarks differ only where tracking state does.

>>> seq = extract_pose_parallel("bridge.mp4", workers=2)  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import os
import queue as queue_mod
import resource
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from hipcoach.errors import HipcoachError
from hipcoach.pose import pool
from hipcoach.pose.estimator import PoseEstimator, SequenceBuilder
from hipcoach.pose.extract import ExtractOptions, extract_pose, video_meta
from hipcoach.pose.motion_gate import MotionGate, MotionGateSettings
from hipcoach.pose.types import PoseSequence
from hipcoach.pose.video import probe

EstimatorFactory = Callable[[], PoseEstimator]

# Below this a chunk spends more time warming up and starting a process than it saves.
MIN_CHUNK_S = 4.0
# Offline, a second person only changes a warning on the report, so look for one less often
# than the estimator's default (each look is a detector run, about 12 ms).
OFFLINE_CROWD_CHECK_S = 4.0
_TICK_FRAMES = 8


def default_factory() -> PoseEstimator:
    """BlazePose for offline analysis (a top-level function, so workers can unpickle it)."""
    from hipcoach.pose.mediapipe import BlazePoseEstimator

    return BlazePoseEstimator(crowd_check_interval_s=OFFLINE_CROWD_CHECK_S)


def gated_factory(gate: MotionGateSettings | None = None) -> PoseEstimator:
    """:func:`default_factory` behind a :class:`~hipcoach.pose.motion_gate.MotionGate` (what the coach
    runs offline); pass it to workers as ``functools.partial(gated_factory, gate)``."""
    return MotionGate(default_factory(), gate)


@dataclass(frozen=True)
class _Chunk:
    index: int
    start_s: float
    end_s: float | None


def _worker(
    chunk: _Chunk,
    path: str,
    options: ExtractOptions,
    factory: EstimatorFactory,
    warmup_s: float,
    out: Any,
    parent_pid: int | None = None,
    workers: int = 1,
) -> None:
    """Run in a child process: estimate one chunk and send arrays (never frames) back."""
    began = time.time()
    pool.share_cores(workers)  # the model then runs on this worker's share of the cores
    pool.pin_worker(chunk.index, workers)
    if parent_pid is not None:
        threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    try:
        reader = options.reader(path, start_s=max(0.0, chunk.start_s - warmup_s), end_s=chunk.end_s)
        info = reader.info
        builder = SequenceBuilder(width=info.width, height=info.height, source=path)
        pending = 0
        _fewer_malloc_arenas()
        with factory() as est:
            for t, frame in reader.frames():
                pose = est.process(frame, t)
                if t >= chunk.start_s - 1e-9:
                    builder.add(t, pose)
                    pending += 1
                    if pending == _TICK_FRAMES:
                        out.put(("tick", chunk.index, pending, t))
                        pending = 0
            runs = dict(getattr(est, "model_runs_", {}))
        seq = builder.build()
        out.put(("tick", chunk.index, pending, seq.t[-1] if len(seq) else chunk.start_s))
        payload = {
            "t": seq.t,
            "image": seq.image,
            "world": seq.world,
            "visibility": seq.visibility,
            "meta": seq.meta,
            "damage": None if reader.damage is None else str(reader.damage),
            "model_runs": runs,
            # What this worker cost: forkserver children are not ours to measure from outside.
            "cpu_s": time.process_time(),
            "span": (began, time.time()),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "pss_mb": _pss_mb(),
        }
        out.put(("done", chunk.index, payload))
    except HipcoachError as exc:
        out.put(("error", chunk.index, (type(exc).__name__, exc.message, exc.hint)))
    except Exception as exc:  # an unexpected failure still reaches the parent, with its text
        out.put(("error", chunk.index, ("Exception", f"{type(exc).__name__}: {exc}", None)))


def _exit_with_parent(pid: int, every_s: float = 0.5) -> None:
    """End this worker as soon as the process that started it is gone.

    A worker's parent is multiprocessing's fork server, not the process that wants the
    answer, so when that process is killed (a SIGTERM to it alone; Ctrl-C reaches the whole
    group) nothing tells the worker, and it would go on computing and then wait forever to
    hand over its result (about 160 MB each). ``os._exit``: nothing is left worth cleaning up.
    """
    while True:
        time.sleep(every_s)
        try:
            os.kill(pid, 0)
        except (ProcessLookupError, PermissionError):  # gone, or the pid is someone else's now
            os._exit(1)


def _fewer_malloc_arenas(arenas: int = 2) -> None:
    """Cap glibc's malloc arenas in this worker (before the model's threads start).

    glibc gives each thread that allocates its own arena; mediapipe runs about ten threads, and
    the partly used arenas added about 13 MB per worker (measured on a 1080p clip). No effect
    (and no error) where the C library is not glibc.
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(-8, arenas)  # M_ARENA_MAX
    except (OSError, AttributeError):
        pass


def _pss_mb() -> float | None:
    """Proportional set size: RSS with pages shared with the other workers (the preloaded
    libraries) divided among them, so the workers' figures add up to real memory use."""
    try:
        with open("/proc/self/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _chunks(duration_s: float, workers: int) -> list[_Chunk]:
    n = max(1, min(workers, int(duration_s // MIN_CHUNK_S)))
    edges = [duration_s * k / n for k in range(n)]
    return [_Chunk(k, edges[k], edges[k + 1] if k + 1 < n else None) for k in range(n)]


def extract_pose_parallel(
    path: Path | str,
    *,
    workers: int = 2,
    options: ExtractOptions | None = None,
    factory: EstimatorFactory = default_factory,
    warmup_s: float = 1.0,
    on_frame: Callable[[float], None] | None = None,
) -> PoseSequence:
    """Like :func:`extract_pose`, with ``workers`` processes on consecutive time chunks.

    ``factory`` builds each worker's estimator and must be picklable (a top-level function or
    a ``functools.partial`` of a class). Short videos (under ``MIN_CHUNK_S`` per worker) run in
    this process. ``on_frame(t)`` is called about every eighth frame with the latest time of
    the reporting chunk.
    """
    opts = options or ExtractOptions()
    info = probe(path)
    chunks = _chunks(info.duration_s, workers)
    if len(chunks) == 1:
        est = factory()
        try:
            return extract_pose(path, est, options=opts, on_frame=on_frame)
        finally:
            est.close()
    if (os.cpu_count() or 1) < 2 * len(chunks):
        # The worker processes already fill the cores; decoder threads would only contend.
        opts = dataclasses.replace(opts, threads=False)
    ctx = pool.context()
    out = ctx.Queue()
    procs = [
        ctx.Process(
            target=_worker,
            args=(c, str(path), opts, factory, warmup_s, out, os.getpid(), len(chunks)),
            daemon=True,
        )
        for c in chunks
    ]
    with pool.main_module_hidden():
        for p in procs:
            p.start()
    results: dict[int, dict[str, Any]] = {}
    try:
        while len(results) < len(chunks):
            try:
                kind, index, *rest = out.get(timeout=5.0)
            except queue_mod.Empty:
                dead = [p for p in procs if not p.is_alive() and p.exitcode not in (0, None)]
                if dead:
                    raise HipcoachError(
                        f"a pose worker process died (exit code {dead[0].exitcode})",
                        "run again with one worker (workers=1); the machine may be out of memory",
                    ) from None
                continue
            if kind == "tick":
                if on_frame is not None and rest[0]:
                    on_frame(float(rest[1]))
            elif kind == "done":
                results[index] = rest[0]
            else:
                name, message, hint = rest[0]
                err_cls = _error_class(name)
                raise err_cls(message, hint)
    finally:
        for p in procs:
            p.join(timeout=10)
            if p.is_alive():
                p.terminate()
    return _combine(path, info, opts, chunks, results)


def _error_class(name: str) -> type[HipcoachError]:
    from hipcoach import errors

    cls = getattr(errors, name, None)
    if isinstance(cls, type) and issubclass(cls, HipcoachError) and name != "UnknownIdError":
        return cls
    return HipcoachError


def _combine(
    path: Path | str,
    info: Any,
    opts: ExtractOptions,
    chunks: list[_Chunk],
    results: dict[int, dict[str, Any]],
) -> PoseSequence:
    parts = [results[c.index] for c in chunks]
    t = np.concatenate([p["t"] for p in parts])
    seq = PoseSequence(
        t,
        np.concatenate([p["image"] for p in parts]),
        np.concatenate([p["world"] for p in parts]),
        np.concatenate([p["visibility"] for p in parts]),
        info.width,
        info.height,
        str(path),
    )
    reader = opts.reader(path)  # only for the metadata fields; nothing is decoded
    meta = video_meta(info, reader)
    meta["frames_read"] = len(seq)
    meta["damage"] = next((p["damage"] for p in parts if p["damage"]), None)
    meta["max_people"] = max(int(p["meta"]["max_people"]) for p in parts)
    meta["several_people_frames"] = sum(int(p["meta"]["several_people_frames"]) for p in parts)
    meta["crop_frames"] = sum(int(p["meta"]["crop_frames"]) for p in parts)
    runs: dict[str, int] = {}
    for p in parts:
        for kind, n in p["model_runs"].items():
            runs[kind] = runs.get(kind, 0) + int(n)
    # Model runs by kind ("full", "crop", "static", "detect"), warm-up frames included.
    meta["model_runs"] = runs
    meta["workers"] = len(chunks)
    meta["worker_cpu_s"] = round(sum(float(p["cpu_s"]) for p in parts), 2)
    # Each worker's wall time from its start to its answer: how evenly the chunks shared out.
    meta["worker_wall_s"] = [round(p["span"][1] - p["span"][0], 2) for p in parts]
    # The workers run at the same time, so their peaks add up.
    meta["worker_peak_rss_mb"] = round(sum(float(p["peak_rss_mb"]) for p in parts), 1)
    pss = [p["pss_mb"] for p in parts]
    meta["worker_pss_mb"] = None if None in pss else round(sum(pss), 1)
    seq.meta.update(meta)
    return seq

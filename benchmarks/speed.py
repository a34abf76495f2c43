"""Speed of the video coach: decode-only, the naive loop, and ours (what `hipcoach analyze`
ships), on the rendered clips and a long 720p30 clip built from them; live latency; memory.

    python benchmarks/speed.py            # a table
    python benchmarks/speed.py --json     # machine-readable

Rows per clip:
- decode_only: decode every frame and convert it to RGB at the analysis size (the physical
  limit);
- naive: decode every frame at full size and run plain BlazePose on every frame in one process
  (what AIGym and Sports2D do);
- ours: :func:`hipcoach.app.coach.load_sequence` with ``Settings()`` (so ``HIPCOACH_POSE_*``
  and the defaults in :mod:`hipcoach.config`), exactly what ``hipcoach analyze`` runs: options
  from ``pose_options``, chunks on ``pose_workers`` processes, a dense head then the coarse rate.
``fps`` is source frames covered per wall-clock second; ``realtime_factor`` is video seconds per
wall second. Rep counts and hold times come from ``analyze`` when the clip's exercise is known
(a ``.json`` label beside the clip with an ``exercise`` field, or a file name starting with an
exercise id); the long clip repeats one exercise's clips so it has rep counts too.
``live_latency_ms_p95``: the live session (``live_estimator`` + the streaming coach) on a
rendered clip letterboxed to 640x480, per frame. ``peak_rss_mb``: a fresh process running ours
plus the analysis on a ``--memory-minutes`` 1080p30 clip (built in a temporary folder by
looping one encoded segment): the highest summed RSS of that process, the fork server and the
pose workers at one time, sampled every 50 ms (RSS counts the libraries they share once per
process; ``peak_pss_mb`` shares them out). ``sum_of_peaks_rss_mb`` adds each process's own peak
(the parent's comes in the analysis, after the workers have ended): an upper bound, the figure
reported as ``peak_rss_mb`` before.
``holds_vs_truth``: naive's and ours' hold times against the rendered clips' labels (the naive
loop is the reference the issue names, not the truth: its own hold error shows the noise floor).
The pose workers' fork server is started when the benchmark starts, as ``hipcoach analyze`` and
``hipcoach demo`` start it before their own imports (:mod:`hipcoach.pose.pool`), so the rows time
the work per video; ``pool_start_s`` is that one-off start-up (until a first process can be
forked), which the commands overlap with their imports.
CPU seconds (``cpu_s``, workers included) are the figure to trust on a busy machine: wall times
stretch with other load, CPU time much less. ``load_avg_1m`` records how busy it was.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
from PIL import Image

from hipcoach.app.coach import CoachRequest, load_sequence, pose_options
from hipcoach.config import Settings
from hipcoach.pose.extract import ExtractOptions, extract_pose
from hipcoach.pose.mediapipe import BlazePoseEstimator
from hipcoach.pose.pool import start_early
from hipcoach.pose.types import PoseSequence
from hipcoach.pose.video import VideoReader, probe

ROOT = Path(__file__).resolve().parents[1]
RENDERED = ROOT / "benchmarks" / "data" / "rendered"
DEMO = ROOT / "src" / "hipcoach" / "data" / "demo" / "glute-bridge.mp4"


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, child) / 1024, 1)  # Linux reports KiB


def exercise_of(clip: Path) -> str | None:
    label = clip.with_suffix(".json")
    if label.is_file():
        data = json.loads(label.read_text("utf-8"))
        if isinstance(data, dict) and isinstance(data.get("exercise"), str):
            return str(data["exercise"])
    from hipcoach.library.registry import load_library

    ids = sorted((e.id for e in load_library()), key=len, reverse=True)
    return next((i for i in ids if clip.stem.startswith(i)), None)


def _hold(v: float) -> float | None:
    return round(v, 2) if math.isfinite(v) else None  # JSON has no NaN


def analysis_figures(seq: PoseSequence, exercise: str | None) -> dict[str, Any]:
    if exercise is None:
        return {"rep_count": None, "holds_s": None}
    from hipcoach.analysis.pipeline import analyze

    try:
        result = analyze(seq, exercise)
    except Exception as exc:  # a benchmark reports, it does not stop
        return {"rep_count": None, "holds_s": None, "error": str(exc).splitlines()[0]}
    return {"rep_count": result.rep_count, "holds_s": [_hold(r.hold_s) for r in result.reps]}


def start_pool() -> float:
    """Start the fork server as the commands do, and wait until it can fork: its start-up, s."""
    t0 = time.perf_counter()
    start_early(wait=True)
    return round(time.perf_counter() - t0, 2)


def run_decode(clip: Path, max_side: int | None) -> dict[str, Any]:
    t0, c0 = time.perf_counter(), time.process_time()
    n = sum(1 for _ in VideoReader(clip, max_side=max_side).frames())
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "frames": n,
        "wall_s": round(wall, 2),
        "fps": round(n / wall, 1),
        "cpu_s": round(cpu, 2),
    }


def run_naive(clip: Path, exercise: str | None) -> dict[str, Any]:
    # mediapipe's own default of one model thread, as those loops run it.
    plain = BlazePoseEstimator(crop_search=False, crowd_check_interval_s=None, model_threads=1)
    t0, c0 = time.perf_counter(), time.process_time()
    with plain:
        seq = extract_pose(clip, plain, options=ExtractOptions(max_side=None, threads=False))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "frames": len(seq),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "fps": round(len(seq) / wall, 1),
        "ms_per_frame": round(1000 * wall / len(seq), 1),
        "detected": round(float(seq.detected.mean()), 3),
        **analysis_figures(seq, exercise),
    }


def run_ours(clip: Path, exercise: str | None, settings: Settings) -> dict[str, Any]:
    """What ``hipcoach analyze`` runs: ``load_sequence`` (``pose_options`` inside)."""
    info = probe(clip)
    t0, c0 = time.perf_counter(), time.process_time()
    seq, _ = load_sequence(CoachRequest(video=clip), settings=settings)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    cpu += float(str(seq.meta.get("worker_cpu_s", 0.0)))
    source_frames = info.frame_count or len(seq)
    return {
        "frames": source_frames,
        "analysed_frames": len(seq),
        "workers": seq.meta.get("workers", 1),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "fps": round(source_frames / wall, 1),
        "realtime_factor": round(info.duration_s / wall, 2) if info.duration_s else None,
        "realtime_factor_cpu": round(info.duration_s / cpu, 2) if info.duration_s else None,
        "detected": round(float(seq.detected.mean()), 3),
        "model_runs": seq.meta.get("model_runs"),
        "worker_wall_s": seq.meta.get("worker_wall_s"),
        **analysis_figures(seq, exercise),
    }


def _facing(clip: Path) -> str | None:
    labels = clip.with_suffix(".json")
    if not labels.exists():
        return None
    return json.loads(labels.read_text()).get("camera", {}).get("facing")


def _letterbox(rgb: np.ndarray, width: int, height: int) -> np.ndarray:
    """Scale to fit ``width`` x ``height`` (up or down) on black bars."""
    image = Image.fromarray(rgb)
    scale = min(width / image.width, height / image.height)
    w, h = round(image.width * scale), round(image.height * scale)
    frame = np.zeros((height, width, 3), np.uint8)
    y, x = (height - h) // 2, (width - w) // 2
    frame[y : y + h, x : x + w] = np.asarray(image.resize((w, h), Image.Resampling.BILINEAR))
    return frame


def _encoder(container: Any, width: int, height: int, preset: str) -> Any:
    stream = container.add_stream("libx264", rate=30, options={"crf": "20", "preset": preset})
    stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
    return stream


def build_long_clip(sources: list[Path], out: Path, seconds: float) -> Path:
    """A 1280x720 30 fps clip of at least ``seconds``, made by playing the sources in turn.

    Sources whose person faces the other way than the first one's are mirrored, so the clip
    has no turn: it measures counting and holds at the analysis rate, not the turn handling
    (:mod:`hipcoach.analysis.parts`, tested on its own). Before that handling, a turn left the
    reps after it uncounted, by the every-frame loop and by ours alike.
    """
    facing = _facing(sources[0])
    with av.open(str(out), "w") as container:
        stream = _encoder(container, 1280, 720, "veryfast")
        n, need = 0, int(seconds * 30)
        while n < need:
            for src in sources:
                mirror = facing is not None and _facing(src) not in (None, facing)
                for _, rgb in VideoReader(src, fps=30).frames():
                    if mirror:
                        rgb = np.ascontiguousarray(rgb[:, ::-1])
                    frame = av.VideoFrame.from_ndarray(_letterbox(rgb, 1280, 720), format="rgb24")
                    container.mux(stream.encode(frame))
                    n += 1
                if n >= need:
                    break
        container.mux(stream.encode())
    return out


def build_looped_clip(source: Path, out: Path, minutes: float, size: tuple[int, int]) -> Path:
    """A ``size`` 30 fps clip of ``minutes``: one segment encoded at a fast preset, then its
    packets copied again and again with shifted timestamps (no re-encoding)."""
    segment = out.with_name("segment.mp4")
    with av.open(str(segment), "w") as container:
        stream = _encoder(container, *size, "ultrafast")
        # One closed GOP per segment copy: every copy starts on a key frame.
        stream.codec_context.gop_size = 10_000
        for _, rgb in VideoReader(source, fps=30).frames():
            frame = av.VideoFrame.from_ndarray(_letterbox(rgb, *size), format="rgb24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    with av.open(str(segment)) as src:
        ist = src.streams.video[0]
        tb = ist.time_base or Fraction(1, 15360)
        # (pts, dts, packet): the packet's own fields are rewritten for every copy.
        packets = [(p.pts or 0, p.dts or 0, p) for p in src.demux(ist) if p.size]
        step = round(1 / (30 * tb))  # one frame at 30 fps, in time-base units
        span = max(pts for pts, _, _ in packets) + step
        with av.open(str(out), "w") as dst:
            ost = dst.add_stream_from_template(ist)
            copies = math.ceil(minutes * 60 / float(span * tb))
            for k in range(copies):
                for pts, dts, p in packets:
                    p.pts, p.dts = pts + k * span, dts + k * span
                    p.stream = ost
                    dst.mux(p)
    segment.unlink()
    return out


def live_latency(clip: Path, size: tuple[int, int] = (640, 480)) -> dict[str, Any]:
    """Per-frame latency of the live session (pose + coach) on ``clip`` letterboxed to
    ``size``, every frame, as fast as it goes."""
    from hipcoach.app.live import CoachAdapter, LiveSession
    from hipcoach.library import load_library
    from hipcoach.pose.mediapipe import live_estimator

    exercise = load_library().get(exercise_of(clip) or "glute-bridge")
    frames = [(t, _letterbox(rgb, *size)) for t, rgb in VideoReader(clip).frames()]
    c0 = time.process_time()
    with live_estimator() as est:
        session = LiveSession(est, CoachAdapter(exercise, width=size[0], height=size[1]))
        for _ in session.run(frames):
            pass
    lat = np.array(session.summary.latencies_ms)
    return {
        "clip": clip.name,
        "size": f"{size[0]}x{size[1]}",
        "frames": len(lat),
        "p50_ms": round(float(np.percentile(lat, 50)), 1),
        "p95_ms": round(float(np.percentile(lat, 95)), 1),
        "max_ms": round(float(lat.max()), 1),
        "cpu_ms_per_frame": round(1000 * (time.process_time() - c0) / len(lat), 1),
        "reps": session.summary.total_reps,
    }


def _tree_pids(root: int) -> list[int]:
    """``root`` and all its descendants (the fork server and the pose workers)."""
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except OSError:
            continue  # it ended between two reads
    return out


def _mem_mb(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MB; zeros once it has ended."""
    rss = pss = 0.0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


class TreeMemory:
    """Samples the summed RSS and PSS of this process and its descendants every ``interval_s``:
    the memory the whole run holds at one time (the fork server included)."""

    def __init__(self, interval_s: float = 0.05) -> None:
        import threading

        self.interval_s = interval_s
        self.peak_rss_mb = 0.0
        self.peak_pss_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            mem = [_mem_mb(pid) for pid in _tree_pids(os.getpid())]
            self.peak_rss_mb = max(self.peak_rss_mb, sum(m[0] for m in mem))
            self.peak_pss_mb = max(self.peak_pss_mb, sum(m[1] for m in mem))
            self._stop.wait(self.interval_s)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def memory_child(clip: Path, exercise: str) -> dict[str, Any]:
    """Run in a fresh process: ours + the analysis. The peak of the summed RSS (and PSS) of
    this process, the fork server and the workers, sampled; and, as before, the sum of each
    one's own peak (an upper bound: the parent peaks in the analysis, after the workers end)."""
    from hipcoach.analysis.pipeline import analyze

    t0 = time.perf_counter()
    with TreeMemory() as tree:
        seq, _ = load_sequence(CoachRequest(video=clip), settings=Settings())
        reps = analyze(seq, exercise).rep_count
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = float(str(seq.meta.get("worker_peak_rss_mb") or 0.0))
    return {
        "duration_s": round(probe(clip).duration_s, 1),
        "size": f"{seq.width}x{seq.height}",
        "wall_s": round(time.perf_counter() - t0, 1),
        "rep_count": reps,
        "parent_peak_rss_mb": round(parent, 1),
        "workers_peak_rss_mb": round(workers, 1),
        "workers_pss_mb": seq.meta.get("worker_pss_mb"),
        "sum_of_peaks_rss_mb": round(parent + workers, 1),
        "peak_rss_mb": round(tree.peak_rss_mb, 1),
        "peak_pss_mb": round(tree.peak_pss_mb, 1),
    }


def measure_memory(source: Path, minutes: float, tmp: Path) -> dict[str, Any]:
    clip = build_looped_clip(source, tmp / "memory-1080p30.mp4", minutes, (1920, 1080))
    exercise = exercise_of(source) or "glute-bridge"
    cmd = [sys.executable, __file__, "--memory-child", str(clip), exercise]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _compare(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Ours against naive, clip by clip: same rep counts, and how far the hold times are apart
    (the target: within 0.2 s)."""
    by_clip: dict[str, dict[str, dict[str, Any]]] = {}
    for r in rows:
        by_clip.setdefault(r["clip"], {})[r["row"]] = r
    same, compared = 0, 0
    diffs: list[float] = []
    differ: list[str] = []
    worst_by_clip: dict[str, float] = {}
    for clip, rr in by_clip.items():
        n, o = rr.get("naive"), rr.get("ours")
        if not n or not o or n.get("rep_count") is None:
            continue
        compared += 1
        if n["rep_count"] == o["rep_count"]:
            same += 1
            for a, b in zip(n["holds_s"], o["holds_s"], strict=True):
                if a is not None and b is not None:
                    diffs.append(abs(a - b))
                    worst_by_clip[clip] = max(worst_by_clip.get(clip, 0.0), abs(a - b))
        else:
            differ.append(f"{clip}: naive {n['rep_count']}, ours {o['rep_count']}")
    return {
        "clips_compared": compared,
        "same_rep_count": same,
        "rep_count_differs": differ,
        "max_hold_diff_s": round(max(diffs, default=0.0), 2),
        "holds_compared": len(diffs),
        "holds_within_0_2_s": round(sum(d <= 0.2 + 1e-9 for d in diffs) / len(diffs), 3)
        if diffs
        else None,
        "hold_diff_p95_s": round(float(np.percentile(diffs, 95)), 2) if diffs else None,
        "clips_with_hold_diff_over_0_2_s": {
            c: round(d, 2) for c, d in sorted(worst_by_clip.items()) if d > 0.2 + 1e-9
        },
    }


def _true_holds(clip_name: str) -> list[float] | None:
    """The rendered clip's labelled hold times (None for a clip without a label)."""
    label = (RENDERED / clip_name).with_suffix(".json")
    if not label.is_file():
        return None
    doc = json.loads(label.read_text("utf-8"))
    return [float(r["hold_s"]) for s in doc.get("sets", []) for r in s.get("reps", [])]


def _vs_truth(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Naive and ours against the rendered clips' labels: the every-frame loop is a reference,
    not the truth, and BlazePose's own error on holds shows how close two runs can agree."""
    out: dict[str, Any] = {}
    for kind in ("naive", "ours"):
        errs: list[float] = []
        for r in rows:
            true = _true_holds(r["clip"]) if r["row"] == kind else None
            holds = r.get("holds_s")
            if true is None or holds is None or len(holds) != len(true):
                continue
            errs += [abs(h - t) for h, t in zip(holds, true, strict=True) if h is not None]
        if errs:
            e = np.array(errs)
            out[kind] = {
                "holds": len(errs),
                "hold_error_s_mean": round(float(e.mean()), 3),
                "hold_error_s_p95": round(float(np.percentile(e, 95)), 3),
                "within_0_2_s": round(float(np.mean(e <= 0.2 + 1e-9)), 3),
            }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument(
        "--clips", nargs="*", type=Path, help="clips (default: rendered clips, else the demo)"
    )
    ap.add_argument("--long-seconds", type=float, default=60.0, help="length of the 720p30 clip")
    ap.add_argument("--long-exercise", default="glute-bridge", help="exercise of the long clip")
    ap.add_argument("--memory-minutes", type=float, default=10.0, help="0: no memory run")
    ap.add_argument("--skip-naive", action="store_true", help="leave out the slow naive rows")
    ap.add_argument("--memory-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        print(json.dumps(memory_child(Path(args.memory_child[0]), args.memory_child[1])))
        return 0

    clips = args.clips or sorted(RENDERED.glob("*.mp4")) or ([DEMO] if DEMO.is_file() else [])
    if not clips:
        print("no clips: render benchmarks/data/rendered/*.mp4 or pass --clips", file=sys.stderr)
        return 2
    settings = Settings()  # what `hipcoach analyze` uses (HIPCOACH_POSE_* included)
    rows: list[dict[str, Any]] = []
    summary: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2)},
        "settings": {
            "pose_fps": settings.pose_fps,
            "pose_head_s": settings.pose_head_s,
            "pose_head_fps": settings.pose_head_fps,
            "pose_max_side": settings.pose_max_side,
            "pose_workers": settings.pose_workers,
            "pose_settle": settings.pose_settle,
            "pose_reuse_still": settings.pose_reuse_still,
        },
        "options_720p30": str(pose_options(settings, 30.0)),
        "pool_start_s": start_pool(),
    }
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        same_kind = [c for c in clips if exercise_of(c) == args.long_exercise] or clips
        long_clip = build_long_clip(same_kind, tmp / "long-720p30.mp4", args.long_seconds)
        kinds = {exercise_of(c) for c in same_kind}
        long_exercise = kinds.pop() if len(kinds) == 1 else None
        if args.memory_minutes > 0:
            summary["memory"] = measure_memory(same_kind[0], args.memory_minutes, tmp)
        summary["live"] = live_latency(same_kind[0])
        for clip in [long_clip, *clips]:
            info = probe(clip)
            exercise = exercise_of(clip) if clip != long_clip else long_exercise
            base = {
                "clip": clip.name,
                "size": f"{info.width}x{info.height}",
                "duration_s": round(info.duration_s, 2),
            }
            rows.append({**base, "row": "decode_only", **run_decode(clip, settings.pose_max_side)})
            if not args.skip_naive:
                rows.append({**base, "row": "naive", **run_naive(clip, exercise)})
            rows.append({**base, "row": "ours", **run_ours(clip, exercise, settings)})
        long_rows = {r["row"]: r for r in rows if r["clip"] == long_clip.name}
        summary["realtime_factor"] = long_rows["ours"]["realtime_factor"]
        summary["realtime_factor_cpu"] = long_rows["ours"]["realtime_factor_cpu"]
        if "naive" in long_rows:
            summary["speedup_vs_naive"] = round(
                long_rows["naive"]["wall_s"] / long_rows["ours"]["wall_s"], 2
            )
            summary["speedup_vs_naive_cpu"] = round(
                long_rows["naive"]["cpu_s"] / long_rows["ours"]["cpu_s"], 2
            )
        summary["vs_naive"] = _compare(rows)
        summary["holds_vs_truth"] = _vs_truth(rows)
        summary["peak_rss_mb"] = summary.get("memory", {}).get("peak_rss_mb")
        summary["live_latency_ms_p95"] = summary["live"]["p95_ms"]
        summary["load_avg_1m_end"] = round(os.getloadavg()[0], 2)
    summary["rows"] = rows
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(
            f"{'clip':28} {'row':11} {'frames':>6} {'wall s':>7} {'cpu s':>7} {'fps':>7} {'reps':>5}"
        )
        for r in rows:
            reps = r.get("rep_count")
            print(
                f"{r['clip'][:28]:28} {r['row']:11} {r['frames']:6} {r['wall_s']:7} "
                f"{r['cpu_s']:7} {r['fps']:7} {reps if reps is not None else '-':>5}"
            )
        print(json.dumps({k: v for k, v in summary.items() if k != "rows"}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

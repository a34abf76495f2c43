"""Speed of the video coach: decode-only, the naive loop, and ours, on the rendered clips and a
long 720p30 clip built from them.

    python benchmarks/speed.py            # a table
    python benchmarks/speed.py --json     # machine-readable

Rows per clip:
- decode: decode every frame and convert it to RGB at the analysis size (the physical limit);
- naive: decode every frame at full size and run plain BlazePose on every frame in one process
  (what AIGym and Sports2D do);
- ours: ``extract_pose_parallel`` (chunks on ``--workers`` processes) at ``--fps`` and
  ``--max-side``.
``fps`` is source frames covered per wall-clock second; ``realtime_factor`` is video seconds per
wall second. Rep counts and hold times come from ``analyze`` when the clip's exercise is known
(a ``.json`` label beside the clip with an ``exercise`` field, or a file name starting with an
exercise id). ``peak_rss_mb`` is this process (or its largest child) over the whole run;
``memory_mb_ours`` is what ours used on the long clip: this process's peak before any naive row
plus the workers' proportional set size (PSS; their RSS would count shared libraries twice).
CPU seconds (``cpu_s``, workers included) are the figure to trust on a busy machine: wall times
stretch with other load, CPU time much less. ``load_avg_1m`` records how busy it was.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import av
import numpy as np
from PIL import Image

from hipcoach.pose.extract import ExtractOptions, extract_pose
from hipcoach.pose.mediapipe import BlazePoseEstimator
from hipcoach.pose.parallel import extract_pose_parallel
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


def analysis_figures(seq: PoseSequence, exercise: str | None) -> dict[str, Any]:
    if exercise is None:
        return {"rep_count": None, "holds_s": None}
    try:
        from hipcoach.analysis.pipeline import analyze
    except ImportError:
        return {"rep_count": None, "holds_s": None, "note": "analysis not available"}
    try:
        result = analyze(seq, exercise)
    except Exception as exc:  # a benchmark reports, it does not stop
        return {"rep_count": None, "holds_s": None, "error": str(exc).splitlines()[0]}
    return {
        "rep_count": result.rep_count,
        "holds_s": [round(r.hold_s, 2) for r in result.reps],
    }


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
    plain = BlazePoseEstimator(crop_search=False, crowd_check_interval_s=None)
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


def run_ours(
    clip: Path, exercise: str | None, *, workers: int, fps: float | None, max_side: int | None
) -> dict[str, Any]:
    info = probe(clip)
    # Skipping non-reference frames pays when most frames are not analysed anyway.
    opts = ExtractOptions(
        max_side=max_side, fps=fps, skip_nonref=bool(fps and info.fps and fps <= info.fps / 2)
    )
    t0, c0 = time.perf_counter(), time.process_time()
    seq = extract_pose_parallel(
        clip, workers=workers, options=opts, factory=functools.partial(BlazePoseEstimator)
    )
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    cpu += float(str(seq.meta.get("worker_cpu_s", 0.0)))
    source_frames = info.frame_count or len(seq)
    return {
        "frames": source_frames,
        "analysed_frames": len(seq),
        "workers": seq.meta.get("workers", 1),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "worker_peak_rss_mb": seq.meta.get("worker_peak_rss_mb"),
        "worker_pss_mb": seq.meta.get("worker_pss_mb"),
        "fps": round(source_frames / wall, 1),
        "realtime_factor": round(info.duration_s / wall, 2) if info.duration_s else None,
        "detected": round(float(seq.detected.mean()), 3),
        **analysis_figures(seq, exercise),
    }


def build_long_clip(sources: list[Path], out: Path, seconds: float) -> Path:
    """A 1280x720 30 fps clip of at least ``seconds``, made by playing the sources in turn."""
    with av.open(str(out), "w") as container:
        stream = container.add_stream(
            "libx264", rate=30, options={"crf": "20", "preset": "veryfast"}
        )
        stream.width, stream.height, stream.pix_fmt = 1280, 720, "yuv420p"
        n, need = 0, int(seconds * 30)
        while n < need:
            for src in sources:
                for _, rgb in VideoReader(src, fps=30).frames():
                    # Scale to fit 1280x720 (up or down), letterboxing other aspect ratios.
                    image = Image.fromarray(rgb)
                    scale = min(1280 / image.width, 720 / image.height)
                    w, h = round(image.width * scale), round(image.height * scale)
                    frame = np.zeros((720, 1280, 3), np.uint8)
                    y, x = (720 - h) // 2, (1280 - w) // 2
                    frame[y : y + h, x : x + w] = np.asarray(
                        image.resize((w, h), Image.Resampling.BILINEAR)
                    )
                    container.mux(stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")))
                    n += 1
                if n >= need:
                    break
        container.mux(stream.encode())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument(
        "--clips", nargs="*", type=Path, help="clips (default: rendered clips, else the demo)"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--fps", type=float, default=10.0, help="our analysis rate (0: every frame)")
    ap.add_argument("--max-side", type=int, default=1280, help="our analysis size (long side)")
    ap.add_argument("--long-seconds", type=float, default=60.0, help="length of the 720p30 clip")
    ap.add_argument("--skip-naive", action="store_true", help="leave out the slow naive rows")
    args = ap.parse_args(argv)

    clips = args.clips or sorted(RENDERED.glob("*.mp4")) or ([DEMO] if DEMO.is_file() else [])
    if not clips:
        print("no clips: render benchmarks/data/rendered/*.mp4 or pass --clips", file=sys.stderr)
        return 2
    fps = args.fps or None
    rows: list[dict[str, Any]] = []
    summary: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2)},
        "settings": {"workers": args.workers, "fps": fps, "max_side": args.max_side},
    }
    with tempfile.TemporaryDirectory() as tmp:
        long_clip = build_long_clip(clips, Path(tmp) / "long-720p30.mp4", args.long_seconds)
        # The long clip repeats the sources: its exercise is known when they share one.
        kinds = {exercise_of(c) for c in clips}
        long_exercise = kinds.pop() if len(kinds) == 1 else None
        parent_peak_ours = 0.0
        # The long clip first and "ours" first on each clip: the parent's peak memory is then
        # read before a naive row has loaded a model into this process.
        for clip in [long_clip, *clips]:
            info = probe(clip)
            exercise = exercise_of(clip) if clip != long_clip else long_exercise
            base = {
                "clip": clip.name,
                "size": f"{info.width}x{info.height}",
                "duration_s": round(info.duration_s, 2),
            }
            ours = run_ours(clip, exercise, workers=args.workers, fps=fps, max_side=args.max_side)
            if clip == long_clip:
                parent_peak_ours = peak_rss_mb()
            rows.append({**base, "row": "decode", **run_decode(clip, args.max_side)})
            if not args.skip_naive:
                rows.append({**base, "row": "naive", **run_naive(clip, exercise)})
            rows.append({**base, "row": "ours", **ours})
        long_rows = {r["row"]: r for r in rows if r["clip"] == long_clip.name}
        summary["realtime_factor"] = long_rows["ours"]["realtime_factor"]
        if "naive" in long_rows:
            summary["speedup_vs_naive"] = round(
                long_rows["naive"]["wall_s"] / long_rows["ours"]["wall_s"], 2
            )
        summary["peak_rss_mb"] = peak_rss_mb()
        # Ours on the long clip: this process's peak plus the workers' proportional memory
        # (their RSS would count the libraries they share several times).
        pss = long_rows["ours"].get("worker_pss_mb")
        summary["memory_mb_ours"] = round(parent_peak_ours + float(pss), 1) if pss else None
    summary["rows"] = rows
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"{'clip':28} {'row':7} {'frames':>6} {'wall s':>7} {'fps':>7} {'reps':>5}")
        for r in rows:
            print(
                f"{r['clip'][:28]:28} {r['row']:7} {r['frames']:6} {r['wall_s']:7} {r['fps']:7} "
                f"{r.get('rep_count') if r.get('rep_count') is not None else '-':>5}"
            )
        print({k: v for k, v in summary.items() if k != "rows"})
    return 0


if __name__ == "__main__":
    sys.exit(main())

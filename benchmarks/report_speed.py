"""Where `hipcoach analyze` spends its time after the pose model: the analysis and each report file.

``benchmarks/speed.py`` times the pose stage (what the realtime target is about). A user waits
for the whole command, so this times the rest on the same 62 s 720p30 clip, from landmarks
extracted once:

* ``analysis``: :func:`hipcoach.analysis.pipeline.analyze`;
* ``report``: :func:`hipcoach.report.bundle.write_report` (report.html with its plot and
  thumbnails, analysis.json, angles.csv, angles.mot);
* ``annotated``: :func:`hipcoach.report.overlays.write_annotated`, which decodes and draws on
  a thread ahead of the encoder, against ``annotated_serial``: the same decoder, drawing and
  encoder in one loop on one thread (how it ran before). The two alternate ``--pairs`` times
  in this run, so the ratio is measured side by side.

    python benchmarks/report_speed.py            # a table
    python benchmarks/report_speed.py --json     # machine-readable
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hipcoach.analysis.pipeline import analyze
from hipcoach.app.coach import CoachRequest, load_sequence
from hipcoach.pose.video import VideoReader
from hipcoach.report.annotate import draw_overlay
from hipcoach.report.bundle import write_report
from hipcoach.report.overlays import OverlayTimeline, write_annotated
from hipcoach.report.video_writer import VideoWriter
from speed import build_long_clip, exercise_of

RENDERED = Path(__file__).parent / "data" / "rendered"


def timed(fn: Callable[[], Any]) -> tuple[Any, dict[str, float]]:
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, {
        "wall_s": round(time.perf_counter() - t0, 2),
        "cpu_s": round(time.process_time() - c0, 2),
    }


def annotate_serial(video: Path, timeline: OverlayTimeline, out: Path) -> int:
    """The annotated video in one loop on one thread: decode, draw, encode, frame by frame."""
    reader = VideoReader(video, max_side=1280, strict=False)
    width, height = reader.size
    with VideoWriter(out, fps=reader.info.fps or 30.0, width=width, height=height) as writer:
        for t, frame in reader.frames():
            h, w = frame.shape[:2]
            writer.write(draw_overlay(frame, timeline.at(t, w, h)), t)
        return writer.frames_written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument("--long-seconds", type=float, default=60.0, help="length of the 720p30 clip")
    ap.add_argument("--exercise", default="glute-bridge", help="exercise of the clip")
    ap.add_argument("--pairs", type=int, default=2, help="serial/ours pairs of the video")
    args = ap.parse_args(argv)
    sources = sorted(p for p in RENDERED.glob("*.mp4") if exercise_of(p) == args.exercise)
    if not sources:
        print(f"no rendered clips of {args.exercise} in {RENDERED}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        clip = build_long_clip(sources, tmp / "long-720p30.mp4", args.long_seconds)
        (seq, _), pose = timed(lambda: load_sequence(CoachRequest(video=clip)))
        analysis, ana = timed(lambda: analyze(seq, args.exercise))
        _, report = timed(lambda: write_report(tmp / "report", analysis, seq, video=clip))
        timeline = OverlayTimeline(analysis, seq)
        serial: list[dict[str, float]] = []
        ours: list[dict[str, float]] = []
        for _ in range(args.pairs):
            serial.append(timed(lambda: annotate_serial(clip, timeline, tmp / "s.mp4"))[1])
            ours.append(
                timed(lambda: write_annotated(clip, seq, analysis, tmp / "annotated.mp4"))[1]
            )
        duration = seq.duration_s

    def median(rows: list[dict[str, float]], key: str) -> float:
        return round(statistics.median(r[key] for r in rows), 2)

    summary: dict[str, Any] = {
        "clip_s": round(duration, 2),
        "rep_count": analysis.rep_count,
        "pose": pose,
        "analysis": ana,
        "report": report,
        "annotated_serial": {"runs": serial, "wall_s": median(serial, "wall_s")},
        "annotated": {"runs": ours, "wall_s": median(ours, "wall_s")},
    }
    summary["annotated_speedup"] = round(median(serial, "wall_s") / median(ours, "wall_s"), 2)
    summary["total_s"] = round(
        pose["wall_s"] + ana["wall_s"] + report["wall_s"] + median(ours, "wall_s"), 2
    )
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for key in ("pose", "analysis", "report", "annotated_serial", "annotated"):
            print(f"{key:18s} {summary[key]['wall_s']:7.2f} s")
        print(f"annotated video: {summary['annotated_speedup']}x the serial loop")
        print(f"total {summary['total_s']} s for a {summary['clip_s']} s clip")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

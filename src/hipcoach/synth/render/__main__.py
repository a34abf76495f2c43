"""``python -m hipcoach.synth.render``: render the benchmark set (and the packaged demo clip).

PYOPENGL_PLATFORM=egl python -m hipcoach.synth.render --out benchmarks/data/rendered
python -m hipcoach.synth.render --only glute-bridge__clean-1 --out /tmp/clips
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hipcoach.synth.render", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("benchmarks/data/rendered"),
        help="folder for NAME.mp4 + NAME.json",
    )
    parser.add_argument("--only", nargs="*", default=None, help="render only these clip names")
    parser.add_argument("--demo-out", type=Path, default=DEMO_DIR, help="folder for the demo clip")
    parser.add_argument("--no-demo", action="store_true", help="skip the packaged demo clip")
    parser.add_argument("--list", action="store_true", help="list the clips and exit")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYOPENGL_PLATFORM", "egl")

    from hipcoach.synth.render.jobs import benchmark_jobs, demo_job

    jobs = benchmark_jobs()
    if args.list:
        for j in jobs:
            print(j.name, j.body_type, j.camera_setup, ",".join(j.tags))
        return 0
    targets = [(j, args.out) for j in jobs]
    if not args.no_demo:
        targets.append((demo_job(), args.demo_out))
    if args.only is not None:
        names = set(args.only)
        unknown = names - {j.name for j, _ in targets}
        if unknown:
            print(f"unknown clip names: {', '.join(sorted(unknown))}; see --list", file=sys.stderr)
            return 2
        targets = [(j, d) for j, d in targets if j.name in names]

    try:
        from hipcoach.synth.render.body import AnnyPoser
        from hipcoach.synth.render.clip import render_clip
        from hipcoach.synth.render.scene import make_renderer
    except ImportError as exc:
        print(
            f"rendering needs the render extra ({exc.name} is missing): "
            "pip install torch==2.13.0 && pip install -e '.[render]'",
            file=sys.stderr,
        )
        return 1
    t0 = time.perf_counter()
    poser = AnnyPoser()
    renderer = make_renderer(640, 360)
    total_frames = total_bytes = 0
    for job, out in targets:
        r = render_clip(job, poser, out, renderer=renderer)
        total_frames += r.frames
        total_bytes += r.bytes + r.labels.stat().st_size
        print(
            f"{job.name:42s} {r.frames:4d} frames {r.seconds:6.1f} s "
            f"{r.frames / r.seconds:4.1f} fps  mp4 {r.bytes / 1e3:6.0f} kB  json {r.labels.stat().st_size / 1e3:6.0f} kB",
            flush=True,
        )
    dt = time.perf_counter() - t0
    print(
        f"{len(targets)} clips, {total_frames} frames in {dt / 60:.1f} min; {total_bytes / 1e6:.1f} MB written"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

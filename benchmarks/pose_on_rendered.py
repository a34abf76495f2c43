"""Does the real pose model see the rendered people? BlazePose over every rendered clip.

For each ``benchmarks/data/rendered/NAME.mp4`` (and the packaged demo clip) this runs BlazePose
Full (mediapipe 0.10.21, model_complexity=1, tracking mode) through
:class:`hipcoach.pose.mediapipe.BlazePoseEstimator` and prints, per clip:

* the detection rate: frames with the person found, over the frames where the whole body
  (shoulders to feet) is inside the picture (label ``fully_visible``); target >= 95 %;
* the near-side signed hip angle error (BlazePose's 2-D landmarks vs the rendered skeleton
  projected with the same camera, ``hip_deg_2d``): mean absolute, max absolute and bias (mean
  signed, BlazePose minus truth), in degrees; and the same against the 3-D sagittal truth
  (``hip_deg_3d``), which adds what the camera's perspective and yaw do to a 2-D angle.

    python benchmarks/pose_on_rendered.py           # a table
    python benchmarks/pose_on_rendered.py --json    # machine-readable
    python benchmarks/pose_on_rendered.py --plain   # BlazePose without hipcoach's crop search
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from hipcoach.pose.extract import extract_pose
from hipcoach.pose.landmarks import Landmark
from hipcoach.synth.kinematic.labels import signed_angles_2d

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE / "data" / "rendered"
DEMO = HERE.parent / "src" / "hipcoach" / "data" / "demo" / "glute-bridge.mp4"
TARGET_DETECTION = 0.95
_HIPS = [Landmark.LEFT_HIP, Landmark.RIGHT_HIP]


def _stats(err: np.ndarray) -> dict[str, float | None]:
    err = err[np.isfinite(err)]
    if err.size == 0:
        return {"mean_abs": None, "max_abs": None, "bias": None, "n": 0}
    return {
        "mean_abs": round(float(np.mean(np.abs(err))), 2),
        "max_abs": round(float(np.max(np.abs(err))), 2),
        "bias": round(float(np.mean(err)), 2),
        "n": int(err.size),
    }


def _wrap(d: np.ndarray) -> np.ndarray:
    return np.mod(d + 180.0, 360.0) - 180.0


def score_clip(video: Path, plain: bool = False) -> dict[str, Any]:
    """Run BlazePose over one clip and compare with its labels (``NAME.json`` beside it)."""
    from hipcoach.pose.mediapipe import BlazePoseEstimator

    doc = json.loads(video.with_suffix(".json").read_text())
    frames = doc["frames"]
    n = int(doc["frame_count"])
    near = doc.get("render", {}).get("near_side") or doc["camera"]["facing"]
    facing = doc["facing"]
    t0 = time.perf_counter()
    with BlazePoseEstimator(
        crop_search=not plain, crowd_check_interval_s=None if plain else 2.0
    ) as est:
        seq = extract_pose(video, est)
    dt = time.perf_counter() - t0
    if len(seq.t) != n:
        raise SystemExit(f"{video.name}: decoded {len(seq.t)} frames, the label says {n}")
    visible = np.asarray(frames.get("fully_visible", frames["in_frame"]), dtype=bool)
    found = np.isfinite(seq.image[:, _HIPS, 0]).all(axis=1)
    px = seq.image[..., :2] * np.array([seq.width, seq.height], dtype=np.float64)
    hip_est = signed_angles_2d(px, facing)[0][near]
    truth_2d = np.asarray(frames["hip_deg_2d"][near], dtype=np.float64)
    truth_3d = np.asarray(frames["hip_deg_3d"][near], dtype=np.float64)
    use = visible & found
    return {
        "clip": video.stem,
        "exercise": doc["exercise"],
        "frames": n,
        "visible_frames": int(visible.sum()),
        "detected": int((visible & found).sum()),
        "detection_rate": round(float((visible & found).sum() / max(visible.sum(), 1)), 4),
        "near_side": near,
        "hip_err_2d": _stats(_wrap(hip_est[use] - truth_2d[use])),
        "hip_err_3d": _stats(_wrap(hip_est[use] - truth_3d[use])),
        "seconds": round(dt, 1),
    }


def _fmt(v: float | None) -> str:
    return "   -" if v is None else f"{v:6.1f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help="folder of NAME.mp4 + NAME.json"
    )
    ap.add_argument("--only", nargs="*", default=None, help="clip names (stems) to run")
    ap.add_argument("--no-demo", action="store_true", help="leave out the packaged demo clip")
    ap.add_argument("--plain", action="store_true", help="BlazePose alone, no crop search")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    videos = sorted(args.data.glob("*.mp4"))
    if not args.no_demo and DEMO.exists():
        videos.append(DEMO)
    if args.only is not None:
        videos = [v for v in videos if v.stem in set(args.only)]
    if not videos:
        print(
            f"no clips in {args.data}: render them with python -m hipcoach.synth.render",
            file=sys.stderr,
        )
        return 1
    rows = []
    for v in videos:
        rows.append(score_clip(v, plain=args.plain))
        if not args.json:
            r = rows[-1]
            e2, e3 = r["hip_err_2d"], r["hip_err_3d"]
            flag = "" if r["detection_rate"] >= TARGET_DETECTION else "  < 95 %"
            print(
                f"{r['clip']:42s} {r['detected']:4d}/{r['visible_frames']:<4d} {100 * r['detection_rate']:5.1f} %"
                f" {r['near_side']:>5s} | 2-D {_fmt(e2['mean_abs'])} {_fmt(e2['max_abs'])} {_fmt(e2['bias'])}"
                f" | 3-D {_fmt(e3['mean_abs'])} {_fmt(e3['max_abs'])} {_fmt(e3['bias'])}{flag}",
                flush=True,
            )
    rates = np.array([r["detection_rate"] for r in rows])
    all_err = {
        k: np.array([r[k]["mean_abs"] for r in rows if r[k]["mean_abs"] is not None])
        for k in ("hip_err_2d", "hip_err_3d")
    }
    bias = {
        k: np.array([r[k]["bias"] for r in rows if r[k]["bias"] is not None])
        for k in ("hip_err_2d", "hip_err_3d")
    }
    summary = {
        "clips": len(rows),
        "frames": int(sum(r["frames"] for r in rows)),
        "min_detection_rate": round(float(rates.min()), 4),
        "clips_below_target": [r["clip"] for r in rows if r["detection_rate"] < TARGET_DETECTION],
        "overall_detection_rate": round(
            sum(r["detected"] for r in rows) / max(sum(r["visible_frames"] for r in rows), 1), 4
        ),
        "hip_err_2d_mean_abs_median": round(float(np.median(all_err["hip_err_2d"])), 2),
        "hip_err_3d_mean_abs_median": round(float(np.median(all_err["hip_err_3d"])), 2),
        "hip_err_2d_max_abs": max((r["hip_err_2d"]["max_abs"] or 0.0) for r in rows),
        "hip_bias_2d_range": [
            round(float(bias["hip_err_2d"].min()), 2),
            round(float(bias["hip_err_2d"].max()), 2),
        ],
        "per_exercise_bias_2d": {
            ex: round(
                float(
                    np.mean(
                        [
                            r["hip_err_2d"]["bias"]
                            for r in rows
                            if r["exercise"] == ex and r["hip_err_2d"]["bias"] is not None
                        ]
                    )
                ),
                2,
            )
            for ex in sorted({r["exercise"] for r in rows})
        },
        "plain_blazepose": args.plain,
    }
    if args.json:
        print(json.dumps({"clips": rows, "summary": summary}, indent=1))
    else:
        print(
            "columns: clip, detected/visible frames, rate, near side | near-side hip angle error "
            "vs 2-D truth: mean |err|, max |err|, bias | the same vs 3-D truth (degrees)"
        )
        for k, v in summary.items():
            print(f"{k}: {v}")
    return 0 if not summary["clips_below_target"] else 1


if __name__ == "__main__":
    raise SystemExit(main())

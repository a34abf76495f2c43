"""Accuracy benchmark of the motion analysis: counts, holds, faults and recognition.

``python benchmarks/accuracy.py --json`` prints one JSON object:

- ``synthetic``: clips from the kinematic generator (all 8 exercises, many seeds, noise,
  dropouts, both facing directions, set-up phases, leaving the frame), analysed with
  :func:`hipcoach.analysis.analyze`.
- ``rendered``: the same figures on ``benchmarks/data/rendered/*.mp4`` (with ``.json`` labels)
  through the real pose model, or a note saying why they could not be measured.

Definitions (a set is a true set of the clip; a detected rep belongs to the true set whose time
span contains its top, or else to the nearest one, so reps counted during rests are errors too):
    rep_exact_rate   share of sets whose count is exactly right
    rep_mae          mean absolute count error per set
    off_by_one_rate  share of sets counted within one rep (RepCount's "OBO accuracy")
    false_reps_setup detected reps matching no true rep whose top falls in a set-up or
                     out-of-frame phase
    hold_error_s_p95 95th percentile of |measured - true| hold over matched reps
    fault_f1         per "exercise/fault" F1 over matched reps; fault_f1_min the lowest
    recognition_accuracy share of clips whose exercise is recognised (exercise not given)

``--fast`` runs a CI-sized sample; ``--seeds N`` sets clips per exercise; ``--seed-base K``
draws them from seeds K..K+N-1 instead of 0..N-1 (held-out clips, to check that a change was
not tuned to the usual ones).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
RENDERED = HERE / "data" / "rendered"
SETUP_PHASES = {"setup", "out_of_frame"}


@dataclass
class Tally:
    """Running sums for the figures."""

    set_errors: list[int] = field(default_factory=list)
    false_setup: int = 0
    hold_errors: list[float] = field(default_factory=list)
    fault_counts: dict[str, list[int]] = field(default_factory=dict)  # key -> [tp, fp, fn]
    recognised: list[bool] = field(default_factory=list)
    clips: int = 0
    frames: int = 0
    seconds: float = 0.0

    def merge(self, other: Tally) -> None:
        self.set_errors += other.set_errors
        self.false_setup += other.false_setup
        self.hold_errors += other.hold_errors
        for k, v in other.fault_counts.items():
            mine = self.fault_counts.setdefault(k, [0, 0, 0])
            for i in range(3):
                mine[i] += v[i]
        self.recognised += other.recognised
        self.clips += other.clips
        self.frames += other.frames
        self.seconds += other.seconds

    def figures(self) -> dict[str, object]:
        err = np.array(self.set_errors, dtype=float)
        f1 = {}
        for key, (tp, fp, fn) in sorted(self.fault_counts.items()):
            if tp + fn == 0:
                continue  # a fault never shown: F1 undefined (false alarms are listed below)
            f1[key] = round(2 * tp / (2 * tp + fp + fn), 3)
        false_alarms = {
            k: v[1] for k, v in sorted(self.fault_counts.items()) if v[0] + v[2] == 0 and v[1]
        }
        holds = np.array(self.hold_errors)
        return {
            "clips": self.clips,
            "sets": len(err),
            "rep_exact_rate": round(float(np.mean(err == 0)), 4) if len(err) else None,
            "rep_mae": round(float(np.mean(np.abs(err))), 4) if len(err) else None,
            "off_by_one_rate": round(float(np.mean(np.abs(err) <= 1)), 4) if len(err) else None,
            "false_reps_setup": self.false_setup,
            "hold_error_s_p95": round(float(np.percentile(holds, 95)), 3) if len(holds) else None,
            "hold_error_s_mean": round(float(np.mean(holds)), 3) if len(holds) else None,
            "fault_f1": f1,
            "fault_f1_min": min(f1.values()) if f1 else None,
            "unlabelled_fault_alarms": false_alarms,
            "recognition_accuracy": round(float(np.mean(self.recognised)), 4)
            if self.recognised
            else None,
            "frames_per_s": round(self.frames / self.seconds, 1) if self.seconds else None,
        }


@dataclass(frozen=True)
class TruthRep:
    set_index: int
    top_s: float
    hold_s: float
    faults: tuple[str, ...]


def score_clip(
    exercise: str,
    truth: list[TruthRep],
    set_spans: list[tuple[float, float]],
    phase_at: object,
    result: object,
    recognised: str | None,
) -> Tally:
    """Compare one analysis with its labels."""
    tally = Tally(clips=1)
    reps = list(result.reps)  # type: ignore[attr-defined]
    counts = [0] * len(set_spans)
    for r in reps:
        # A rep outside every set (during a rest, say) is an error of the nearest set.
        gaps = [
            0.0 if a <= r.top_s <= b else min(abs(r.top_s - a), abs(r.top_s - b))
            for a, b in set_spans
        ]
        counts[int(np.argmin(gaps))] += 1
    true_counts = [sum(1 for t in truth if t.set_index == k) for k in range(len(set_spans))]
    tally.set_errors = [c - tc for c, tc in zip(counts, true_counts, strict=True)]
    # One-to-one matching on top times, nearest first.
    pairs = sorted(
        ((abs(r.top_s - t.top_s), i, j) for i, r in enumerate(reps) for j, t in enumerate(truth)),
        key=lambda p: p[0],
    )
    used_r: set[int] = set()
    used_t: set[int] = set()
    matched = []
    for d, i, j in pairs:
        if d > 1.5 or i in used_r or j in used_t:
            continue
        used_r.add(i)
        used_t.add(j)
        matched.append((reps[i], truth[j]))
    for r, t in matched:
        if np.isfinite(r.hold_s):  # unmeasured holds (a set ending at the top) are skipped
            tally.hold_errors.append(abs(r.hold_s - t.hold_s))
        got = {f.fault_id for f in r.faults}
        for f in got | set(t.faults):
            c = tally.fault_counts.setdefault(f"{exercise}/{f}", [0, 0, 0])
            if f in got and f in t.faults:
                c[0] += 1
            elif f in got:
                c[1] += 1
            else:
                c[2] += 1
    for i, r in enumerate(reps):
        if i not in used_r:
            # A rep that matches no true rep and peaks while the person gets into position.
            if phase_at(r.top_s) in SETUP_PHASES:  # type: ignore[operator]
                tally.false_setup += 1
            for f in r.faults:
                tally.fault_counts.setdefault(f"{exercise}/{f.fault_id}", [0, 0, 0])[1] += 1
    for j, t in enumerate(truth):
        if j not in used_t:
            for f in t.faults:
                tally.fault_counts.setdefault(f"{exercise}/{f}", [0, 0, 0])[2] += 1
    if recognised is not None:
        tally.recognised.append(recognised == exercise)
    return tally


def _synthetic_job(args: tuple[str, int]) -> Tally:
    from hipcoach.analysis import analyze
    from hipcoach.analysis.recognize import recognize
    from hipcoach.kinematics import compute_kinematics
    from hipcoach.library.registry import load_library
    from hipcoach.synth.kinematic import generate, random_spec
    from hipcoach.synth.motion import Phase

    exercise, seed = args
    lib = load_library()
    spec = random_spec(exercise, np.random.default_rng([seed, len(exercise)]))
    clip = generate(spec)
    t0 = time.perf_counter()
    result = analyze(clip.pose, exercise, library=lib)
    seconds = time.perf_counter() - t0
    rec = recognize(compute_kinematics(clip.pose), lib).exercise
    truth = [TruthRep(r.set_index, r.top_s, r.hold_s, tuple(r.faults)) for r in clip.labels.reps]
    spans = []
    for k in range(spec.sets):
        rs = [r for r in clip.labels.reps if r.set_index == k]
        spans.append((rs[0].start_s - 0.5, rs[-1].end_s + 0.5))
    t = clip.labels.t
    phases = clip.labels.phase

    def phase_at(x: float) -> str:
        i = int(np.clip(np.searchsorted(t, x), 0, len(t) - 1))
        return Phase(int(phases[i])).name.lower()

    tally = score_clip(exercise, truth, spans, phase_at, result, rec)
    tally.frames = len(clip.pose)
    tally.seconds = seconds
    return tally


def run_synthetic(
    seeds: int, workers: int, only: list[str] | None = None, seed_base: int = 0
) -> dict[str, object]:
    from hipcoach.synth.kinematic import EXERCISES

    unknown = sorted(set(only or []) - set(EXERCISES))
    if unknown:
        raise SystemExit(
            f"unknown exercise id(s): {', '.join(unknown)}; known: {sorted(EXERCISES)}"
        )
    jobs = [
        (ex, s)
        for ex in EXERCISES
        if not only or ex in only
        for s in range(seed_base, seed_base + seeds)
    ]
    total = Tally()
    per_ex: dict[str, Tally] = defaultdict(Tally)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_synthetic_job, jobs, chunksize=2))
    else:
        results = [_synthetic_job(j) for j in jobs]
    for (ex, _), tally in zip(jobs, results, strict=True):
        total.merge(tally)
        per_ex[ex].merge(tally)
    out = total.figures()
    out["exercises"] = sorted({ex for ex, _ in jobs})
    out["seeds_per_exercise"] = seeds
    if seed_base:
        out["seed_base"] = seed_base
    out["per_exercise"] = {
        ex: {
            k: v
            for k, v in t.figures().items()
            if k
            in (
                "rep_exact_rate",
                "hold_error_s_p95",
                "fault_f1_min",
                "recognition_accuracy",
                "false_reps_setup",
            )
        }
        for ex, t in sorted(per_ex.items())
    }
    return out


CACHE = HERE / ".cache" / "rendered-landmarks"


def rendered_landmarks(video: Path) -> object:
    """BlazePose landmarks of a rendered clip, as ``hipcoach analyze`` extracts them, from the
    same cache as ``rendered_accuracy.py`` and under its key (the file and every pose setting:
    rate, head, size, motion gate), so a changed setting never reuses stale landmarks."""
    sys.path.insert(0, str(HERE))
    from rendered_accuracy import landmarks_for

    seq, _ = landmarks_for(video, CACHE)
    return seq


def run_rendered(limit: int | None) -> dict[str, object]:
    clips = sorted(RENDERED.glob("*.mp4"))
    if not clips:
        return {
            "status": "not measured",
            "reason": f"no rendered clips in {RENDERED.relative_to(HERE.parent)}",
        }
    try:
        import hipcoach.app.coach
        import hipcoach.pose.mediapipe  # noqa: F401
    except ImportError as exc:
        return {"status": "not measured", "reason": f"pose backend not available ({exc})"}
    from hipcoach.analysis import analyze
    from hipcoach.analysis.recognize import recognize
    from hipcoach.kinematics import compute_kinematics
    from hipcoach.library.registry import load_library

    lib = load_library()
    total = Tally()
    skipped = []
    misses: list[dict[str, object]] = []
    failed: list[str] = []
    # One pose process: the rendered clips are short and two workers can run out of memory
    # beside the renderer on a 2-core machine.
    os.environ.setdefault("HIPCOACH_POSE_WORKERS", "1")
    for path in clips[:limit]:
        label_path = path.with_suffix(".json")
        if not label_path.exists():
            skipped.append(path.name)
            continue
        doc = json.loads(label_path.read_text())
        exercise = doc["exercise"]
        truth = [
            TruthRep(s["index"], r["top_s"], r["hold_s"], tuple(r["faults"]))
            for s in doc["sets"]
            for r in s["reps"]
        ]
        spans = [(s["reps"][0]["start_s"] - 0.5, s["reps"][-1]["end_s"] + 0.5) for s in doc["sets"]]
        frames = doc.get("frames", {})
        ft = np.asarray(frames.get("t", [0.0]))
        fphase = frames.get("phase", ["bottom"])

        def phase_at(x: float, ft: np.ndarray = ft, fphase: list[str] = fphase) -> str:
            return fphase[int(np.clip(np.searchsorted(ft, x), 0, len(ft) - 1))]

        t0 = time.perf_counter()
        try:
            seq = rendered_landmarks(path)
        except Exception as exc:  # the pose stack is someone else's moving part: report, go on
            failed.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        result = analyze(seq, exercise, library=lib)
        rec = recognize(compute_kinematics(seq), lib).exercise
        tally = score_clip(exercise, truth, spans, phase_at, result, rec)
        tally.frames = len(seq)
        tally.seconds = time.perf_counter() - t0
        total.merge(tally)
        if any(tally.set_errors) or rec != exercise:
            misses.append(
                {
                    "clip": path.stem,
                    "true_reps": len(truth),
                    "count_error_per_set": tally.set_errors,
                    "recognised": rec,
                }
            )
    if total.clips == 0:
        return {"status": "not measured", "reason": "pose extraction failed", "failed": failed[:5]}
    out = total.figures()
    out["misses"] = misses
    out["pose_failures"] = failed
    out["status"] = "measured"
    out["clips_skipped_without_labels"] = skipped
    out["note"] = (
        "BlazePose landmarks as `hipcoach analyze` extracts them (cached in benchmarks/.cache "
        "after the first run); frames_per_s counts the analysis only when cached"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the JSON object only")
    ap.add_argument("--fast", action="store_true", help="a CI-sized run (3 clips per exercise)")
    ap.add_argument("--seeds", type=int, default=None, help="clips per exercise (default 24)")
    ap.add_argument(
        "--seed-base", type=int, default=0, help="first seed (held-out clips; default 0)"
    )
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-rendered", action="store_true", help="skip the rendered clips")
    ap.add_argument("--rendered-limit", type=int, default=None)
    ap.add_argument(
        "--exercises", nargs="+", default=None, help="only these exercise ids (synthetic part)"
    )
    args = ap.parse_args(argv)
    seeds = args.seeds or (3 if args.fast else 24)
    t0 = time.perf_counter()
    out: dict[str, object] = {
        "synthetic": run_synthetic(seeds, args.workers, args.exercises, args.seed_base)
    }
    out["rendered"] = (
        {"status": "skipped", "reason": "--no-rendered"}
        if args.no_rendered
        else run_rendered(args.rendered_limit)
    )
    out["targets"] = {
        "rep_exact_rate": ">= 0.98",
        "false_reps_setup": "0",
        "hold_error_s_p95": "<= 0.2",
        "fault_f1_min": ">= 0.9",
        "recognition_accuracy": ">= 0.95",
    }
    out["elapsed_s"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        syn = out["synthetic"]
        assert isinstance(syn, dict)
        for k in (
            "rep_exact_rate",
            "rep_mae",
            "off_by_one_rate",
            "false_reps_setup",
            "hold_error_s_p95",
            "fault_f1_min",
            "recognition_accuracy",
        ):
            print(f"{k:24s} {syn[k]}")
        print(json.dumps(syn["per_exercise"], indent=1))
        print("rendered:", json.dumps(out["rendered"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Does the analysis give the same answer whatever rate the pose model ran at?

Offline analysis runs the pose model at a reduced rate (7.5 or 10 frames/s) to be fast, while
the naive loop runs it on every frame. Issue 5 asks for the same rep counts and hold times
within 0.2 s of the naive result. ``python benchmarks/rate_agreement.py --json`` prints:

- ``synthetic``: each kinematic-generator clip analysed at its own rate (30 frames/s) and
  subsampled to each lower rate (every 3rd frame for 10, every 4th for 7.5);
- ``rendered``: the cached BlazePose landmarks of each rendered clip at 10 and 7.5 frames/s
  against those at 15 frames/s (``benchmarks/.cache/rendered-landmarks``, written by
  ``rendered_accuracy.py`` / ``accuracy.py``); clips without a cache are left out.

For each rate, overall and per exercise: ``clips``, ``equal_counts`` (share of clips whose
per-set rep counts are identical), ``hold_pairs`` (reps matched on their top time, within
1.5 s, both holds measured), ``hold_diff_s_max`` and ``hold_diff_s_p95``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache" / "rendered-landmarks"
MATCH_S = 1.5


@dataclass
class Agreement:
    """Per-clip comparisons against the reference rate."""

    equal: list[bool] = field(default_factory=list)
    diffs: list[float] = field(default_factory=list)
    worst: list[tuple[float, str]] = field(default_factory=list)

    def merge(self, other: Agreement) -> None:
        self.equal += other.equal
        self.diffs += other.diffs
        self.worst += other.worst

    def figures(self) -> dict[str, object]:
        d = np.array(self.diffs)
        return {
            "clips": len(self.equal),
            "equal_counts": round(float(np.mean(self.equal)), 4) if self.equal else None,
            "hold_pairs": int(d.size),
            "hold_diff_s_max": round(float(d.max()), 3) if d.size else None,
            "hold_diff_s_p95": round(float(np.percentile(d, 95)), 3) if d.size else None,
        }


def subsample(seq: object, step: int) -> object:
    """Every ``step``-th frame of a PoseSequence, as a pose model run at a lower rate sees it."""
    from hipcoach.pose.types import PoseSequence

    assert isinstance(seq, PoseSequence)
    return seq.slice(0, len(seq), step)


def compare(ref: object, other: object, name: str) -> Agreement:
    """Per-set counts equal? Hold differences of reps matched on their top time."""
    from hipcoach.analysis.results import SessionAnalysis

    assert isinstance(ref, SessionAnalysis) and isinstance(other, SessionAnalysis)
    out = Agreement()
    counts_a = [(s.side, len(s.reps)) for s in ref.sets]
    counts_b = [(s.side, len(s.reps)) for s in other.sets]
    out.equal.append(counts_a == counts_b)
    ra, rb = list(ref.reps), list(other.reps)
    pairs = sorted(
        (abs(a.top_s - b.top_s), i, j) for i, a in enumerate(ra) for j, b in enumerate(rb)
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    for d, i, j in pairs:
        if d > MATCH_S or i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        ha, hb = ra[i].hold_s, rb[j].hold_s
        if np.isfinite(ha) and np.isfinite(hb):
            diff = abs(ha - hb)
            out.diffs.append(diff)
            out.worst.append((diff, f"{name} rep@{ra[i].top_s:.1f}s {ha:.2f} vs {hb:.2f}"))
    if counts_a != counts_b:
        out.worst.append((float("inf"), f"{name} counts {counts_a} vs {counts_b}"))
    return out


def _synthetic_job(args: tuple[str, int, tuple[float, ...]]) -> dict[float, Agreement]:
    from hipcoach.analysis import analyze
    from hipcoach.library.registry import load_library
    from hipcoach.synth.kinematic import generate, random_spec

    exercise, seed, rates = args
    lib = load_library()
    # The same specs as the accuracy benchmark, so the two can be read side by side.
    spec = random_spec(exercise, np.random.default_rng([seed, len(exercise)]))
    clip = generate(spec)
    ref = analyze(clip.pose, exercise, library=lib)
    out = {}
    for rate in rates:
        step = max(1, round(spec.fps / rate))
        low = analyze(subsample(clip.pose, step), exercise, library=lib)  # type: ignore[arg-type]
        out[rate] = compare(ref, low, f"{exercise}#{seed}@{rate:g}")
    return out


def run_synthetic(
    seeds: int, rates: tuple[float, ...], workers: int, only: list[str] | None
) -> dict[str, object]:
    from hipcoach.synth.kinematic import EXERCISES

    jobs = [(ex, s, rates) for ex in EXERCISES if not only or ex in only for s in range(seeds)]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_synthetic_job, jobs, chunksize=2))
    else:
        results = [_synthetic_job(j) for j in jobs]
    return _summarise([(ex, r) for (ex, _, _), r in zip(jobs, results, strict=True)], rates)


def _summarise(
    rows: list[tuple[str, dict[float, Agreement]]], rates: tuple[float, ...]
) -> dict[str, object]:
    out: dict[str, object] = {}
    for rate in rates:
        total = Agreement()
        per_ex: dict[str, Agreement] = defaultdict(Agreement)
        for ex, res in rows:
            if rate in res:
                total.merge(res[rate])
                per_ex[ex].merge(res[rate])
        fig = total.figures()
        fig["per_exercise"] = {ex: a.figures() for ex, a in sorted(per_ex.items())}
        fig["worst"] = [w for _, w in sorted(total.worst, reverse=True)[:5]]
        out[f"{rate:g}fps"] = fig
    return out


_CACHED = re.compile(r"^(?P<stem>.+?)-\d+-\d+-(?P<fps>[\d.]+)fps-(?P<px>\d+)px\.npz$")


def run_rendered(ref_fps: float, rates: tuple[float, ...]) -> dict[str, object]:
    """Cached BlazePose landmarks at each rate against those at ``ref_fps``."""
    from hipcoach.analysis import analyze
    from hipcoach.library.registry import load_library
    from hipcoach.pose.types import PoseSequence

    files: dict[str, dict[float, Path]] = defaultdict(dict)
    for path in sorted(CACHE.glob("*.npz")) if CACHE.is_dir() else []:
        m = _CACHED.match(path.name)
        if m and m["px"] == "1280":
            files[m["stem"]][float(m["fps"])] = path
    usable = {stem: by for stem, by in files.items() if ref_fps in by}
    if not usable:
        return {"status": "not measured", "reason": f"no cached landmarks in {CACHE.name}"}
    lib = load_library()
    rows: list[tuple[str, dict[float, Agreement]]] = []
    for stem, by in sorted(usable.items()):
        exercise = stem.split("__")[0]
        ref = analyze(PoseSequence.load(by[ref_fps]), exercise, library=lib)
        res = {}
        for rate in rates:
            if rate in by:
                low = analyze(PoseSequence.load(by[rate]), exercise, library=lib)
                res[rate] = compare(ref, low, f"{stem}@{rate:g}")
        rows.append((exercise, res))
    out = _summarise(rows, rates)
    out["status"] = "measured"
    out["reference_fps"] = ref_fps
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the JSON object only")
    ap.add_argument("--seeds", type=int, default=6, help="synthetic clips per exercise")
    ap.add_argument("--rates", type=float, nargs="+", default=[7.5, 10.0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--exercises", nargs="+", default=None, help="only these (synthetic part)")
    ap.add_argument("--no-rendered", action="store_true", help="skip the cached rendered clips")
    args = ap.parse_args(argv)
    rates = tuple(args.rates)
    t0 = time.perf_counter()
    out: dict[str, object] = {
        "synthetic": run_synthetic(args.seeds, rates, args.workers, args.exercises),
        "rendered": {"status": "skipped", "reason": "--no-rendered"}
        if args.no_rendered
        else run_rendered(15.0, rates),
        "target": "equal_counts 1.0 and hold_diff_s_max <= 0.2 (issue 5)",
    }
    out["elapsed_s"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for part in ("synthetic", "rendered"):
            sec = out[part]
            assert isinstance(sec, dict)
            for key, fig in sec.items():
                if isinstance(fig, dict) and "clips" in fig:
                    brief = {k: v for k, v in fig.items() if k not in ("per_exercise", "worst")}
                    print(f"{part:9s} {key:7s} {brief}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Refit the exercise recogniser's centroids from generated clips.

``python benchmarks/fit_recognizer.py [--seeds N]`` writes
``src/hipcoach/analysis/data/recognition.json``: per exercise the mean of each feature over
clips drawn with ``random_spec`` (seeds disjoint from the accuracy benchmark's), and per
feature a pooled within-class standard deviation used as its scale.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

OUT = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "hipcoach"
    / "analysis"
    / "data"
    / "recognition.json"
)
SEED_OFFSET = 10_000  # the accuracy benchmark uses seeds from 0


def main() -> None:
    from hipcoach.analysis.recognize import FEATURES, clip_features
    from hipcoach.kinematics import compute_kinematics
    from hipcoach.synth.kinematic import EXERCISES, generate, random_spec

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=16)
    args = ap.parse_args()
    rows: dict[str, list[dict[str, float]]] = {}
    for ex in EXERCISES:
        for s in range(args.seeds):
            spec = random_spec(ex, np.random.default_rng([SEED_OFFSET + s, len(ex)]))
            rows.setdefault(ex, []).append(clip_features(compute_kinematics(generate(spec).pose)))
    centroids = {
        ex: {k: round(float(np.mean([r[k] for r in rs])), 4) for k in FEATURES}
        for ex, rs in rows.items()
    }
    scales = {}
    for k in FEATURES:
        resid = [r[k] - centroids[ex][k] for ex, rs in rows.items() for r in rs]
        scales[k] = round(max(float(np.std(resid)), 0.05), 4)
    doc = {
        "about": "nearest-centroid exercise recogniser; refit with benchmarks/fit_recognizer.py",
        "seeds_per_exercise": args.seeds,
        "features": FEATURES,
        "scales": scales,
        "centroids": centroids,
    }
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

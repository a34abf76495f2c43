"""Speed of the kinematic ground-truth generator: frames per second, per exercise.

``python benchmarks/synth_speed.py`` generates a 60 s clip (30 fps, noise on) for each of the 8
exercises several times and prints the median frames per second of ``generate`` (motion,
landmarks, camera, noise, labels) and of ``labels_json`` with per-frame joints.
"""

from __future__ import annotations

import argparse
import statistics
import time

from hipcoach.synth.kinematic import EXERCISES, ClipSpec, generate, labels_json


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"{'exercise':26s} {'frames':>7s} {'generate fps':>13s} {'labels_json fps':>16s}")
    for ex in EXERCISES:
        # About 60 s: set-up, 3 sets of 6 with rests.
        spec = ClipSpec(exercise=ex, sets=3, reps=6, rest_s=8.0, setup_s=4.0)
        gen, lab = [], []
        frames = 0
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            clip = generate(spec)
            t1 = time.perf_counter()
            labels_json(clip)
            t2 = time.perf_counter()
            frames = len(clip.pose)
            gen.append(frames / (t1 - t0))
            lab.append(frames / (t2 - t1))
        print(f"{ex:26s} {frames:7d} {statistics.median(gen):13.0f} {statistics.median(lab):16.0f}")


if __name__ == "__main__":
    main()

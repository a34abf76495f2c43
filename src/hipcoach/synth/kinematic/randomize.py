"""``random_spec``: varied, realistic clip specs for benchmarks and property tests."""

from __future__ import annotations

import numpy as np

from hipcoach.synth.kinematic.exercises import SCRIPTS
from hipcoach.synth.kinematic.spec import CameraSpec, ClipSpec, NoiseSpec


def random_spec(
    exercise: str,
    rng: np.random.Generator,
    *,
    fault_rate: float = 0.3,
    sets: tuple[int, int] = (1, 3),
    reps: tuple[int, int] = (3, 8),
    allow_out_of_frame: bool = True,
    fps: float = 30.0,
) -> ClipSpec:
    """Draw a spec: scheme, tempo, both facing directions, camera, body, noise, set-up, faults.

    Each rep gets each of the exercise's faults with probability ``fault_rate`` / number of
    faults (so about ``fault_rate`` of reps are faulty); feet-placement faults of the hip
    thrust always come as a pair.

    >>> spec = random_spec("glute-bridge", np.random.default_rng(0))
    >>> spec.exercise, spec.camera.facing in ("left", "right")
    ('glute-bridge', True)
    """
    script = SCRIPTS[exercise]
    n_sets = int(rng.integers(sets[0], sets[1] + 1))
    n_reps = int(rng.integers(reps[0], reps[1] + 1))
    total = n_sets * n_reps
    faults: dict[str, list[int]] = {}
    choices = [f for f in script.faults if f != "shins-not-vertical"]
    for g in range(total):
        if choices and rng.random() < fault_rate:
            f = str(rng.choice(choices))
            faults.setdefault(f, []).append(g)
            if f == "knees-not-90":
                faults.setdefault("shins-not-vertical", []).append(g)
    up, hold, down = script.tempo
    tempo = (
        float(up * rng.uniform(0.7, 1.4)),
        float(hold * rng.uniform(0.8, 1.3)) if hold > 0 else 0.0,
        float(down * rng.uniform(0.7, 1.4)),
    )
    out_after: tuple[int, ...] = ()
    if allow_out_of_frame and n_sets > 1 and rng.random() < 0.25:
        out_after = (int(rng.integers(0, n_sets - 1)),)
    width = int(rng.choice([640, 960, 1280]))
    camera = CameraSpec(
        width=width,
        height=width * 9 // 16,
        focal=float(rng.uniform(0.8, 1.4)),
        fill=float(rng.uniform(0.55, 0.9)),
        height_m=float(rng.uniform(0.3, 1.3)),
        yaw_deg=float(rng.uniform(-20.0, 20.0)),
        facing="left" if rng.random() < 0.5 else "right",
    )
    noise = NoiseSpec(
        jitter_px=float(rng.uniform(0.5, 4.0)) * width / 640,
        far_factor=float(rng.uniform(1.8, 3.5)),
        outlier_rate=float(rng.uniform(0.0, 0.01)),
        dropout_rate=float(rng.uniform(0.0, 0.03)),
        dropout_burst=int(rng.integers(1, 8)),
    )
    return ClipSpec(
        exercise=exercise,
        seed=int(rng.integers(0, 2**31 - 1)),
        sets=n_sets,
        reps=n_reps,
        rest_s=float(rng.uniform(8.0, 25.0)),
        tempo=tempo,
        bottom_s=float(rng.uniform(0.2, 1.0)),
        rom=float(rng.uniform(0.95, 1.0)),
        side=str(rng.choice(["left", "right", "alternating", "alternating-sets"])),
        setup_s=float(rng.uniform(0.0, 6.0)),
        tail_s=float(rng.uniform(0.5, 2.0)),
        faults={f: tuple(v) for f, v in faults.items()},
        out_of_frame_after=out_after,
        exit_at_end=bool(rng.random() < 0.2),
        camera=camera,
        noise=noise,
        body_height=float(rng.uniform(1.5, 1.95)),
        leg_ratio=float(rng.uniform(0.92, 1.08)),
        width_ratio=float(rng.uniform(0.9, 1.2)),
        fps=fps,
    )

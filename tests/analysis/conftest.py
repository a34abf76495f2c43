"""Generated clips shared by the analysis tests (the kinematic generator is fast and exact)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from hipcoach.library.registry import load_library
from hipcoach.synth.kinematic import CameraSpec, ClipSpec, NoiseSpec, generate
from hipcoach.synth.kinematic.generate import SyntheticClip

EXERCISES = (
    "glute-bridge",
    "hip-thrust",
    "quadruped-kickback",
    "step-up",
    "standing-kickback",
    "upright-hip-thrust",
    "ball-bridge-curl",
    "prone-ball-hip-extension",
)


@lru_cache(maxsize=64)
def clip(
    exercise: str,
    seed: int = 0,
    facing: str = "right",
    side: str = "alternating-sets",
    faults: tuple[tuple[str, tuple[int, ...]], ...] = (),
    setup_s: float = 4.0,
    sets: int = 2,
    reps: int = 3,
) -> SyntheticClip:
    return generate(
        ClipSpec(
            exercise=exercise,
            seed=seed,
            sets=sets,
            reps=reps,
            rest_s=10.0,
            side=side,  # type: ignore[arg-type]
            setup_s=setup_s,
            faults=dict(faults),
            camera=CameraSpec(facing=facing, width=960, height=540),  # type: ignore[arg-type]
            noise=NoiseSpec(jitter_px=1.5, far_factor=2.0, outlier_rate=0.002, dropout_rate=0.005),
        )
    )


@pytest.fixture(scope="session")
def library():
    return load_library()

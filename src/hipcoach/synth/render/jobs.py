"""The committed benchmark set: which clips, with which bodies, cameras and faults.

Every exercise gets two clean clips (one per body type, one per camera set-up, facing opposite
ways) and fault clips that show each of its modelled faults on its own rep, after a clean first
rep, so a detector's false alarms and misses can both be read off one clip. Everything is fixed
by seeds: the same code renders the same clips.
"""

from __future__ import annotations

from hipcoach.synth.kinematic.exercises import SCRIPTS
from hipcoach.synth.kinematic.spec import CameraSpec, ClipSpec
from hipcoach.synth.render.clip import RenderJob

# Two camera set-ups: low and square to the side, and higher, turned and with a longer lens.
CAMERA_SETUPS: dict[str, dict[str, float]] = {
    "side-low": {"height_m": 0.6, "yaw_deg": 0.0, "focal": 0.9, "fill": 0.78},
    "angled-high": {"height_m": 1.25, "yaw_deg": 15.0, "focal": 1.2, "fill": 0.72},
}
BODIES = ("slim-female", "heavy-male")
# The prone ball script sizes the ball for an average adult. The slim body's short arms then
# pitch its trunk steeply down the far side of the ball, hidden from every side camera
# (BlazePose found her in half the frames, with the legs swapped), so that exercise uses a
# second male body instead.
_BODY_SWAP: dict[str, dict[str, str]] = {
    "prone-ball-hip-extension": {"slim-female": "athletic-male"},
}
MAX_FAULTS_PER_CLIP = 3
WIDTH, HEIGHT, FPS = 640, 360, 30.0

# Slower exercises get a slightly brisker tempo so a 4-rep fault clip stays under 20 s.
_TEMPO: dict[str, tuple[float, float, float]] = {"glute-bridge": (1.0, 2.0, 1.2)}


def _body(exercise: str, body: str) -> str:
    return _BODY_SWAP.get(exercise, {}).get(body, body)


def _camera(setup: str, facing: str, flip_yaw: bool) -> CameraSpec:
    c = dict(CAMERA_SETUPS[setup])
    if flip_yaw:
        c["yaw_deg"] = -c["yaw_deg"]
    return CameraSpec(width=WIDTH, height=HEIGHT, facing=facing, **c)


def _spec(
    exercise: str,
    seed: int,
    reps: int,
    faults: dict[str, tuple[int, ...]],
    side: str,
    camera: CameraSpec,
) -> ClipSpec:
    return ClipSpec(
        exercise=exercise,
        seed=seed,
        sets=1,
        reps=reps,
        setup_s=0.0,
        tail_s=0.4,
        side=side,
        tempo=_TEMPO.get(exercise),
        faults=faults,
        camera=camera,
        fps=FPS,
    )


def benchmark_jobs() -> list[RenderJob]:
    """The clips of ``benchmarks/data/rendered`` in a fixed order.

    >>> jobs = benchmark_jobs()
    >>> len(jobs) >= 24, len({j.spec.exercise for j in jobs})
    (True, 8)
    """
    jobs: list[RenderJob] = []
    k = 0
    for e_idx, (exercise, script) in enumerate(SCRIPTS.items()):
        for variant in range(2):
            body = _body(exercise, BODIES[(e_idx + variant) % 2])
            setup = tuple(CAMERA_SETUPS)[variant]
            facing = "left" if (e_idx + variant) % 2 == 0 else "right"
            # Unilateral: work the near leg in one clip and the far leg in the other.
            near = facing
            side = near if variant == 0 else ("left" if near == "right" else "right")
            cam = _camera(setup, facing, flip_yaw=e_idx % 2 == 1)
            spec = _spec(exercise, 1000 + k, 3, {}, side, cam)
            jobs.append(
                RenderJob(f"{exercise}__clean-{variant + 1}", spec, body, setup, tags=("clean",))
            )
            k += 1
        faults = list(script.faults)
        for c_idx in range(0, len(faults), MAX_FAULTS_PER_CLIP):
            chunk = faults[c_idx : c_idx + MAX_FAULTS_PER_CLIP]
            variant = c_idx // MAX_FAULTS_PER_CLIP
            body = _body(exercise, BODIES[(e_idx + variant + 1) % 2])
            setup = tuple(CAMERA_SETUPS)[(e_idx + variant) % 2]
            facing = "right" if (e_idx + variant) % 2 == 0 else "left"
            cam = _camera(setup, facing, flip_yaw=variant % 2 == 1)
            spec = _spec(
                exercise,
                1000 + k,
                max(3, 1 + len(chunk)),
                {f: (i + 1,) for i, f in enumerate(chunk)},
                facing,
                cam,
            )
            name = f"{exercise}__faults-{variant + 1}"
            jobs.append(RenderJob(name, spec, body, setup, tags=("faults", *chunk)))
            k += 1
    return jobs


def demo_job() -> RenderJob:
    """The demo video shipped in the package: a clean 3-rep glute bridge, 2 s holds, side view."""
    cam = CameraSpec(
        width=WIDTH, height=HEIGHT, facing="right", height_m=0.55, yaw_deg=0.0, focal=0.9, fill=0.8
    )
    spec = ClipSpec(
        exercise="glute-bridge",
        seed=7,
        sets=1,
        reps=3,
        setup_s=0.0,
        tail_s=0.5,
        tempo=(1.2, 2.0, 1.4),
        tempo_jitter=0.03,
        camera=cam,
        fps=FPS,
    )
    return RenderJob(
        "glute-bridge", spec, "slim-female", "side-low", crf=30, tags=("clean", "demo")
    )

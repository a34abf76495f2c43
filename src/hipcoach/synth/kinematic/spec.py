"""What a synthetic clip should contain: :class:`ClipSpec`, :class:`CameraSpec`, :class:`NoiseSpec`.

Specs are frozen pydantic models: validated once, hashable into a seed, easy to write to JSON
beside a benchmark clip (``spec.model_dump_json()``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Side = Literal["left", "right", "alternating", "alternating-sets"]
Facing = Literal["left", "right"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CameraSpec(_Frozen):
    """A pinhole camera beside the person, looking at the sagittal plane.

    ``facing`` is the image direction the motion frame's +x axis maps to: the way a standing
    person's nose points, or the feet of someone lying on their back. Facing right puts the
    camera on the person's right side, so the right side is the near side.

    ``distance_m=None`` places the camera so the whole motion fills ``fill`` of the frame.

    >>> CameraSpec(facing="left").near_side
    'left'
    """

    width: int = Field(default=640, ge=64, le=7680)
    height: int = Field(default=360, ge=64, le=4320)
    focal: float = Field(default=1.0, gt=0.2, le=5.0, description="fx = fy = focal * width")
    distance_m: float | None = Field(default=None, gt=0.5, le=20.0)
    fill: float = Field(default=0.8, gt=0.1, le=1.5)
    height_m: float = Field(default=0.7, ge=0.0, le=3.0, description="camera height above floor")
    yaw_deg: float = Field(default=0.0, ge=-60.0, le=60.0)
    facing: Facing = "right"

    @property
    def near_side(self) -> str:
        return "right" if self.facing == "right" else "left"


class NoiseSpec(_Frozen):
    """BlazePose-like degradation of the true landmarks.

    Jitter is Gaussian in pixels (temporally smoothed a little, as a tracker is), larger on the far
    side; outliers jump a landmark by tens of pixels in a single frame; dropouts remove the
    person from whole frames (NaN, visibility 0), in short bursts.
    """

    jitter_px: float = Field(default=2.0, ge=0.0, le=50.0)
    far_factor: float = Field(default=2.5, ge=1.0, le=10.0)
    outlier_rate: float = Field(default=0.002, ge=0.0, le=0.2)
    outlier_px: float = Field(default=40.0, ge=0.0, le=500.0)
    dropout_rate: float = Field(default=0.01, ge=0.0, le=0.5)
    dropout_burst: int = Field(default=3, ge=1, le=100)
    world_jitter_m: float = Field(default=0.01, ge=0.0, le=0.5)
    far_visibility: tuple[float, float] = (0.3, 0.7)

    @classmethod
    def none(cls) -> NoiseSpec:
        """No degradation at all: the true landmarks."""
        return cls(
            jitter_px=0,
            outlier_rate=0,
            dropout_rate=0,
            world_jitter_m=0,
            far_visibility=(1.0, 1.0),
        )


class ClipSpec(_Frozen):
    """One synthetic clip: exercise, scheme, faults, camera, noise and body.

    ``faults`` maps a fault id to the reps that show it, as 0-based indices counted across the
    whole clip (set 0 rep 0 is 0; with 2 sets of 5, set 1 rep 0 is 5). ``tempo`` is (up, hold,
    down) seconds; None takes the exercise's default. ``side`` matters only for unilateral
    exercises: one side throughout, sides alternating rep by rep, or set by set.
    ``out_of_frame_after`` lists sets after which the person walks out of view during the rest
    and comes back; ``exit_at_end`` walks them out after the last rep.

    >>> spec = ClipSpec(exercise="glute-bridge", sets=1, reps=3, faults={"short-rep": (2,)})
    >>> spec.total_reps
    3
    """

    exercise: str
    seed: int = 0
    sets: int = Field(default=2, ge=1, le=20)
    reps: int = Field(default=5, ge=1, le=100)
    rest_s: float = Field(default=15.0, ge=0.0, le=600.0)
    tempo: tuple[float, float, float] | None = None
    bottom_s: float = Field(default=0.5, ge=0.0, le=10.0)
    tempo_jitter: float = Field(default=0.08, ge=0.0, le=0.5)
    rom: float = Field(default=1.0, gt=0.2, le=1.0)
    side: Side = "alternating-sets"
    setup_s: float = Field(default=4.0, ge=0.0, le=60.0)
    tail_s: float = Field(default=1.0, ge=0.0, le=60.0)
    faults: dict[str, tuple[int, ...]] = Field(default_factory=dict)
    out_of_frame_after: tuple[int, ...] = ()
    exit_at_end: bool = False
    away_s: float = Field(default=3.0, ge=0.5, le=60.0)
    camera: CameraSpec = CameraSpec()
    noise: NoiseSpec = NoiseSpec()
    body_height: float = Field(default=1.72, ge=1.2, le=2.2)
    leg_ratio: float = Field(default=1.0, ge=0.85, le=1.15)
    width_ratio: float = Field(default=1.0, ge=0.8, le=1.3)
    fps: float = Field(default=30.0, ge=5.0, le=240.0)

    @property
    def total_reps(self) -> int:
        return self.sets * self.reps

    @model_validator(mode="after")
    def _check(self) -> ClipSpec:
        # Imported here: the exercise table imports this module's types.
        from hipcoach.synth.kinematic.exercises import SCRIPTS

        script = SCRIPTS.get(self.exercise)
        if script is None:
            raise ValueError(
                f"unknown exercise {self.exercise!r}; expected one of {', '.join(sorted(SCRIPTS))}"
            )
        for fault, reps in self.faults.items():
            if fault not in script.faults:
                raise ValueError(
                    f"fault {fault!r} is not modelled for {self.exercise}; "
                    f"expected one of {', '.join(script.faults) or '(none)'}"
                )
            bad = [r for r in reps if not 0 <= r < self.total_reps]
            if bad:
                raise ValueError(
                    f"fault {fault!r}: rep indices {bad} outside 0..{self.total_reps - 1} "
                    f"({self.sets} sets x {self.reps} reps, counted across the clip)"
                )
        bad_sets = [s for s in self.out_of_frame_after if not 0 <= s < self.sets - 1]
        if bad_sets:
            raise ValueError(
                f"out_of_frame_after: sets {bad_sets} have no rest after them "
                f"(expected indices 0..{self.sets - 2}; use exit_at_end for the last set)"
            )
        if self.tempo is not None and (min(self.tempo) < 0 or self.tempo[0] <= 0.1):
            raise ValueError(f"tempo {self.tempo}: expected (up > 0.1, hold >= 0, down >= 0) s")
        return self

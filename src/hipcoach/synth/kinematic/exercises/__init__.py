"""Motion scripts, one per library exercise id, registered in :data:`SCRIPTS`."""

from __future__ import annotations

from hipcoach.synth.kinematic.exercises.ball import BALL_BRIDGE_CURL, PRONE_BALL_HIP_EXTENSION
from hipcoach.synth.kinematic.exercises.base import ExerciseScript, PoseOut
from hipcoach.synth.kinematic.exercises.bridge import GLUTE_BRIDGE
from hipcoach.synth.kinematic.exercises.kneeling import UPRIGHT_HIP_THRUST
from hipcoach.synth.kinematic.exercises.quadruped import QUADRUPED_KICKBACK
from hipcoach.synth.kinematic.exercises.standing import STANDING_KICKBACK, STEP_UP
from hipcoach.synth.kinematic.exercises.thrust import HIP_THRUST

SCRIPTS: dict[str, ExerciseScript] = {
    s.id: s
    for s in (
        GLUTE_BRIDGE,
        HIP_THRUST,
        QUADRUPED_KICKBACK,
        STEP_UP,
        STANDING_KICKBACK,
        UPRIGHT_HIP_THRUST,
        BALL_BRIDGE_CURL,
        PRONE_BALL_HIP_EXTENSION,
    )
}

__all__ = ["SCRIPTS", "ExerciseScript", "PoseOut"]

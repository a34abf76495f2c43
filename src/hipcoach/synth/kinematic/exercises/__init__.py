"""Motion scripts, one per library exercise id, registered in :data:`SCRIPTS`."""

from __future__ import annotations

from hipcoach.synth.kinematic.exercises.base import ExerciseScript, PoseOut
from hipcoach.synth.kinematic.exercises.bridge import GLUTE_BRIDGE

SCRIPTS: dict[str, ExerciseScript] = {s.id: s for s in (GLUTE_BRIDGE,)}

__all__ = ["SCRIPTS", "ExerciseScript", "PoseOut"]

"""What each training goal changes in a plan, as data rather than ``if`` chains.

>>> profile_for(Goal.ATHLETIC_POWER).prefer
('step-up', 'hip-thrust')
"""

from __future__ import annotations

from dataclasses import dataclass

from hipcoach.library.models import Equipment, Muscle
from hipcoach.training.plan_models import Goal


@dataclass(frozen=True)
class GoalProfile:
    """How a goal biases the choice and prescription of hip extension work.

    - ``prefer``: exercise ids ranked first when available;
    - ``avoid``: ids left out unless the user ``--include``s them;
    - ``avoid_primary``: leave out exercises whose prime movers include these muscles;
    - ``no_load``: load equipment not used; an exercise that needs one is left out;
    - ``up_s``: concentric seconds per rep for hip extension work (None: the library's tempo);
    - ``extra_rest_s``: added rest between sets of hip extension work;
    - ``note``: one line added to every hip extension item;
    - ``cue_words``: the exercise's own cues that contain one of these words are shown.
    """

    goal: Goal
    summary: str
    prefer: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    avoid_primary: frozenset[Muscle] = frozenset()
    no_load: frozenset[Equipment] = frozenset()
    up_s: float | None = None
    extra_rest_s: int = 0
    note: str | None = None
    cue_words: tuple[str, ...] = ()


GOAL_PROFILES: dict[Goal, GoalProfile] = {
    Goal.GENERAL_STRENGTH: GoalProfile(
        goal=Goal.GENERAL_STRENGTH,
        summary="balanced hip extension strength: exercises ranked by glute activation evidence",
    ),
    Goal.ATHLETIC_POWER: GoalProfile(
        goal=Goal.ATHLETIC_POWER,
        summary="power for sprinting and jumping: step-ups and hip thrusts first, fast lifting phase",
        prefer=("step-up", "hip-thrust"),
        up_s=1.0,
        # Longer rests keep every rep fast; a slow, tired rep trains endurance instead of power.
        extra_rest_s=30,
        note="Drive up as fast as you can while keeping control, then lower over about 2 seconds.",
    ),
    Goal.BACK_FRIENDLY: GoalProfile(
        goal=Goal.BACK_FRIENDLY,
        summary="spares the lower back: no exercises that tempt a loaded arch, neutral-spine cues",
        # Where an arched lower back most often stands in for hip extension under load: the
        # loaded hip thrust's lockout and lifting the legs face down over a ball.
        avoid=("hip-thrust", "prone-ball-hip-extension"),
        avoid_primary=frozenset({Muscle.ERECTOR_SPINAE}),
        # A heavy bar across the hips rewards finishing each rep with an arched lower back.
        no_load=frozenset({Equipment.BARBELL}),
        note="Keep the ribs down and the spine neutral; stop each rep where the hip is straight.",
        cue_words=("back", "spine", "ribs", "pelvis", "arch"),
    ),
}


def profile_for(goal: Goal) -> GoalProfile:
    return GOAL_PROFILES[goal]

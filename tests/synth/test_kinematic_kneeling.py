import numpy as np
import pytest

from hipcoach.synth.kinematic.assemble import build_motion
from hipcoach.synth.kinematic.spec import ClipSpec
from hipcoach.synth.motion import Phase


@pytest.mark.parametrize("fault", ["not-upright", "hyperextension"])
def test_upright_hip_thrust_lowers_from_where_the_faulty_rep_stopped(fault):
    """The rep after a faulty one starts down from the faulty top, with no jump to upright."""
    m = build_motion(
        ClipSpec(exercise="upright-hip-thrust", sets=1, reps=3, seed=1, faults={fault: (0,)})
    )
    hip = np.mod(m.angles["trunk"] - m.angles["thigh_l"], 360.0)
    working = np.isin(
        m.phase, [int(p) for p in (Phase.BOTTOM, Phase.RISING, Phase.TOP, Phase.LOWERING)]
    )
    steps = np.abs(np.diff(hip))[working[1:] & working[:-1]]
    assert steps.max() < 9.0  # the fastest rise moves about 7 degrees a frame; the jump was 15-22
    trunk_steps = np.abs(np.diff(m.angles["trunk"]))[working[1:] & working[:-1]]
    assert trunk_steps.max() < 9.0
    # ... and the faulty rep still shows its fault at its top.
    top = round(m.reps[0].top_s * 30) + 2
    assert (hip[top] < 170) if fault == "not-upright" else (hip[top] > 190)

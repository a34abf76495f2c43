import pickle

import numpy as np
import pytest

from conftest import EXERCISES, clip
from hipcoach.analysis import SCHEMA_VERSION, analyze
from hipcoach.errors import EmptyVideoError, NoPersonError, UnknownIdError
from hipcoach.pose.types import PoseSequence
from hipcoach.synth.motion import Phase


def per_set_counts(result, truth_reps, n_sets):
    spans = []
    for k in range(n_sets):
        rs = [r for r in truth_reps if r.set_index == k]
        spans.append((rs[0].start_s - 0.5, rs[-1].end_s + 0.5))
    return [sum(1 for r in result.reps if a <= r.top_s <= b) for a, b in spans]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_counts_every_exercise(exercise, library):
    c = clip(exercise)
    result = analyze(c.pose, exercise, library=library)
    assert per_set_counts(result, c.labels.reps, 2) == [3, 3]
    assert result.rep_count == 6
    assert result.view.view == "side" and result.view.suitable


@pytest.mark.parametrize("exercise", ["glute-bridge", "quadruped-kickback", "step-up"])
def test_facing_does_not_change_counts_or_angles(exercise, library):
    right = analyze(clip(exercise, facing="right").pose, exercise, library=library)
    left = analyze(clip(exercise, facing="left").pose, exercise, library=library)
    assert right.facing == "right" and left.facing == "left"
    assert right.rep_count == left.rep_count == 6
    peaks_r = np.array([r.hip_peak_deg for r in right.reps])
    peaks_l = np.array([r.hip_peak_deg for r in left.reps])
    # Same motion, mirrored camera: the signed angles agree (no 180-degree flips).
    assert np.all(np.abs(peaks_r - peaks_l) < 8.0)
    assert np.all((peaks_r > 160) & (peaks_r < 200))


@pytest.mark.parametrize("exercise", ["glute-bridge", "standing-kickback", "step-up", "hip-thrust"])
def test_no_reps_while_getting_into_position(exercise, library):
    c = clip(exercise, setup_s=12.0, seed=3)
    result = analyze(c.pose, exercise, library=library)
    phase = c.labels.phase
    for r in result.reps:
        i = int(np.searchsorted(c.labels.t, r.top_s))
        assert phase[min(i, len(phase) - 1)] not in (Phase.SETUP, Phase.OUT_OF_FRAME)
    assert result.rep_count == 6


@pytest.mark.parametrize("exercise", ["quadruped-kickback", "standing-kickback", "step-up"])
def test_per_side_counts_for_unilateral(exercise, library):
    c = clip(exercise, side="alternating-sets", seed=1)
    result = analyze(c.pose, exercise, library=library)
    assert [s.side for s in result.sets] == ["l", "r"]
    assert [len(s.reps) for s in result.sets] == [3, 3]
    assert result.to_dict()["summary"]["reps_per_side"] == {"left": 3, "right": 3}


def test_bridge_faults_found(library):
    c = clip(
        "glute-bridge",
        faults=(("short-rep", (1,)), ("hyperextension", (3,)), ("missed-hold", (5,))),
    )
    result = analyze(c.pose, "glute-bridge", library=library)
    found = [sorted(f.fault_id for f in r.faults) for r in result.reps]
    assert found == [[], ["short-rep"], [], ["hyperextension"], [], ["missed-hold"]]
    bad = result.reps[1].faults[0]
    assert bad.cue and bad.value < bad.limit
    assert result.sets[0].good_reps == 2


@pytest.mark.parametrize("facing", ["left", "right"])
def test_step_up_faults_found(facing, library):
    # The far leg works in one set and the near leg in the other.
    c = clip(
        "step-up",
        facing=facing,
        faults=(("not-standing-tall", (1,)), ("trailing-foot-push", (4,))),
    )
    result = analyze(c.pose, "step-up", library=library)
    found = [sorted(f.fault_id for f in r.faults) for r in result.reps]
    assert found == [[], ["not-standing-tall"], [], [], ["trailing-foot-push"], []]
    holds = zip(result.reps, c.labels.reps, strict=True)
    assert all(abs(r.hold_s - t.hold_s) < 0.2 for r, t in holds)


def test_holds_and_tempo_measured(library):
    c = clip("glute-bridge", seed=2)
    result = analyze(c.pose, "glute-bridge", library=library)
    for got, true in zip(result.reps, c.labels.reps, strict=True):
        assert abs(got.hold_s - true.hold_s) < 0.3
        assert abs(got.top_s - true.top_s) < 0.3
        assert got.up_s > 0.5 and got.down_s > 0.5
        assert 40 < got.rom_deg < 80


def test_schema_and_pickle(library):
    result = analyze(clip("hip-thrust").pose, "hip-thrust", library=library)
    d = result.to_dict()
    assert d["schema_version"] == SCHEMA_VERSION
    assert d["exercise"]["id"] == "hip-thrust" and d["rep_count"] == 6
    assert {"side", "reps", "rest_before_s", "good_reps", "mean_rom_deg"} <= set(d["sets"][0])
    rep = d["sets"][0]["reps"][0]
    assert {"start_s", "top_s", "end_s", "peak_deg", "rom_deg", "hold_s", "tempo", "faults"} <= set(
        rep
    )
    assert d["sets"][1]["rest_before_s"] > 5
    again = pickle.loads(pickle.dumps(result))
    assert again.to_dict() == d


def test_recognises_when_not_told(library):
    result = analyze(clip("prone-ball-hip-extension").pose, library=library)
    assert result.exercise == "prone-ball-hip-extension" and result.recognized
    assert result.exercise_confidence > 0.5


def test_bad_input_errors(library):
    with pytest.raises(NoPersonError, match="no person"):
        analyze(PoseSequence.empty(10, width=640, height=360), "glute-bridge", library=library)
    with pytest.raises(EmptyVideoError):
        analyze(PoseSequence.empty(0, width=640, height=360), "glute-bridge", library=library)
    with pytest.raises(UnknownIdError):
        analyze(clip("glute-bridge").pose, "glute-brigde", library=library)

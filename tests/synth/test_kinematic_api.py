"""The kinematic generator's public API: specs, determinism, labels, the PoseSequence."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from hipcoach.pose.types import PoseSequence
from hipcoach.synth.kinematic import (
    EXERCISES,
    CameraSpec,
    ClipSpec,
    NoiseSpec,
    faults_for,
    generate,
    labels_json,
    random_spec,
)
from hipcoach.synth.motion import Phase

ALL_EIGHT = {
    "glute-bridge",
    "hip-thrust",
    "quadruped-kickback",
    "step-up",
    "standing-kickback",
    "upright-hip-thrust",
    "ball-bridge-curl",
    "prone-ball-hip-extension",
}


def test_every_library_exercise_has_a_script() -> None:
    assert set(EXERCISES) == ALL_EIGHT


def test_generate_emits_a_valid_pose_sequence() -> None:
    clip = generate(ClipSpec(exercise="glute-bridge", sets=1, reps=3))
    assert isinstance(clip.pose, PoseSequence)
    assert len(clip.pose) == len(clip.motion.t) == len(clip.labels.t)
    assert clip.pose.fps == pytest.approx(30.0)
    assert clip.pose.meta["synthetic"] is True


def test_same_seed_same_clip_other_seed_other_clip() -> None:
    spec = ClipSpec(exercise="glute-bridge", sets=1, reps=3, seed=7)
    a, b = generate(spec), generate(spec)
    np.testing.assert_array_equal(a.pose.image, b.pose.image)
    np.testing.assert_array_equal(a.motion.pelvis, b.motion.pelvis)
    c = generate(spec.model_copy(update={"seed": 8}))
    assert a.motion.reps != c.motion.reps


def test_noise_does_not_change_the_motion() -> None:
    spec = ClipSpec(exercise="glute-bridge", sets=1, reps=2, seed=3)
    quiet = generate(spec.model_copy(update={"noise": NoiseSpec.none()}))
    loud = generate(spec)
    np.testing.assert_array_equal(quiet.motion.pelvis, loud.motion.pelvis)


@pytest.mark.parametrize(
    ("update", "needle"),
    [
        ({"exercise": "pushup"}, "unknown exercise"),
        ({"faults": {"trunk-lean": (0,)}}, "not modelled for glute-bridge"),
        ({"faults": {"short-rep": (9,)}}, "outside 0..5"),
        ({"out_of_frame_after": (1,)}, "no rest after them"),
    ],
)
def test_bad_specs_say_what_is_wrong(update: dict[str, object], needle: str) -> None:
    base = {"exercise": "glute-bridge", "sets": 2, "reps": 3}
    with pytest.raises(ValidationError, match=needle):
        ClipSpec.model_validate({**base, **update})


def test_labels_json_schema() -> None:
    clip = generate(
        ClipSpec(exercise="glute-bridge", sets=2, reps=2, faults={"short-rep": (3,)}, rest_s=3)
    )
    doc = labels_json(clip)
    assert doc["exercise"] == "glute-bridge"
    assert doc["rep_count"] == 4
    assert doc["fps"] == pytest.approx(30.0)
    sets = doc["sets"]
    assert isinstance(sets, list) and len(sets) == 2
    last = sets[1]["reps"][1]
    assert last["faults"] == ["short-rep"]
    assert last["start_s"] < last["top_s"] < last["end_s"]
    frames = doc["frames"]
    assert isinstance(frames, dict)
    n = doc["frame_count"]
    assert len(frames["joints_3d"]) == n and len(frames["joints_3d"][0]) == 33
    assert len(frames["joints_2d"][0][0]) == 2
    assert len(frames["hip_deg_2d"]["left"]) == n
    assert set(frames["phase"]) >= {"setup", "rising", "top", "lowering"}


def test_labels_json_from_a_bare_motion_for_the_renderer() -> None:
    clip = generate(ClipSpec(exercise="glute-bridge", sets=1, reps=2))
    doc = labels_json(clip.motion, joints_2d=clip.pixels_clean, facing="right", frames=False)
    assert doc["rep_count"] == 2 and "frames" not in doc


def test_random_specs_generate_and_vary() -> None:
    rng = np.random.default_rng(0)
    facings = set()
    for ex in EXERCISES:
        for _ in range(2):
            spec = random_spec(ex, rng)
            facings.add(spec.camera.facing)
            clip = generate(spec)
            assert clip.labels.rep_count == spec.total_reps
            assert set(np.unique(clip.labels.phase)) <= {int(p) for p in Phase}
    assert facings == {"left", "right"}


def test_faults_for_lists_known_ids() -> None:
    known = {
        "short-rep", "hyperextension", "missed-hold", "shins-not-vertical", "torso-not-parallel",
        "knees-not-90", "leg-above-hip", "hip-rotation", "trunk-lean", "not-upright",
        "hips-sagging", "legs-above-torso", "knees-bent", "not-standing-tall", "trailing-foot-push",
    }  # fmt: skip
    for ex in EXERCISES:
        assert set(faults_for(ex)) <= known


def test_camera_spec_near_side() -> None:
    assert CameraSpec(facing="right").near_side == "right"


def test_labels_json_is_plain_json_with_missing_as_null() -> None:
    import json

    spec = ClipSpec(exercise="step-up", sets=1, reps=2, exit_at_end=True)
    doc = labels_json(generate(spec))
    text = json.dumps(doc, allow_nan=False)  # NaN would not be valid JSON
    back = json.loads(text)
    assert back["sets"][0]["side"] in ("left", "right")
    assert back["frames"]["in_frame"].count(False) > 0

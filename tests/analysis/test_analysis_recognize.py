import pytest

from conftest import EXERCISES, clip
from hipcoach.analysis.recognize import FEATURES, load_model, recognize
from hipcoach.kinematics import compute_kinematics


@pytest.mark.parametrize("exercise", EXERCISES)
@pytest.mark.parametrize("facing", ["left", "right"])
def test_recognises_every_exercise(exercise, facing, library):
    r = recognize(compute_kinematics(clip(exercise, seed=7, facing=facing).pose), library)
    assert r.exercise == exercise
    assert r.confidence > 0.5
    assert set(r.features) == set(FEATURES)


def test_model_is_data_with_every_exercise():
    m = load_model()
    assert set(m["centroids"]) == set(EXERCISES)
    assert set(m["scales"]) == set(FEATURES)

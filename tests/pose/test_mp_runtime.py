"""The lean mediapipe import, the person detector, and the crowd check's "someone else" rule."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from matplotlib import cbook
from PIL import Image

from hipcoach.pose.mediapipe import _someone_else


def test_someone_else_needs_a_face_outside_the_person_and_little_overlap() -> None:
    tracked, whole = (100, 100, 300, 400), (80, 50, 320, 700)
    # A second person to the right: face outside the tracked person's landmarks, body apart.
    assert _someone_else((500, 120, 560, 180), (450, 100, 650, 500), (0, 0), tracked, whole)
    # What the mask leaves of the tracked person (legs, say): the "face" lies within them.
    assert not _someone_else((150, 500, 210, 560), (0, 300, 400, 720), (0, 0), tracked, whole)
    # A face outside, but a body box that is mostly the tracked person's.
    assert not _someone_else((330, 60, 360, 90), (100, 100, 310, 410), (0, 0), tracked, whole)
    # Boxes found in a tile are moved by the tile's offset first.
    assert _someone_else((100, 20, 160, 80), (50, 0, 250, 400), (400, 0), tracked, whole)


@pytest.mark.slow
def test_pose_solution_loads_without_the_rest_of_mediapipe() -> None:
    code = (
        "import sys\n"
        "from hipcoach.pose.mp_runtime import load_pose_solution\n"
        "pose = load_pose_solution()\n"
        "assert pose.Pose is not None\n"
        "heavy = [m for m in ('cv2', 'matplotlib', 'mediapipe.tasks') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        # Whoever wants the whole package afterwards still gets it.
        "import mediapipe as mp\n"
        "assert mp.solutions.drawing_utils and mp.solutions.hands.Hands\n"
        "assert mp.tasks.vision.PoseLandmarker and mp.Image and mp.__version__\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.slow
def test_detector_finds_a_person_and_their_body() -> None:
    from hipcoach.pose.mp_runtime import PersonDetector

    with cbook.get_sample_data("grace_hopper.jpg") as fh:
        person = np.asarray(Image.open(fh).convert("RGB").resize((256, 300)))
    frame = np.full((720, 1280, 3), 90, np.uint8)
    frame[200:500, 800:1056] = person
    with PersonDetector() as det:
        found = det.people(frame)
        assert det.people(np.full((720, 1280, 3), 90, np.uint8)) == []
    assert len(found) == 1  # BlazePose's detector keeps its best person only
    p = found[0]
    assert p.score > 0.5
    fx, fy = (p.face[0] + p.face[2]) / 2, (p.face[1] + p.face[3]) / 2
    assert 800 < fx < 1056 and 200 < fy < 500  # in the photograph
    # The body box is centred on the (guessed) hips, below the face, and wider than it.
    assert (p.body[1] + p.body[3]) / 2 > fy
    assert p.body[2] - p.body[0] > p.face[2] - p.face[0]


@pytest.mark.parametrize(
    ("sightings", "expected"),
    [
        # One sighting that is gone a frame later (a lagging mask after a cut): nobody else.
        ([True, False, False, False, False, False], [1, 1, 1, 1, 1, 1]),
        # Someone who is still there a frame later counts from that frame on.
        ([True, True, False, False, False, False], [1, 2, 2, 2, 2, 2]),
    ],
)
def test_someone_else_counts_only_when_seen_again_on_the_next_frame(
    monkeypatch: pytest.MonkeyPatch, sightings: list[bool], expected: list[int]
) -> None:
    from hipcoach.pose.mediapipe import BlazePoseEstimator

    est = BlazePoseEstimator(crowd_check_interval_s=10.0, crop_search=False)
    image = np.full((33, 3), 0.5)
    image[:, 0] = np.linspace(0.3, 0.7, 33)
    image[:, 1] = np.linspace(0.2, 0.9, 33)
    raw = (image, np.zeros((33, 3)), np.ones(33))
    monkeypatch.setattr(est, "_run", lambda kind, frame, region=None: raw)
    looks = iter(sightings)
    calls: list[float] = []

    def someone_in(frame: np.ndarray, box: object, whole: object, region: object) -> bool:
        calls.append(len(calls))
        return next(looks)

    monkeypatch.setattr(est, "_someone_in", someone_in)
    frame = np.zeros((360, 640, 3), np.uint8)
    people = []
    for i in range(6):
        pose = est.process(frame, i * 0.5)
        assert pose is not None
        people.append(pose.people)
    # The check runs on the first frame, and again on the next only after a sighting.
    assert len(calls) == 2
    assert people == expected

"""The bundled library against the article and against itself."""

from __future__ import annotations

from dataclasses import fields

import pytest

from hipcoach.analysis.reps import CounterSettings
from hipcoach.kinematics.angles import ANGLES
from hipcoach.library import (
    Equipment,
    Laterality,
    Level,
    Library,
    Pattern,
    Posture,
    View,
    bundled_library,
)

ARTICLE_IDS = [
    "glute-bridge",
    "hip-thrust",
    "quadruped-kickback",
    "step-up",
    "standing-kickback",
    "upright-hip-thrust",
    "ball-bridge-curl",
    "prone-ball-hip-extension",
]

# id -> (sets, reps, hold_s, per_side), straight from the article.
SCHEMES = {
    "glute-bridge": ([2, 3], [8, 12], 2, False),
    "hip-thrust": ([2, 3], [8, 12], 0, False),
    "quadruped-kickback": ([2, 3], [8, 12], 0, True),
    "step-up": ([1, 3], [15, 20], 0, True),
    "standing-kickback": ([2, 3], [8, 12], 0, True),
    "upright-hip-thrust": ([2, 3], [8, 12], 0, False),
    "ball-bridge-curl": ([3, 3], [10, 10], 0, False),
    "prone-ball-hip-extension": ([3, 3], [10, 10], 0, False),
}

FAULTS = {
    "glute-bridge": {
        "short-rep": "no_straight_line",
        "hyperextension": "hyperextension",
        "missed-hold": "missed_hold",
    },
    "hip-thrust": {
        "short-rep": "no_straight_line",
        "hyperextension": "hyperextension",
        "missed-hold": "missed_hold",
        "shins-not-vertical": "shins_not_vertical",
        "torso-not-parallel": "torso_not_parallel",
        "knees-not-90": "knee_not_90",
    },
    "quadruped-kickback": {
        "short-rep": "no_straight_line",
        "leg-above-hip": "leg_above_hip",
        "hip-rotation": "hip_rotation",
    },
    "standing-kickback": {
        "short-rep": "short_swing",
        "trunk-lean": "trunk_lean",
        "hyperextension": "hyperextension",
    },
    "upright-hip-thrust": {
        "short-rep": "no_straight_line",
        "not-upright": "not_upright",
        "hyperextension": "hyperextension",
        "missed-hold": "missed_hold",
    },
    "ball-bridge-curl": {"short-rep": "short_range", "hips-sagging": "hips_sagging"},
    "prone-ball-hip-extension": {
        "short-rep": "no_straight_line",
        "legs-above-torso": "legs_above_torso",
        "knees-bent": "knees_bent",
    },
    "step-up": {
        "not-standing-tall": "not_standing_tall",
        "trailing-foot-push": "trailing_foot_push",
    },
}

TIERS = {
    "hip-thrust": {"A"},
    "step-up": {"A", "C"},
    "prone-ball-hip-extension": {"A", "unranked"},
    "quadruped-kickback": {"B"},
    "glute-bridge": {"C"},
    "upright-hip-thrust": {"unranked"},
    "standing-kickback": {"unranked"},
    "ball-bridge-curl": {"unranked"},
}


@pytest.fixture(scope="module")
def lib() -> Library:
    return bundled_library()


def test_the_eight_article_exercises_are_the_hip_extension_set(lib: Library) -> None:
    ids = {e.id for e in lib.filter(pattern=Pattern.HIP_EXTENSION)}
    assert ids == set(ARTICLE_IDS)


@pytest.mark.parametrize("ex_id", ARTICLE_IDS)
def test_article_scheme(lib: Library, ex_id: str) -> None:
    sets, reps, hold, per_side = SCHEMES[ex_id]
    s = lib.get(ex_id).scheme
    assert s.sets.as_list() == sets
    assert s.reps.as_list() == reps
    assert s.hold_s == hold
    assert s.per_side is per_side


@pytest.mark.parametrize("ex_id", ARTICLE_IDS)
def test_coach_spec_and_faults(lib: Library, ex_id: str) -> None:
    coach = lib.get(ex_id).coach
    assert coach is not None
    assert coach.view is View.SIDE
    assert isinstance(coach.posture, Posture)
    assert coach.faults, "each hip extension exercise checks at least one fault"
    assert {f.id: f.rule for f in coach.faults} == FAULTS[ex_id]
    for f in coach.faults:
        assert f.cue.strip() and f.explanation.strip()
        assert f.params, f"{ex_id}/{f.id} has no thresholds"
    expected_signal = "knee_flexion" if ex_id == "ball-bridge-curl" else None
    if expected_signal:
        assert coach.driving_signal == expected_signal
    else:
        assert coach.driving_signal in {"hip_extension", "leg_excursion", "leg_swing"}
    assert coach.driving_signal in ANGLES
    # Counter overrides must name real settings (a typo would fail only when counting).
    assert set(coach.counter) <= {f.name for f in fields(CounterSettings)}


@pytest.mark.parametrize("ex_id", ARTICLE_IDS)
def test_evidence_tiers(lib: Library, ex_id: str) -> None:
    assert {e.tier for e in lib.get(ex_id).evidence} == TIERS[ex_id]


def test_setup_distances(lib: Library) -> None:
    def dist(ex_id: str) -> tuple[float, float, str]:
        (d,) = lib.get(ex_id).setup
        return (d.min, d.max, d.unit)

    assert dist("glute-bridge") == (12, 16, "in")
    assert dist("step-up") == (6, 12, "in")
    assert dist("standing-kickback") == (1, 2, "ft")


def test_targets(lib: Library) -> None:
    thrust = {t.id: t for t in lib.get("hip-thrust").targets}
    assert thrust["knees-90"].value == 90
    assert {"shins-vertical", "torso-parallel", "knees-90"} <= set(thrust)
    step = [t for t in lib.get("step-up").targets if t.at == "start"]
    assert sorted(t.measure or "" for t in step) == ["ankle_angle", "hip_extension", "knee_angle"]
    assert all(t.value == 90 for t in step)
    for ex_id in ("glute-bridge", "quadruped-kickback"):
        assert any(t.value == 180 for t in lib.get(ex_id).targets)


def test_variants(lib: Library) -> None:
    assert "straight-leg" in {v.id for v in lib.get("standing-kickback").variants}
    banded = {v.id: v for v in lib.get("upright-hip-thrust").variants}["banded"]
    assert [n.item for n in banded.adds_equipment] == [Equipment.RESISTANCE_BAND]
    assert "no-curl" in {v.id for v in lib.get("ball-bridge-curl").variants}


def test_article_equipment(lib: Library) -> None:
    req = {e.id: e.required_equipment for e in lib}
    assert req["glute-bridge"] == set()
    assert req["hip-thrust"] == {Equipment.BENCH, Equipment.BARBELL}
    assert req["quadruped-kickback"] == {Equipment.MAT}
    assert req["upright-hip-thrust"] == {Equipment.MAT}
    assert req["step-up"] == {Equipment.BOX}
    assert req["standing-kickback"] == {Equipment.WALL}
    assert req["ball-bridge-curl"] == {Equipment.STABILITY_BALL}
    assert req["prone-ball-hip-extension"] == {Equipment.STABILITY_BALL}


def test_every_exercise_is_complete(lib: Library) -> None:
    for ex in lib:
        assert ex.steps and ex.cues and ex.start_position.strip(), ex.id
        assert ex.scheme.sets.min >= 1 and ex.scheme.reps.min >= 1, ex.id
        if ex.laterality is not Laterality.BILATERAL:
            assert ex.scheme.per_side, ex.id


def test_relations_resolve_and_are_symmetric(lib: Library) -> None:
    for ex in lib:
        for ref in (*ex.progressions, *ex.regressions):
            assert ref in lib
    assert lib.relation_problems() == []


@pytest.mark.parametrize(
    ("easier", "harder"),
    [
        ("glute-bridge", "hip-thrust"),
        ("glute-bridge", "ball-bridge-curl"),
        ("standing-kickback", "quadruped-kickback"),
    ],
)
def test_named_progressions(lib: Library, easier: str, harder: str) -> None:
    assert harder in lib.get(easier).progressions
    assert easier in lib.get(harder).regressions


def test_progressions_do_not_get_easier(lib: Library) -> None:
    for ex in lib:
        for ref in ex.progressions:
            assert lib.get(ref).level.rank >= ex.level.rank, (ex.id, ref)


@pytest.mark.parametrize("pattern", [p for p in Pattern if p is not Pattern.HIP_EXTENSION])
def test_supporting_patterns(lib: Library, pattern: Pattern) -> None:
    all_ = lib.filter(pattern=pattern)
    assert len(all_) >= 2
    bare = lib.filter(pattern=pattern, equipment=set(), max_level=Level.BEGINNER)
    assert bare, f"no beginner {pattern} option without equipment"


def test_warm_ups_last_five_to_ten_minutes(lib: Library) -> None:
    warmups = lib.filter(pattern=Pattern.WARM_UP)
    assert len(warmups) >= 3
    for ex in warmups:
        assert ex.scheme.duration_s is not None
        assert ex.scheme.duration_s.as_list() == [300, 600]


def test_equipment_none_keeps_bridge_and_wall_kickback(lib: Library) -> None:
    ids = {e.id for e in lib.filter(equipment=set(), pattern=Pattern.HIP_EXTENSION)}
    assert ids == {"glute-bridge", "standing-kickback"}


def test_equipment_filter_adds_what_you_have(lib: Library) -> None:
    ids = {e.id for e in lib.filter(equipment={Equipment.BENCH, Equipment.BARBELL})}
    assert "hip-thrust" in ids
    assert "step-up" not in ids
    ids = {e.id for e in lib.filter(equipment={Equipment.BOX})}
    assert "step-up" in ids

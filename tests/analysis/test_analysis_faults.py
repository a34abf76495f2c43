from dataclasses import replace

import numpy as np
import pytest

from hipcoach.analysis.faults import (
    FaultRule,
    RepContext,
    build_rules,
    check_rep,
    full_top,
    register_rule,
    registered_rules,
)
from hipcoach.errors import DataError
from hipcoach.library.models import FaultSpec


def ctx(**signals):
    n = 30
    base = {"hip_extension_l": np.linspace(120, 180, n), "trunk_to_vertical": np.zeros(n)}
    base.update({k: np.full(n, v) if np.isscalar(v) else v for k, v in signals.items()})
    return RepContext(
        t=np.arange(n) / 10,
        signals=base,
        top=20,
        top_end=25,
        side="l",
        hold_s=0.5,
        set_index=0,
        rep_index=2,
        rom=60.0,
        typical_rom=60.0,
    )


def spec(rule, **params):
    return FaultSpec(id="f", rule=rule, params=params, cue="do this", explanation="because")


@pytest.mark.parametrize(
    ("rule", "params", "signals", "fires"),
    [
        ("no_straight_line", {"min_peak_deg": 170}, {"hip_extension_l": 160.0}, True),
        ("no_straight_line", {"min_peak_deg": 170}, {"hip_extension_l": 179.0}, False),
        ("hyperextension", {"max_peak_deg": 191}, {"hip_extension_l": 200.0}, True),
        ("hyperextension", {"max_peak_deg": 191}, {"hip_extension_l": 183.0}, False),
        (
            "shins_not_vertical",
            {"max_shin_to_vertical_deg": 12},
            {"shin_to_vertical_l": 20.0},
            True,
        ),
        (
            "torso_not_parallel",
            {"max_trunk_to_horizontal_deg": 12},
            {"trunk_to_horizontal": 5.0},
            False,
        ),
        ("knee_not_90", {"target_deg": 90, "tolerance_deg": 12}, {"knee_flexion_l": 60.0}, True),
        ("knee_not_90", {"target_deg": 90, "tolerance_deg": 12}, {"knee_flexion_l": 95.0}, False),
        ("leg_above_hip", {"max_above_trunk_line_deg": 9}, {"hip_extension_l": 195.0}, True),
        ("leg_above_hip", {"max_above_trunk_line_deg": 9}, {"hip_extension_l": 183.0}, False),
        ("knees_bent", {"min_knee_deg": 165}, {"knee_extension_l": 140.0}, True),
        ("hips_sagging", {"min_hip_deg": 166}, {"hip_extension_l": 150.0}, True),
        ("missed_hold", {"min_hold_s": 1.5}, {}, True),
        ("not_upright", {"min_peak_deg": 170, "above_deg": 153}, {"hip_extension_l": 160.0}, True),
        ("not_upright", {"min_peak_deg": 170, "above_deg": 153}, {"hip_extension_l": 140.0}, False),
    ],
)
def test_builtin_rules(rule, params, signals, fires):
    (r,) = build_rules([spec(rule, **params)])
    event = r.check(ctx(**signals))
    assert (event is not None) == fires
    if event:
        assert event.cue == "do this" and event.rep_index == 2 and event.side == "l"


def test_trunk_lean_against_the_rep_start():
    lean = np.concatenate([np.zeros(10), np.linspace(0, 30, 20)])
    (r,) = build_rules([spec("trunk_lean", max_trunk_change_deg=15)])
    assert r.check(ctx(trunk_to_vertical=lean)) is not None
    assert r.check(ctx(trunk_to_vertical=lean * 0.2)) is None


@pytest.mark.parametrize(
    ("peak", "typical_peak", "fires"),
    [(28.0, 40.0, True), (37.0, 40.0, False), (30.0, float("nan"), False), (5.0, 0.0, False)],
)
def test_short_swing_compares_the_top_with_the_usual_top(peak, typical_peak, fires):
    # The rep's own range plays no part: a kickback's range depends on where it started.
    (r,) = build_rules([spec("short_swing", min_top_frac=0.82)])
    c = replace(ctx(), peak=peak, typical_peak=typical_peak, rom=5.0, typical_rom=60.0)
    assert (r.check(c) is not None) == fires


def test_hyperextension_with_world_averages_the_two_estimates():
    # A far leg's image angle reads 216 at the top; the world landmarks say 196: their mean,
    # 206, stays under the limit. Without world angles the image value is all there is.
    plain, fused = build_rules(
        [
            spec("hyperextension", max_peak_deg=210),
            spec("hyperextension", max_peak_deg=210, with_world=1),
        ]
    )
    c = ctx(hip_extension_l=216.0, world_hip_extension_l=196.0)
    assert plain.check(c) is not None
    assert fused.check(c) is None
    assert fused.check(ctx(hip_extension_l=216.0)) is not None


def test_full_top_ignores_faked_reps_and_outlasts_short_ones():
    # Three short reps out of five still leave the full top near 40; two trunk-lean reps
    # (twice the swing) do not raise it.
    assert full_top([40.0, 25.0, 24.0, 26.0, 41.0]) == pytest.approx(40.0)
    assert full_top([40.0, 80.0, 78.0, 39.0, 41.0]) == pytest.approx(41.0)
    assert full_top([40.9, 30.8, 77.5]) == pytest.approx(40.9)  # a short rep and a faked one
    assert np.isnan(full_top([float("nan")]))


def test_unknown_rule_and_missing_params_are_data_errors():
    with pytest.raises(DataError, match="unknown rule"):
        build_rules([spec("no_such_rule")], "glute-bridge")
    with pytest.raises(DataError, match="missing params: max_peak_deg"):
        build_rules([spec("hyperextension")])


def test_add_on_rules_register_like_builtins():
    @register_rule("test_elbow_flare")
    class ElbowFlare(FaultRule):
        required_params = ("max_deg",)

        def measure(self, c):
            return 30.0, self.param("max_deg"), self.param("max_deg") < 30.0

    assert registered_rules()["test_elbow_flare"] is ElbowFlare
    events = check_rep(build_rules([spec("test_elbow_flare", max_deg=20)]), ctx())
    assert [e.fault_id for e in events] == ["f"]


def test_every_library_fault_names_a_known_rule(library):
    for ex in library:
        if ex.coach:
            assert len(build_rules(ex.coach.faults, ex.id)) == len(ex.coach.faults)


def test_torso_not_parallel_leaves_short_and_arched_reps_to_their_own_faults():
    (r,) = build_rules(
        [
            spec(
                "torso_not_parallel",
                max_trunk_to_horizontal_deg=8,
                min_hip_deg=168,
                max_hip_deg=191,
            )
        ]
    )
    assert r.check(ctx(trunk_to_horizontal=15.0, hip_extension_l=180.0)) is not None
    assert r.check(ctx(trunk_to_horizontal=15.0, hip_extension_l=150.0)) is None  # short rep
    assert r.check(ctx(trunk_to_horizontal=15.0, hip_extension_l=200.0)) is None  # arched
    assert r.check(ctx(trunk_to_horizontal=4.0, hip_extension_l=180.0)) is None


def test_knee_not_90_with_a_level_thigh_judges_the_feet_not_the_tilt():
    (r,) = build_rules([spec("knee_not_90", target_deg=90, tolerance_deg=12, level_thigh=1)])
    # Torso slid down: thigh tilted 16 degrees, knee open to 106, shins still vertical.
    assert r.check(ctx(knee_flexion_l=106.0, thigh_l=16.0)) is None
    # Feet too far: the knee opens with a level thigh.
    event = r.check(ctx(knee_flexion_l=115.0, thigh_l=1.0))
    assert event is not None and event.value == pytest.approx(114.0)
    # Without the option the raw bend is judged.
    (raw,) = build_rules([spec("knee_not_90", target_deg=90, tolerance_deg=12)])
    assert raw.check(ctx(knee_flexion_l=106.0, thigh_l=16.0)) is not None


def test_trailing_foot_push_reads_the_back_knee_early_in_the_rise():
    (r,) = build_rules([spec("trailing_foot_push", min_knee_bend_deg=30)])
    rise = np.linspace(90, 180, 21)
    hip = np.r_[rise, np.full(9, 180.0)]  # top plateau from index 20
    # A back leg that comes along folds at once; a pushing one stays straight a third of the way.
    folds = np.r_[33.0, np.full(29, 75.0)]
    pushes = np.where(np.arange(30) < 7, 14.0, 75.0)
    assert r.check(ctx(hip_extension_l=hip, knee_flexion_r=folds)) is None
    event = r.check(ctx(hip_extension_l=hip, knee_flexion_r=pushes))
    assert event is not None and event.value == pytest.approx(14.0)
    # A window that opens on the end of the previous descent starts from the bottom.
    late = np.r_[[150.0, 120.0], hip[:-2]]
    assert r.check(ctx(hip_extension_l=late, knee_flexion_r=np.r_[[75.0, 75.0], pushes[:-2]]))


def test_trailing_foot_push_averages_image_and_world_knees():
    (r,) = build_rules([spec("trailing_foot_push", min_knee_bend_deg=30)])
    hip = np.r_[np.linspace(90, 180, 21), np.full(9, 180.0)]
    # The image sees the far knee straight (noise); the world landmarks see it bent.
    c = ctx(hip_extension_l=hip, knee_flexion_r=20.0, world_knee_flexion_r=70.0)
    assert r.check(c) is None
    assert r.check(ctx(hip_extension_l=hip, knee_flexion_r=20.0)) is not None


@pytest.mark.parametrize(
    ("hip", "lean", "fires", "value"),
    [
        (178.0, 2.0, False, 178.0),  # tall: hip straight, trunk upright
        (158.0, 2.0, True, 158.0),  # hip short of straight
        (176.0, 15.0, True, 15.0),  # shoulders still ahead of the hips
    ],
)
def test_not_standing_tall(hip, lean, fires, value):
    (r,) = build_rules([spec("not_standing_tall", min_peak_deg=172, max_trunk_lean_deg=9)])
    h = np.r_[np.linspace(90, hip, 21), np.full(9, hip)]
    event = r.check(ctx(hip_extension_l=h, trunk_to_vertical=lean))
    assert (event is not None) == fires
    if event:
        assert event.value == pytest.approx(value)


def test_not_standing_tall_takes_the_highest_hip_near_the_top():
    (r,) = build_rules([spec("not_standing_tall", min_peak_deg=172)])
    # The top plateau dips from noise, but the hip did straighten there.
    h = np.r_[np.linspace(90, 178, 21), [168.0, 178.0, 166.0, 170.0, 169, 167, 168, 170, 169]]
    assert r.check(ctx(hip_extension_l=h)) is None
    assert r.check(ctx(hip_extension_l=np.minimum(h, 160.0))) is not None

"""The built-in form-fault rules, registered exactly as an add-on rule would be.

Each rule reads its thresholds from the exercise's FaultSpec ``params`` (names below) and
returns (measured value, limit, fault?). Angles are in degrees, see
:mod:`hipcoach.kinematics.angles`.
"""

from __future__ import annotations

import warnings

import numpy as np

from hipcoach.analysis import step_rules  # noqa: F401  (registers the step-up's rules)
from hipcoach.analysis.faults import FaultRule, RepContext, register_rule
from hipcoach.analysis.trend import change_with_progress, fuse, rep_progress


def _nan_quiet(fn, arr):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(fn(arr)) if np.size(arr) else float("nan")


def _top_hip_angle(rule: FaultRule, ctx: RepContext) -> float:
    """The hip angle at the top; with ``with_world = 1`` the mean of the image and the
    world-landmark estimates where both exist, as the live coach sees it: their errors are
    largely independent, which matters when the measured leg is the far one."""
    v = ctx.at_top("hip_extension")
    if rule.spec.params.get("with_world") and f"world_hip_extension_{ctx.side}" in ctx.signals:
        w = ctx.at_top("world_hip_extension")
        if np.isfinite(w):
            v = 0.5 * (v + v + ((w - v + 180.0) % 360.0 - 180.0))
    return v


@register_rule("no_straight_line")
class NoStraightLine(FaultRule):
    """The hip stops short of the straight knee-hip-shoulder line (``min_peak_deg``;
    ``with_world`` as for ``hyperextension``)."""

    required_params = ("min_peak_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        v = _top_hip_angle(self, ctx)
        return v, self.param("min_peak_deg"), v < self.param("min_peak_deg")


@register_rule("hyperextension")
class Hyperextension(FaultRule):
    """The signed hip angle goes past straight by too much: the lower back arches
    (``max_peak_deg``). With ``with_world = 1`` the angle is the mean of the image and the
    world-landmark estimates where both exist (see ``_top_hip_angle``)."""

    required_params = ("max_peak_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        v = _top_hip_angle(self, ctx)
        return v, self.param("max_peak_deg"), v > self.param("max_peak_deg")


@register_rule("legs_above_torso")
class LegsAboveTorso(Hyperextension):
    """Prone ball extension: legs lifted above the line of the torso (``max_peak_deg``)."""


@register_rule("missed_hold")
class MissedHold(FaultRule):
    """Too short a pause at the top (``min_hold_s``)."""

    required_params = ("min_hold_s",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        if not np.isfinite(ctx.hold_s):
            return None  # the hold could not be measured (see Rep.hold_s)
        return ctx.hold_s, self.param("min_hold_s"), ctx.hold_s < self.param("min_hold_s")

    def event_time(self, ctx: RepContext) -> float:
        return float(ctx.t[ctx.top_end])


@register_rule("shins_not_vertical")
class ShinsNotVertical(FaultRule):
    """Hip thrust: shins lean away from vertical at the top (``max_shin_to_vertical_deg``)."""

    required_params = ("max_shin_to_vertical_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        v = ctx.at_top("shin_to_vertical")
        lim = self.param("max_shin_to_vertical_deg")
        return v, lim, v > lim


@register_rule("torso_not_parallel")
class TorsoNotParallel(FaultRule):
    """Hip thrust: the torso is not level at the top (``max_trunk_to_horizontal_deg``).

    With ``min_hip_deg`` / ``max_hip_deg``, a rep whose hips stop short of straight or go past
    it (a short rep, an arched back: each has its own fault and cue) is not judged: its torso
    cannot be level, and the cue to flatten it would not name the cause."""

    required_params = ("max_trunk_to_horizontal_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        hip = ctx.at_top("hip_extension")
        p = self.spec.params
        if hip < p.get("min_hip_deg", -np.inf) or hip > p.get("max_hip_deg", np.inf):
            return None
        v = ctx.at_top("trunk_to_horizontal")
        lim = self.param("max_trunk_to_horizontal_deg")
        return v, lim, v > lim


@register_rule("knee_not_90")
class KneeNot90(FaultRule):
    """The knee is far from a right angle at the top (``target_deg``, ``tolerance_deg``);
    the value reported is the knee's bend (0 = straight).

    With ``level_thigh = 1`` the bend is taken as if the thigh were level (the knee's bend minus
    the thigh's tilt): that is what the feet's placement sets, which is what the cue asks to
    change. A torso slid down the bench, or an arched back, tilts the thigh and opens or closes
    the knee with the feet where they should be; those have their own faults."""

    required_params = ("target_deg", "tolerance_deg")

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        v = ctx.at_top("knee_flexion")
        if self.spec.params.get("level_thigh"):
            v = v - ctx.at_top("thigh")
        tol = self.param("tolerance_deg")
        return v, tol, abs(v - self.param("target_deg")) > tol


@register_rule("leg_above_hip")
class LegAboveHip(FaultRule):
    """Quadruped: the leg goes above the line of the back, i.e. past hip height
    (``max_above_trunk_line_deg``: degrees of hip extension past straight)."""

    required_params = ("max_above_trunk_line_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        v = ctx.at_top("hip_extension") - 180.0
        lim = self.param("max_above_trunk_line_deg")
        return v, lim, v > lim


@register_rule("hip_rotation")
class HipRotation(FaultRule):
    """Quadruped: the pelvis rolls open, lifting the working hip (``max_pelvis_roll_deg``).

    Seen from the side the roll is a few pixels of hip lift, under the pose model's noise in any
    single frame. So the roll is fitted against the rep's progress over all its frames (it grows
    as the leg rises: see :mod:`hipcoach.analysis.trend`), from each of the three readings of
    :mod:`hipcoach.kinematics.pelvis`, and the three are weighed by how noisy each was in this
    rep. Only a roll towards the working side counts: that is the hip opening."""

    required_params = ("max_pelvis_roll_deg",)
    sources = ("pelvis_roll_near", "pelvis_roll_far", "pelvis_roll_world")

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        if not all(k in ctx.signals for k in self.sources):
            return None  # e.g. the live coach, which has no world landmarks to compare
        progress = rep_progress(ctx.series("hip_extension"), ctx.at_top("hip_extension"))
        roll = fuse([change_with_progress(ctx.signals[k], progress) for k in self.sources])
        if not np.isfinite(roll.change):
            return None
        # + = the left hip rises; the working hip is the one that lifts when the pelvis opens.
        v = roll.change if ctx.side == "l" else -roll.change
        lim = self.param("max_pelvis_roll_deg")
        return v, lim, v > lim


@register_rule("trunk_lean")
class TrunkLean(FaultRule):
    """Standing kickback: the trunk tips forward to fake a higher leg
    (``max_trunk_change_deg``, against the rep's start)."""

    required_params = ("max_trunk_change_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        lean = ctx.series("trunk_to_vertical")
        base = _nan_quiet(np.nanmedian, lean[: max(2, len(lean) // 8)])
        v = ctx.at_top("trunk_to_vertical") - base
        lim = self.param("max_trunk_change_deg")
        return v, lim, v > lim


@register_rule("not_upright")
class NotUpright(FaultRule):
    """Upright hip thrust: the hips do not reach straight, or the trunk stays tipped
    (``min_peak_deg``, ``max_trunk_from_vertical_deg``; optional ``above_deg``: peaks below it
    are left to the short-rep rule)."""

    required_params = ("min_peak_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        hip = ctx.at_top("hip_extension")
        # Below ``above_deg`` the rep is a short rep, a different fault with its own cue.
        if hip < float(self.spec.params.get("above_deg", -np.inf)):
            return hip, self.param("min_peak_deg"), False
        short = hip < self.param("min_peak_deg")
        if "max_trunk_from_vertical_deg" in self.spec.params:
            tilt = ctx.at_top("trunk_to_vertical")
            if tilt > self.param("max_trunk_from_vertical_deg") and not short:
                return tilt, self.param("max_trunk_from_vertical_deg"), True
        return hip, self.param("min_peak_deg"), short


@register_rule("hips_sagging")
class HipsSagging(FaultRule):
    """Ball curl: the hips drop during the curl (``min_hip_deg``: lowest allowed hip angle)."""

    required_params = ("min_hip_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        # At the top of the curl, where the hips drop most when the glutes let go.
        v = ctx.at_top("hip_extension")
        lim = self.param("min_hip_deg")
        return v, lim, v < lim


@register_rule("knees_bent")
class KneesBent(FaultRule):
    """The knees bend when they should stay straight (``min_knee_deg``, 180 = straight)."""

    required_params = ("min_knee_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        v = ctx.at_top("knee_extension")
        lim = self.param("min_knee_deg")
        return v, lim, v < lim


@register_rule("short_range")
class ShortRange(FaultRule):
    """A rep whose range is well short of the person's usual range on this exercise
    (``min_rom_frac`` of the median range of the session's reps on that side)."""

    required_params = ("min_rom_frac",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        if not np.isfinite(ctx.typical_rom) or ctx.typical_rom <= 0:
            return None
        frac = ctx.rom / ctx.typical_rom
        lim = self.param("min_rom_frac")
        return frac, lim, frac < lim


@register_rule("short_swing")
class ShortSwing(FaultRule):
    """A rep whose top falls well short of the session's usual top on that side
    (``min_top_frac``), for a driving signal whose zero is the resting position (a standing
    kickback's leg swing: 0 = the leg hanging straight down).

    Unlike ``short_range`` it does not depend on where each rep started, which varies in a
    kickback: the first rep of a set lifts the foot from the floor, the others start in the air
    with the knee bent, so the same top gives ranges several degrees apart."""

    required_params = ("min_top_frac",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        if not (np.isfinite(ctx.typical_peak) and ctx.typical_peak > 0):
            return None
        frac = ctx.peak / ctx.typical_peak
        lim = self.param("min_top_frac")
        return frac, lim, frac < lim

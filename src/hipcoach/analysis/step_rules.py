"""The step-up's form-fault rules: not standing tall, and pushing off the trailing foot.

Both read the angles averaged over the image and the world landmarks where the rep context has
both (offline analysis passes the world angles as ``world_<name>``; the live engine's hip and
knee signals are already averaged). On a step-up one leg is always the far one, seen with two
to three times the error of the near one, and the two estimates' errors are largely independent.

Not standing tall: at the top the lead hip stays short of straight and the trunk stays tipped
forward (shoulders ahead of the hips). Either one is the fault the cue corrects.

Trailing-foot push: a back foot that only comes along leaves the floor as soon as the lift
starts, and its knee folds as it hangs. A pushing back foot stays down, heel up and leg
straightening, until it can no longer reach the floor, about a third of the way up. So while the
lead hip makes the first part of its rise, the trailing knee is still near straight.
"""

from __future__ import annotations

import warnings

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.faults import FaultRule, RepContext, register_rule

FloatArray = NDArray[np.float64]


def fused(ctx: RepContext, name: str, side: str | None = None) -> FloatArray:
    """A signal over the rep, averaged with its world-landmark estimate where there is one.

    >>> import numpy as np
    >>> c = RepContext(t=np.arange(2.0), signals={"trunk_to_vertical": np.array([4.0, 6.0]),
    ...     "world_trunk_to_vertical": np.array([2.0, np.nan])}, top=0, top_end=1, side="l",
    ...     hold_s=0.0, set_index=0, rep_index=0)
    >>> fused(c, "trunk_to_vertical").tolist()
    [3.0, 6.0]
    """
    a = ctx.series(name, side)
    try:
        b = ctx.series(f"world_{name}", side)
    except KeyError:
        return a
    if name == "hip_extension":
        b = a + ((b - a + 180.0) % 360.0 - 180.0)  # both in [0, 360): keep b on a's side of 0
    return np.asarray(np.where(np.isfinite(b), 0.5 * (a + b), a), dtype=np.float64)


def _median(x: FloatArray) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(np.nanmedian(x)) if x.size else float("nan")


@register_rule("not_standing_tall")
class NotStandingTall(FaultRule):
    """Step-up: the lead hip does not straighten at the top (``min_peak_deg``), or the trunk
    is still tipped forward there (``max_trunk_lean_deg``, degrees from vertical).

    The hip is read at its highest point near the top plateau: a clean top held for a moment
    reaches straight at some point, a short one never does."""

    required_params = ("min_peak_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        hip = fused(ctx, "hip_extension")
        lo = max(0, ctx.top - int(self.spec.params.get("search_frames", 8)))
        hi = ctx.top_end + int(self.spec.params.get("search_frames", 8)) + 1
        seg = hip[lo:hi]
        if not np.isfinite(seg).any():
            return None
        peak = float(np.nanmax(seg))
        lim = self.param("min_peak_deg")
        if peak < lim:
            return peak, lim, True
        if "max_trunk_lean_deg" in self.spec.params:
            lean = _median(fused(ctx, "trunk_to_vertical")[ctx.top : ctx.top_end + 1])
            max_lean = self.param("max_trunk_lean_deg")
            if np.isfinite(lean) and lean > max_lean:
                return lean, max_lean, True
        return peak, lim, False


@register_rule("trailing_foot_push")
class TrailingFootPush(FaultRule):
    """Step-up: the trailing knee stays near straight early in the rise, i.e. the back foot is
    still on the floor, pushing (``min_knee_bend_deg``: the least mean knee bend, 0 = straight,
    of a back leg that only comes along; measured while the lead hip climbs from ``from_frac``
    to ``to_frac`` of its rise, 0.05 and 0.25 unless told)."""

    required_params = ("min_knee_bend_deg",)

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        hip = fused(ctx, "hip_extension")
        knee = fused(ctx, "knee_flexion", ctx.other_side)
        rise = hip[: ctx.top + 1]
        if not np.isfinite(rise).any() or not np.isfinite(knee[: ctx.top + 1]).any():
            return None
        # From the bottom: the window may open on the end of the previous descent.
        i0 = int(np.nanargmin(rise))
        lo, hi = float(rise[i0]), float(np.nanmax(hip[i0 : ctx.top_end + 1]))
        if hi - lo <= 0:
            return None
        frac = (rise[i0:] - lo) / (hi - lo)
        p = self.spec.params
        a = np.flatnonzero(frac >= float(p.get("from_frac", 0.05)))
        b = np.flatnonzero(frac >= float(p.get("to_frac", 0.25)))
        if not a.size or not b.size:
            return None
        bend = _median(knee[i0 + a[0] : i0 + b[0] + 1])
        lim = self.param("min_knee_bend_deg")
        return bend, lim, bend < lim

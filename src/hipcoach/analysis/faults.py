"""Form-fault rules: a registry of rule classes, configured from the library's FaultSpec data.

A rule class is registered under a name (``@register_rule("hyperextension")``); an exercise's
``[[coach.faults]]`` entry names the rule and gives its thresholds as ``params``. Built-in rules
(:mod:`hipcoach.analysis.fault_rules`) register exactly as an add-on would::

    from hipcoach.analysis.faults import FaultRule, RepContext, register_rule

    @register_rule("knees-caving")
    class KneesCaving(FaultRule):
        def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
            value = ctx.at_top("knee_valgus")
            return value, self.param("max_deg"), value > self.param("max_deg")

Offline analysis and the live coach build the same :class:`RepContext` for a finished rep and
call the same rule objects, so both report the same faults.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from numpy.typing import NDArray

from hipcoach.analysis.results import FaultEvent
from hipcoach.errors import DataError
from hipcoach.library.models import Exercise, FaultSpec

FloatArray = NDArray[np.float64]


def full_top(tops: Sequence[float]) -> float:
    """The top a full rep reaches, from the tops of a session's reps on one side.

    A high percentile (75th, taken as the next real top above it, so with two reps it is the
    higher one), so a side with several short reps still knows the full top; tops above 1.6
    times the median are left out first, since a kickback faked by a trunk lean swings the leg
    about twice as far and would raise the bar for every honest rep.

    >>> full_top([40.0, 41.0, 39.0, 25.0, 78.0])
    41.0
    """
    v = np.asarray(tops, dtype=np.float64)
    v = v[np.isfinite(v)]
    if not v.size:
        return float("nan")
    med = float(np.median(v))
    kept = v[v <= 1.6 * med] if med > 0 else v
    return float(np.percentile(kept if kept.size else v, 75, method="higher"))


@dataclass(frozen=True, eq=False)
class RepContext:
    """One finished rep, as the fault rules see it.

    Attributes:
        t: (N,) times of the rep's frames, start to end.
        signals: signal name (``hip_extension_l``, ``trunk`` ...) -> (N,) values over the rep.
        top: index (into the rep's frames) of the first frame at the top plateau.
        top_end: index of the last frame at the top plateau.
        side: the working/measured side "l" or "r".
        hold_s: time held at the top.
        set_index, rep_index: where the rep sits in the session.
        rom, typical_rom: this rep's range of motion and the session's usual one (degrees).
        peak, typical_peak: this rep's top on the driving signal and the top the session's
            full reps reach on this side (:func:`full_top`).
    """

    t: FloatArray
    signals: dict[str, FloatArray]
    top: int
    top_end: int
    side: str
    hold_s: float
    set_index: int
    rep_index: int
    rom: float = float("nan")  # this rep's range on the driving signal
    typical_rom: float = float("nan")  # the usual range of the session's reps on this side
    peak: float = float("nan")  # this rep's top on the driving signal
    typical_peak: float = float("nan")  # the top full reps reach on this side

    @property
    def other_side(self) -> str:
        return "r" if self.side == "l" else "l"

    def series(self, name: str, side: str | None = None) -> FloatArray:
        """A signal over the rep; sided names take the rep's side unless told otherwise."""
        if name in self.signals:
            return self.signals[name]
        key = f"{name}_{side or self.side}"
        if key not in self.signals:
            raise KeyError(f"signal {key!r} is not available to fault rules")
        return self.signals[key]

    def at_top(self, name: str, side: str | None = None) -> float:
        """Median of a signal over the top plateau."""
        seg = self.series(name, side)[self.top : self.top_end + 1]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return float(np.nanmedian(seg)) if seg.size else float("nan")

    @property
    def t_top(self) -> float:
        return float(self.t[self.top])


class FaultRule:
    """Base class: configured with a FaultSpec, checks one finished rep."""

    name: ClassVar[str] = ""
    required_params: ClassVar[tuple[str, ...]] = ()

    def __init__(self, spec: FaultSpec) -> None:
        self.spec = spec
        missing = [p for p in self.required_params if p not in spec.params]
        if missing:
            raise DataError(
                f"fault {spec.id!r} (rule {spec.rule!r}) is missing params: {', '.join(missing)}",
                f"add them to its [[coach.faults]] entry, e.g. params = {{ {missing[0]} = ... }}",
            )

    def param(self, key: str) -> float:
        return float(self.spec.params[key])

    def measure(self, ctx: RepContext) -> tuple[float, float, bool] | None:
        """(measured value, limit, fault?) or None when it cannot be measured."""
        raise NotImplementedError

    def event_time(self, ctx: RepContext) -> float:
        return ctx.t_top

    def check(self, ctx: RepContext) -> FaultEvent | None:
        """A FaultEvent when the rep shows this fault, else None."""
        got = self.measure(ctx)
        if got is None:
            return None
        value, limit, bad = got
        if not bad or not np.isfinite(value):
            return None
        return FaultEvent(
            fault_id=self.spec.id,
            rule=self.spec.rule,
            t_s=self.event_time(ctx),
            set_index=ctx.set_index,
            rep_index=ctx.rep_index,
            side=ctx.side,
            value=value,
            limit=limit,
            cue=self.spec.cue,
        )


_REGISTRY: dict[str, type[FaultRule]] = {}


def register_rule(name: str) -> Callable[[type[FaultRule]], type[FaultRule]]:
    """Class decorator: make a rule available to exercise files under ``name``."""

    def deco(cls: type[FaultRule]) -> type[FaultRule]:
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return deco


def registered_rules() -> dict[str, type[FaultRule]]:
    """Every known rule name -> class (built-ins included).

    >>> "hyperextension" in registered_rules()
    True
    """
    _load_builtins()
    return dict(_REGISTRY)


def _load_builtins() -> None:
    # Imported for its registrations; done lazily so this module stays import-cycle free.
    from hipcoach.analysis import fault_rules  # noqa: F401


def build_rules(specs: Iterable[FaultSpec], exercise_id: str = "") -> list[FaultRule]:
    """Rule objects for an exercise's FaultSpecs; an unknown rule name is a DataError.

    >>> from hipcoach.library.registry import load_library
    >>> [r.spec.id for r in build_rules(load_library().get("glute-bridge").coach.faults)]
    ['short-rep', 'hyperextension', 'missed-hold']
    """
    _load_builtins()
    rules = []
    for spec in specs:
        cls = _REGISTRY.get(spec.rule)
        if cls is None:
            raise DataError(
                f"exercise {exercise_id or '?'}: fault {spec.id!r} names an unknown rule "
                f"{spec.rule!r}",
                f"known rules: {', '.join(sorted(_REGISTRY))}",
            )
        rules.append(cls(spec))
    return rules


def rules_for(exercise: Exercise) -> list[FaultRule]:
    return build_rules(exercise.coach.faults if exercise.coach else [], exercise.id)


def check_rep(rules: Iterable[FaultRule], ctx: RepContext) -> tuple[FaultEvent, ...]:
    """Run every rule on one rep."""
    return tuple(ev for rule in rules if (ev := rule.check(ctx)) is not None)

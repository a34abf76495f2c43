"""Recording a session in the training log from the video coach's analysis.

>>> from hipcoach.store import open_store
>>> analysis = {"exercise": "glute-bridge", "sets": [{"side": "left", "reps": [
...     {"faults": [], "hold_s": 2.1, "rom_deg": 40.0}, {"faults": ["short-rep"]}]}]}
>>> with open_store(url="sqlite://") as store:
...     e = log_analysis(store, analysis).entries[0]
...     e.reps, e.side, e.form_score, e.faults
(2, 'both', 0.5, ('short-rep',))
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from hipcoach.errors import DataError
from hipcoach.library import load_library
from hipcoach.library.models import Laterality
from hipcoach.library.registry import Library
from hipcoach.store import LoggedSession, SetEntry, Store
from hipcoach.training.log import GOOD_FORM_SHARE, attach_entries, target_for

_SIDE_WORDS = {"l": "left", "r": "right", "left": "left", "right": "right", "both": "both"}


def _fault_ids(rep: Mapping[str, Any]) -> list[str]:
    out = []
    for f in rep.get("faults") or []:
        fid = f.get("id") if isinstance(f, Mapping) else f
        if not isinstance(fid, str) or not fid:
            raise DataError(f"analysis: a fault without an id: {f!r}")
        out.append(fid)
    return out


def _number(value: Any, what: str) -> float | None:
    if value is None:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise DataError(f"analysis: {what} {value!r} is not a number") from None
    return x if math.isfinite(x) else None


def log_analysis(
    store: Store,
    analysis: Mapping[str, Any],
    *,
    day: date | None = None,
    library: Library | None = None,
    load_kg: float | None = None,
    pain: int | None = None,
    notes: str | None = None,
) -> LoggedSession:
    """Record a session from the video coach's result (``SessionAnalysis.to_dict()`` shape).

    Only these keys are read::

        {"exercise": "glute-bridge" | {"id": "glute-bridge", ...},
         "sets": [{"side": "left" | "right" | "both" | "l" | "r",
                   "reps": [{"faults": ["short-rep" | {"id": "short-rep", ...}, ...],
                             "hold_s": 1.9, "rom_deg": 48.0}, ...]}, ...]}

    Each analysed set becomes one logged set: reps counted, mean hold and range of motion, the
    share of reps without a fault as ``form_score`` and the fault ids seen. Sets with no reps
    are skipped. Each side is numbered from set 1; bilateral exercises are logged as ``both``
    whichever side the camera measured.
    """
    library = library or load_library()
    raw = analysis.get("exercise")
    exercise_id = raw.get("id") if isinstance(raw, Mapping) else raw
    if not isinstance(exercise_id, str):
        raise DataError("analysis: no exercise id", "the analysis must name its exercise")
    exercise = library.get(exercise_id)
    day = day or date.today()
    target = target_for(exercise, day, store.active_plan())
    sets = analysis.get("sets")
    if not isinstance(sets, list):
        raise DataError("analysis: 'sets' must be a list of sets")
    entries: list[SetEntry] = []
    counters: dict[str, int] = {}
    for set_ in sets:
        if not isinstance(set_, Mapping):
            raise DataError(f"analysis: a set is not an object: {set_!r}")
        side = _SIDE_WORDS.get(str(set_.get("side", "both")))
        if side is None:
            raise DataError(f"analysis: unknown side {set_.get('side')!r}")
        if exercise.laterality is Laterality.BILATERAL:
            side = "both"  # the camera saw one side; both legs did the work
        reps = set_.get("reps") or []
        if not reps:
            continue
        faults = [_fault_ids(r) for r in reps]
        clean = sum(1 for f in faults if not f)
        holds = [h for r in reps if (h := _number(r.get("hold_s"), "hold_s")) is not None]
        roms = [x for r in reps if (x := _number(r.get("rom_deg"), "rom_deg")) is not None]
        score = clean / len(reps)
        counters[side] = counters.get(side, 0) + 1
        entries.append(
            SetEntry(
                exercise_id=exercise.id,
                set_index=counters[side],
                side=side,
                target_reps_min=target.reps_min,
                target_reps_max=target.reps_max,
                target_load_kg=target.load_kg,
                target_hold_s=target.hold_s or None,
                reps=len(reps),
                load_kg=load_kg,
                hold_s=round(sum(holds) / len(holds), 2) if holds else None,
                rom_deg=round(sum(roms) / len(roms), 1) if roms else None,
                form_score=round(score, 3),
                form="good" if score >= GOOD_FORM_SHARE else "poor",
                faults=tuple(dict.fromkeys(f for fs in faults for f in fs)),
                pain=pain,
            )
        )
    if not entries:
        raise DataError(
            "analysis: no reps were counted, so there is nothing to log",
            "check the analysis warnings (camera view, whole body in frame)",
        )
    return attach_entries(
        store,
        day,
        entries,
        source="analysis",
        planned_ref=target.planned_ref,
        new_session=True,
        notes=notes,
    )

"""Mapping exercise names from other apps (Strong, Hevy, spreadsheets) to library ids.

Exact ids and names first, then known aliases, then a close spelling; anything less certain
is left unmapped so the import can report it instead of guessing.

>>> from hipcoach.library import load_library
>>> lib = load_library()
>>> map_exercise_name("Hip Thrust (Barbell)", lib)
'hip-thrust'
>>> map_exercise_name("Bench Press (Barbell)", lib) is None
True
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from hipcoach.library.registry import Library

__all__ = ["ALIASES", "map_exercise_name"]

# Names other apps use for our exercises (normalised: lower case, words only).
ALIASES: dict[str, str] = {
    "barbell hip thrust": "hip-thrust",
    "hip thrust": "hip-thrust",
    "glute bridge": "glute-bridge",
    "bridge": "glute-bridge",
    "hip bridge": "glute-bridge",
    "step up": "step-up",
    "dumbbell step up": "step-up",
    "donkey kick": "quadruped-kickback",
    "donkey kicks": "quadruped-kickback",
    "glute kickback": "quadruped-kickback",
    "kneeling kickback": "quadruped-kickback",
    "standing glute kickback": "standing-kickback",
    "cable kickback": "standing-kickback",
    "kneeling hip thrust": "upright-hip-thrust",
    "stability ball hamstring curl": "ball-bridge-curl",
    "swiss ball leg curl": "ball-bridge-curl",
    "ball leg curl": "ball-bridge-curl",
    "reverse hyperextension": "prone-ball-hip-extension",
    "ball reverse hyperextension": "prone-ball-hip-extension",
}


def _norm(text: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", text.lower())  # "(Barbell)", "(Dumbbell)": equipment notes
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _name_index(library: Library) -> dict[str, str]:
    index = dict(ALIASES)
    for ex in library:
        index[_norm(ex.id.replace("-", " "))] = ex.id
        index[_norm(ex.name)] = ex.id
        for v in ex.variants:
            index.setdefault(_norm(v.name), ex.id)
    return index


def map_exercise_name(
    name: str, library: Library, overrides: Mapping[str, str] | None = None
) -> str | None:
    """Our exercise id for a name from another app, or None when nothing fits well."""
    if overrides and name in overrides:
        return overrides[name]
    if name in library.exercises:
        return name
    index = _name_index(library)
    key = _norm(name)
    if key in index:
        return index[key]
    close = difflib.get_close_matches(key, list(index), n=1, cutoff=0.88)
    return index[close[0]] if close else None

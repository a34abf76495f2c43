"""The demo clip shipped inside the package, found with :mod:`importlib.resources`.

>>> demo_clip().name
'glute-bridge.mp4'
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

DEMO_EXERCISE = "glute-bridge"
DEFAULT_DEMO_OUTPUT = Path("hipcoach-demo-report")


def demo_clip() -> Path:
    """Path of the packaged demo video (it may be missing in a source tree under construction).

    A real file path: the package is installed as files (wheel or editable), never zipped.
    """
    # One step at a time: a namespace package's MultiplexedPath joins one name per call.
    ref = resources.files("hipcoach") / "data" / "demo" / f"{DEMO_EXERCISE}.mp4"
    return Path(str(ref))


def demo_labels() -> dict[str, Any] | None:
    """The clip's ground-truth labels (``glute-bridge.json`` beside it), or None."""
    path = demo_clip().with_suffix(".json")
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data

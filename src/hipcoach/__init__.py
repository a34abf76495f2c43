"""hipcoach: build strong hip extensors and keep doing them right.

The public API, imported lazily so that ``import hipcoach`` stays fast (the analysis stack pulls
in scipy; the pose backend pulls in mediapipe only when a model is run)::

    >>> import hipcoach
    >>> hipcoach.load_library().get("glute-bridge").scheme.hold_s
    2.0
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "analyze": "hipcoach.analysis",
    "SessionAnalysis": "hipcoach.analysis.results",
    "PoseSequence": "hipcoach.pose.types",
    "load_library": "hipcoach.library",
    "Exercise": "hipcoach.library",
    "Settings": "hipcoach.config",
    "HipcoachError": "hipcoach.errors",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'hipcoach' has no attribute {name!r}")

"""The motion analysis core: ``analyze(sequence, exercise=None) -> SessionAnalysis``.

>>> from hipcoach.analysis import analyze, SessionAnalysis
>>> callable(analyze)
True
"""

from hipcoach.analysis.pipeline import AnalysisSettings, analyze
from hipcoach.analysis.results import (
    SCHEMA_VERSION,
    FaultEvent,
    Rep,
    SessionAnalysis,
    SetResult,
    Signals,
    ViewCheck,
)

__all__ = [
    "SCHEMA_VERSION",
    "AnalysisSettings",
    "FaultEvent",
    "Rep",
    "SessionAnalysis",
    "SetResult",
    "Signals",
    "ViewCheck",
    "analyze",
]

"""The motion analysis core: ``analyze(sequence, exercise=None) -> SessionAnalysis``.

>>> from hipcoach.analysis import analyze, SessionAnalysis
>>> callable(analyze)
True
"""

from hipcoach.analysis.faults import FaultRule, RepContext, register_rule, registered_rules
from hipcoach.analysis.live import LiveCoach, LiveEvent
from hipcoach.analysis.pipeline import AnalysisSettings, analyze
from hipcoach.analysis.recognize import Recognition, recognize
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
    "FaultRule",
    "LiveCoach",
    "LiveEvent",
    "Recognition",
    "Rep",
    "RepContext",
    "SessionAnalysis",
    "SetResult",
    "Signals",
    "ViewCheck",
    "analyze",
    "recognize",
    "register_rule",
    "registered_rules",
]

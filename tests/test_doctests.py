"""The examples in the modules' docstrings run and hold, so they stay true.

One list per package; modules in ``MUST_HAVE_EXAMPLES`` also fail when they have no example.
"""

from __future__ import annotations

import doctest
import importlib

import pytest

MUST_HAVE_EXAMPLES = [
    # library
    "hipcoach.library",
    "hipcoach.library.models",
    "hipcoach.library.registry",
    "hipcoach.library.query",
    "hipcoach.library.muscles",
    "hipcoach.library.concepts",
    # training: planner, breaks, iCalendar, the coach-to-log path
    "hipcoach.training.plan_models",
    "hipcoach.training.planner",
    "hipcoach.training.compose",
    "hipcoach.training.fit",
    "hipcoach.training.goals",
    "hipcoach.training.timing",
    "hipcoach.training.breaks",
    "hipcoach.training.break_runner",
    "hipcoach.training.ical",
    "hipcoach.training.log_coach",
    "hipcoach.cli.console",
    # the log import and the counting engine, with the modules split out of them
    "hipcoach.training.imports",
    "hipcoach.training.import_csv",
    "hipcoach.analysis.engine",
    "hipcoach.analysis.gate",
    "hipcoach.analysis.drive",
    # the motion gate in front of the pose model
    "hipcoach.pose.motion_gate",
]

MAY_HAVE_EXAMPLES = [
    # analysis: rep timing and the tempo prior
    "hipcoach.analysis.holds",
    "hipcoach.analysis.tempo",
    # pose
    "hipcoach.pose.types",
    "hipcoach.pose.estimator",
    "hipcoach.pose.replay",
    "hipcoach.pose.video",
    "hipcoach.pose.crop",
    "hipcoach.pose.checks",
    "hipcoach.pose.extract",
    "hipcoach.pose.parallel",
    "hipcoach.pose.refine",
    "hipcoach.pose.mediapipe",
    # report and app
    "hipcoach.report.annotate",
    "hipcoach.report.video_writer",
    "hipcoach.report.table",
    "hipcoach.report.exports",
    "hipcoach.report.plots",
    "hipcoach.report.thumbs",
    "hipcoach.report.html",
    "hipcoach.report.bundle",
    "hipcoach.report.overlays",
    "hipcoach.app",
    "hipcoach.app.coach",
    "hipcoach.app.demo",
    "hipcoach.app.live",
]


@pytest.mark.parametrize("name", MUST_HAVE_EXAMPLES + MAY_HAVE_EXAMPLES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    if name in MUST_HAVE_EXAMPLES:
        assert result.attempted > 0

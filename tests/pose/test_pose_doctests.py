from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "hipcoach.pose.estimator",
    "hipcoach.pose.replay",
    "hipcoach.pose.video",
    "hipcoach.pose.crop",
    "hipcoach.pose.checks",
    "hipcoach.pose.extract",
    "hipcoach.pose.parallel",
    "hipcoach.pose.refine",
    "hipcoach.pose.mediapipe",
    "hipcoach.report.annotate",
    "hipcoach.report.video_writer",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0

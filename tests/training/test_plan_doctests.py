"""The docstring examples of the planner, breaks and iCalendar modules are run, so they stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "hipcoach.training.plan_models",
    "hipcoach.training.planner",
    "hipcoach.training.compose",
    "hipcoach.training.fit",
    "hipcoach.training.goals",
    "hipcoach.training.timing",
    "hipcoach.training.breaks",
    "hipcoach.training.break_runner",
    "hipcoach.training.ical",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0

"""The examples in the report and app modules' docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
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


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0

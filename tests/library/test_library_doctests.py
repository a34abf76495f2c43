"""The docstring examples of the library modules are run, so they stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "hipcoach.library",
    "hipcoach.library.models",
    "hipcoach.library.registry",
    "hipcoach.library.query",
    "hipcoach.library.muscles",
    "hipcoach.library.concepts",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hipcoach.store import Store, open_store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A fresh SQLite store (the storage tests cover PostgreSQL)."""
    s = open_store(url=f"sqlite:///{tmp_path / 'log.db'}")
    try:
        yield s
    finally:
        s.close()

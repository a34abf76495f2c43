"""Storage: the training log, plans and sitting breaks in a real database.

SQLite in the data directory by default, any SQLAlchemy URL (PostgreSQL is tested) through
``HIPCOACH_DATABASE_URL``. Callers use :func:`open_store` and the records below; nothing outside
this package imports SQLAlchemy.

>>> from datetime import datetime
>>> with open_store(url="sqlite://") as store:
...     _ = store.add_break(BreakRecord(at=datetime(2026, 3, 2, 10, 30), status="taken"))
...     len(store.breaks_on(datetime(2026, 3, 2).date()))
1
"""

from hipcoach.store.records import (
    BreakRecord,
    DatabaseInfo,
    LoggedSession,
    SetEntry,
    StoredPlan,
)
from hipcoach.store.repo import Store, open_store

__all__ = [
    "BreakRecord",
    "DatabaseInfo",
    "LoggedSession",
    "SetEntry",
    "Store",
    "StoredPlan",
    "open_store",
]

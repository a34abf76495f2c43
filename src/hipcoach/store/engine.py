"""Engines: a SQLite file in the data directory by default, any SQLAlchemy URL when configured.

SQLite connections get WAL journaling (readers never block the writer, and a killed writer
leaves committed data intact), foreign keys on, a busy timeout, and ``BEGIN IMMEDIATE`` for
every transaction so two processes never deadlock upgrading a read lock to a write lock.

>>> make_engine("sqlite://").dialect.name
'sqlite'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from hipcoach.config import Settings
from hipcoach.errors import StorageError

BUSY_TIMEOUT_S = 15


def database_url(settings: Settings) -> str:
    """The URL the settings point at (``HIPCOACH_DATABASE_URL`` or the data-dir SQLite file)."""
    return settings.resolved_database_url()


def safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory SQLite.

    >>> sqlite_path("sqlite:////tmp/x.db")
    PosixPath('/tmp/x.db')
    """
    parsed = _parse(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    db = parsed.database
    if not db or db == ":memory:" or db.startswith("file:"):
        return None
    return Path(db)


def _parse(url: str) -> Any:
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise StorageError(
            f"the database URL {url!r} is not a valid SQLAlchemy URL",
            "use e.g. sqlite:////path/to/hipcoach.db or postgresql+psycopg://user:pw@host/db",
        ) from exc


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with hipcoach's connection settings (nothing is opened yet)."""
    parsed = _parse(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}}
        if path is None:
            # In-memory: one shared connection, or every checkout would see an empty database.
            kwargs["poolclass"] = StaticPool
            kwargs["connect_args"]["check_same_thread"] = False
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    f"cannot create the data folder {path.parent}: {exc.strerror}",
                    "set HIPCOACH_DATA_DIR to a folder you can write to",
                ) from exc
        engine = create_engine(parsed, **kwargs)
        _configure_sqlite(engine, wal=path is not None)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        raise StorageError(
            f"no database driver for {safe_url(url)}: {exc}",
            "install the driver, e.g. pip install 'hipcoach[postgres]'",
        ) from exc


def _configure_sqlite(engine: Engine, *, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling would
        # skip it for DDL and defer it past the first SELECT).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if wal:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

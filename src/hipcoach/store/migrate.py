"""Schema checks and Alembic upgrades, run every time the store opens.

Order matters: a database is inspected read-only first (SQLite header, integrity, Alembic
revision, schema version). Only a healthy database of a version this code knows is upgraded,
so a damaged file or one written by a newer hipcoach is never modified.
"""

from __future__ import annotations

import sqlite3
from importlib import metadata, resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, insert, inspect, select, text, update

from hipcoach.errors import CorruptDatabaseError, NewerDatabaseError, StorageError
from hipcoach.store.tables import SCHEMA_VERSION, MetaRow

SQLITE_MAGIC = b"SQLite format 3\x00"


def app_version() -> str:
    try:
        return metadata.version("hipcoach")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("hipcoach.store") / "migrations"))
    return cfg


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _corrupt(path: Path, detail: str) -> CorruptDatabaseError:
    return CorruptDatabaseError(
        f"the database at {path} is damaged ({detail}); nothing was changed",
        "restore a backup, or move the file aside and hipcoach will start a new one",
    )


def _newer(where: str, detail: str) -> NewerDatabaseError:
    return NewerDatabaseError(
        f"the database at {where} was written by a newer hipcoach ({detail}); nothing was changed",
        f"upgrade hipcoach (this is {app_version()}), or point HIPCOACH_DATABASE_URL elsewhere",
    )


def check_sqlite_file(path: Path) -> None:
    """Read-only checks of an existing SQLite file; raises Corrupt/NewerDatabaseError.

    A missing or empty file is fine (a new database will be made there).
    """
    if not path.exists():
        return
    if path.is_dir():
        raise StorageError(
            f"the database path {path} is a folder", "point HIPCOACH_DATA_DIR at a folder"
        )
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StorageError(f"cannot read the database at {path}: {exc.strerror}") from exc
    if not header:
        return
    if header != SQLITE_MAGIC:
        raise _corrupt(path, "not an SQLite file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=15)
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open the database at {path}: {exc}") from exc
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            raise _corrupt(path, f"integrity check: {rows[0][0]}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revisions: list[str] = []
        if "alembic_version" in tables:
            revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        schema = None
        if "hipcoach_meta" in tables:
            row = conn.execute(
                "SELECT value FROM hipcoach_meta WHERE key='schema_version'"
            ).fetchone()
            schema = row[0] if row else None
    except sqlite3.DatabaseError as exc:
        msg = str(exc)
        if "locked" in msg or "unable to open" in msg:
            raise StorageError(f"cannot read the database at {path}: {msg}") from exc
        raise _corrupt(path, msg) from exc
    finally:
        conn.close()
    _check_versions(str(path), tables, revisions, schema)


def _check_versions(where: str, tables: set[str], revisions: list[str], schema: str | None) -> None:
    unknown = [r for r in revisions if r not in known_revisions()]
    if unknown:
        raise _newer(where, f"unknown schema revision {', '.join(unknown)}")
    if schema is not None:
        try:
            number = int(schema)
        except ValueError:
            raise StorageError(
                f"the database at {where} records schema version {schema!r}, not a number",
                "restore a backup or move the file aside",
            ) from None
        if number > SCHEMA_VERSION:
            raise _newer(where, f"schema version {number}, this code knows up to {SCHEMA_VERSION}")
    if not revisions and tables - {"alembic_version"}:
        foreign = sorted(tables)
        raise StorageError(
            f"the database at {where} is not a hipcoach database "
            f"(it has tables {', '.join(foreign[:5])}); nothing was changed",
            "point HIPCOACH_DATABASE_URL at an empty database or a hipcoach one",
        )


def check_engine(engine: Engine, where: str) -> None:
    """The same version checks through a live connection (PostgreSQL and other servers)."""
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        revisions: list[str] = []
        if "alembic_version" in tables:
            revisions = [
                r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))
            ]
        schema = None
        if "hipcoach_meta" in tables:
            schema = conn.execute(
                select(MetaRow.value).where(MetaRow.key == "schema_version")
            ).scalar_one_or_none()
        conn.rollback()
    _check_versions(where, tables, revisions, schema)


def upgrade(engine: Engine) -> None:
    """Bring the schema to head and record the versions, in one transaction."""
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        for key, value in (("schema_version", str(SCHEMA_VERSION)), ("app_version", app_version())):
            row = conn.execute(select(MetaRow.value).where(MetaRow.key == key)).first()
            if row is None:
                conn.execute(insert(MetaRow).values(key=key, value=value))
            elif row[0] != value:
                conn.execute(update(MetaRow).where(MetaRow.key == key).values(value=value))


__all__ = [
    "app_version",
    "check_engine",
    "check_sqlite_file",
    "head_revision",
    "known_revisions",
    "upgrade",
]

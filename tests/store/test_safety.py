"""A damaged or newer database is refused and left byte-for-byte untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from hipcoach.errors import CorruptDatabaseError, NewerDatabaseError, StorageError
from hipcoach.store import open_store


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _filled_db(path: Path) -> None:
    from datetime import date

    from hipcoach.store import LoggedSession, SetEntry

    with open_store(url=f"sqlite:///{path}") as s:
        for day in range(1, 29):
            s.add_session(
                LoggedSession(
                    day=date(2026, 2, day),
                    notes="x" * 2000,
                    entries=tuple(
                        SetEntry(exercise_id="glute-bridge", set_index=i, reps=10, notes="y" * 500)
                        for i in range(1, 4)
                    ),
                )
            )
    # Fold the WAL back into the main file so the file alone holds everything.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")


def test_garbage_file_is_corrupt_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "hipcoach.db"
    db.write_bytes(b"this is not a database, just some text\n" * 100)
    before = _digest(tmp_path)
    with pytest.raises(CorruptDatabaseError, match="is damaged") as err:
        open_store(url=f"sqlite:///{db}")
    assert "nothing was changed" in err.value.message
    assert err.value.hint and "backup" in err.value.hint
    assert _digest(tmp_path) == before


def test_damaged_pages_are_detected_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "hipcoach.db"
    _filled_db(db)
    data = bytearray(db.read_bytes())
    assert len(data) > 8 * 4096
    # Scribble over the middle pages, keeping the valid header: a disk error, not a wrong file.
    data[4096 * 2 : 4096 * 6] = b"\xa5" * (4096 * 4)
    db.write_bytes(bytes(data))
    before = _digest(tmp_path)
    with pytest.raises(CorruptDatabaseError):
        open_store(url=f"sqlite:///{db}")
    assert _digest(tmp_path) == before


def test_truncated_file_is_corrupt(tmp_path: Path) -> None:
    db = tmp_path / "hipcoach.db"
    _filled_db(db)
    db.write_bytes(db.read_bytes()[:5000])
    before = _digest(tmp_path)
    with pytest.raises(CorruptDatabaseError):
        open_store(url=f"sqlite:///{db}")
    assert _digest(tmp_path) == before


def _set_revision(url: str, revision: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def _set_schema(url: str, version: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE hipcoach_meta SET value = :v WHERE key = 'schema_version'"),
            {"v": version},
        )
    engine.dispose()


@pytest.mark.parametrize(
    ("mutate", "match"),
    [
        (lambda url: _set_revision(url, "0042_from_the_future"), "unknown schema revision"),
        (lambda url: _set_schema(url, "7"), "schema version 7"),
    ],
    ids=["alembic-revision", "schema-version"],
)
def test_newer_database_is_refused(db_url: str, mutate, match: str) -> None:  # type: ignore[no-untyped-def]
    with open_store(url=db_url):
        pass
    mutate(db_url)
    path = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite") else None
    if path is not None:
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _digest(path.parent)
    with pytest.raises(NewerDatabaseError, match=match) as err:
        open_store(url=db_url)
    assert "newer hipcoach" in err.value.message and "nothing was changed" in err.value.message
    if path is not None:
        assert _digest(path.parent) == before
    # The refusal really left the version alone.
    engine = sa.create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    before = _digest(tmp_path)
    with pytest.raises(StorageError, match="not a hipcoach database"):
        open_store(url=f"sqlite:///{db}")
    assert _digest(tmp_path) == before


@pytest.mark.parametrize(
    ("url", "match"),
    [
        ("not a url at all", "not a valid SQLAlchemy URL"),
        ("postgresql+psycopg://nobody:secret@127.0.0.1:1/none", "cannot open the database"),
    ],
)
def test_unusable_urls_give_a_storage_error(url: str, match: str) -> None:
    with pytest.raises(StorageError, match=match) as err:
        open_store(url=url)
    assert "secret" not in str(err.value)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with open_store(url=f"sqlite:///{tmp_path / 'h.db'}") as s, s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_default_location_is_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HIPCOACH_DATA_DIR", str(tmp_path / "nested" / "data"))
    with open_store() as s:
        assert s.info().url.endswith("nested/data/hipcoach.db")
    assert (tmp_path / "nested" / "data" / "hipcoach.db").exists()

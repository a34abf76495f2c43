"""A ``store`` fixture over SQLite and PostgreSQL, each test in a clean database/schema.

The PostgreSQL case needs HIPCOACH_TEST_POSTGRES_URL (``.ci/run`` sets it); without it the
case is skipped locally (and fails under CI=true), never faked.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from hipcoach.store import Store, open_store

PG_ENV = "HIPCOACH_TEST_POSTGRES_URL"


def postgres_schema_url(base: str, schema: str) -> str:
    """The base URL with its search_path set to ``schema`` (psycopg ``options``)."""
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL to a fresh, empty PostgreSQL schema, dropped after the test."""
    base = os.environ.get(PG_ENV)
    if not base:
        if os.environ.get("CI"):
            # In CI a missing server is a broken set-up, not a reason to skip half the tests.
            pytest.fail(
                f"{PG_ENV} is not set although CI is: .ci/run should have started PostgreSQL"
            )
        pytest.skip(f"{PG_ENV} is not set (CI sets it; see .ci/run)")
    import sqlalchemy as sa

    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield postgres_schema_url(base, schema)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hipcoach.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(url=db_url)
    try:
        yield s
    finally:
        s.close()

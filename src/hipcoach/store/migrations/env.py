"""Alembic environment: always run from :func:`hipcoach.store.migrate.upgrade` with a connection.

There is no alembic.ini: the store builds the Alembic config in code and passes the open
connection in ``config.attributes["connection"]``, so migrations run inside hipcoach's own
transaction handling and never read a URL from a file.
"""

from __future__ import annotations

from alembic import context

from hipcoach.store.tables import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs the alembic CLI
    raise RuntimeError("run migrations through hipcoach.store.open_store(), not the alembic CLI")

# render_as_batch: SQLite cannot ALTER most things in place; batch mode copies the table.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

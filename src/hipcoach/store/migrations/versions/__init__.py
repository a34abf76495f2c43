"""Alembic revisions (one file per schema change; bump ``tables.SCHEMA_VERSION`` with each)."""

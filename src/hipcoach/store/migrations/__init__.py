"""Alembic migrations for the hipcoach database, run programmatically by ``hipcoach.store``."""

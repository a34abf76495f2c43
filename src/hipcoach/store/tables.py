"""SQLAlchemy 2 tables (typed ``Mapped`` columns). Only ``hipcoach.store`` imports this module.

Every change to these classes needs a new Alembic revision under ``migrations/versions`` and a
bump of :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: The schema this code writes; a database that records a higher number is left untouched.
SCHEMA_VERSION = 1


class Base(DeclarativeBase):
    pass


class MetaRow(Base):
    """Key/value facts about the database: schema version, the hipcoach version that wrote it."""

    __tablename__ = "hipcoach_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    start: Mapped[date] = mapped_column(Date)
    name: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON)
    plan: Mapped[Any] = mapped_column(JSON)


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(200))
    planned_ref: Mapped[str | None] = mapped_column(String(100))
    notes: Mapped[str | None] = mapped_column(Text)

    entries: Mapped[list[SetEntryRow]] = relationship(
        back_populates="session",
        cascade="all, delete-orphan",
        order_by="SetEntryRow.position",
        lazy="selectin",
    )


class SetEntryRow(Base):
    __tablename__ = "set_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    # Keeps the order the sets were logged in (set_index alone repeats across sides).
    position: Mapped[int] = mapped_column(Integer)
    exercise_id: Mapped[str] = mapped_column(String(100), index=True)
    set_index: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(8))
    target_reps_min: Mapped[int | None] = mapped_column(Integer)
    target_reps_max: Mapped[int | None] = mapped_column(Integer)
    target_load_kg: Mapped[float | None] = mapped_column(Float)
    target_hold_s: Mapped[float | None] = mapped_column(Float)
    reps: Mapped[int | None] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float)
    hold_s: Mapped[float | None] = mapped_column(Float)
    rir: Mapped[int | None] = mapped_column(Integer)
    pain: Mapped[int | None] = mapped_column(Integer)
    form: Mapped[str | None] = mapped_column(String(8))
    form_score: Mapped[float | None] = mapped_column(Float)
    rom_deg: Mapped[float | None] = mapped_column(Float)
    faults: Mapped[str | None] = mapped_column(Text)  # comma-separated fault ids
    notes: Mapped[str | None] = mapped_column(Text)

    session: Mapped[SessionRow] = relationship(back_populates="entries")


class BreakRow(Base):
    __tablename__ = "breaks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    status: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(50))
    duration_s: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)

"""Initial schema: meta, plans, sessions, set entries, breaks.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "hipcoach_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(255), nullable=False),
    )
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("plan", sa.JSON, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("planned_ref", sa.String(100), nullable=True),
        sa.Column("notes", sa.Text, nullable=True),
    )
    op.create_index("ix_sessions_day", "sessions", ["day"])
    op.create_table(
        "set_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("exercise_id", sa.String(100), nullable=False),
        sa.Column("set_index", sa.Integer, nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("target_reps_min", sa.Integer, nullable=True),
        sa.Column("target_reps_max", sa.Integer, nullable=True),
        sa.Column("target_load_kg", sa.Float, nullable=True),
        sa.Column("target_hold_s", sa.Float, nullable=True),
        sa.Column("reps", sa.Integer, nullable=True),
        sa.Column("load_kg", sa.Float, nullable=True),
        sa.Column("hold_s", sa.Float, nullable=True),
        sa.Column("rir", sa.Integer, nullable=True),
        sa.Column("pain", sa.Integer, nullable=True),
        sa.Column("form", sa.String(8), nullable=True),
        sa.Column("form_score", sa.Float, nullable=True),
        sa.Column("rom_deg", sa.Float, nullable=True),
        sa.Column("faults", sa.Text, nullable=True),
        sa.Column("notes", sa.Text, nullable=True),
    )
    op.create_index("ix_set_entries_session_id", "set_entries", ["session_id"])
    op.create_index("ix_set_entries_exercise_id", "set_entries", ["exercise_id"])
    op.create_table(
        "breaks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("duration_s", sa.Float, nullable=True),
        sa.Column("notes", sa.Text, nullable=True),
    )
    op.create_index("ix_breaks_at", "breaks", ["at"])


def downgrade() -> None:
    op.drop_table("breaks")
    op.drop_table("set_entries")
    op.drop_table("sessions")
    op.drop_table("plans")
    op.drop_table("hipcoach_meta")

"""``hipcoach exercises``: browse the exercise library (placeholder until the library lands)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    sub = typer.Typer(help="Browse the exercise library.", no_args_is_help=True)
    app.add_typer(sub, name="exercises")

    @sub.command("list")
    def list_() -> None:
        """List exercises."""

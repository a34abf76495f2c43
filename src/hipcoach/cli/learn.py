"""``hipcoach learn``: the concepts behind the programme (placeholder)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command("learn")
    def learn() -> None:
        """Explain hip extension, anterior pelvic tilt and why sitting matters."""

"""``hipcoach demo``: the README's first command.

Until the video coach lands it shows the programme: the hip extension exercises of the library.
"""

from __future__ import annotations

import typer
from rich.table import Table

from hipcoach.cli.console import out_console
from hipcoach.library import Pattern, load_library


def demo() -> None:
    """Show the bundled programme: the hip extension exercises and their schemes."""
    lib = load_library()
    table = Table(title="hipcoach: hip extension exercises")
    for col in ("id", "name", "level", "scheme"):
        table.add_column(col)
    for ex in lib.filter(pattern=Pattern.HIP_EXTENSION):
        s = ex.scheme
        scheme = f"{s.sets.min:g}-{s.sets.max:g} x {s.reps.min:g}-{s.reps.max:g}"
        if s.per_side:
            scheme += " per side"
        if s.hold_s:
            scheme += f", {s.hold_s:g} s hold"
        table.add_row(ex.id, ex.name, ex.level.value, scheme)
    out_console().print(table)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)

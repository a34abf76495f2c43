"""``hipcoach progress [EXERCISE]``: the next prescription per exercise and the rule that fired.

hipcoach progress              (every exercise in the log)
hipcoach progress hip-thrust --json
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from hipcoach.cli.console import out_console, print_json
from hipcoach.library import load_library
from hipcoach.store import open_store
from hipcoach.training.progression import Progression, ProgressionSettings


def progress(
    exercise: Annotated[
        str | None, typer.Argument(help="Exercise id (default: all logged).")
    ] = None,
    pain_hold: Annotated[
        int, typer.Option("--pain-hold", min=1, max=10, help="Pain (0-10) at which progress holds.")
    ] = 3,
    pain_regress: Annotated[
        int,
        typer.Option("--pain-regress", min=1, max=10, help="Pain (0-10) at which to step back."),
    ] = 5,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """What to do next session: double progression gated on form, held or reversed by pain."""
    library = load_library()
    if exercise is not None:
        library.get(exercise)
    from hipcoach.errors import UsageError

    if pain_hold > pain_regress:
        raise UsageError("--pain-hold must not be above --pain-regress")
    engine = Progression(
        library, ProgressionSettings(pain_hold=pain_hold, pain_regress=pain_regress)
    )
    with open_store() as store:
        ids = (
            [exercise] if exercise else [i for i in store.exercise_ids() if i in library.exercises]
        )
        decisions = [engine.decide(i, store.sessions(exercise_id=i, limit=6)) for i in ids]
    if json_:
        print_json([d.to_dict() for d in decisions])
        return
    console = out_console()
    if not decisions:
        console.print("Nothing logged yet: record a session with hipcoach log add, then ask again.")
        return
    table = Table(title="Next session")
    for col in ("exercise", "next", "rule", "why"):
        table.add_column(col, overflow="fold")
    for d in decisions:
        name = library.get(d.next.exercise_id).name
        table.add_row(d.exercise_id, f"{name}: {d.next.describe()}", d.rule, d.reason)
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("progress")(progress)

"""``hipcoach learn [TOPIC]``: the ideas behind the programme.

hipcoach learn                       # the list of topics
hipcoach learn anterior-pelvic-tilt  # one topic explained
hipcoach learn --json
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from hipcoach.cli.console import out_console, print_json
from hipcoach.library import Concept, load_concepts, load_library, load_muscles


def learn(
    topic: Annotated[
        str | None, typer.Argument(metavar="[TOPIC]", help="A topic id; omit to list them.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Explain hip extension, anterior pelvic tilt, why sitting matters and how to train."""
    concepts = load_concepts()
    if topic is None:
        if as_json:
            print_json(
                [{"id": c.id, "title": c.title, "summary": c.summary} for c in concepts.concepts]
            )
            return
        table = Table(title="Topics: hipcoach learn TOPIC")
        for col in ("topic", "title", "in short"):
            table.add_column(col)
        for c in concepts.concepts:
            table.add_row(c.id, c.title, c.summary)
        out_console().print(table, soft_wrap=False)
        return
    concept = concepts.get(topic.strip().lower())
    if as_json:
        print_json(concept.model_dump(mode="json"))
        return
    out_console().print(_concept_panel(concept), soft_wrap=False)


def _concept_panel(c: Concept) -> Panel:
    parts: list[RenderableType] = [Text(c.summary, style="italic")]
    for para in c.body:
        parts += [Text(""), Text(para)]
    if c.key_numbers:
        parts += [Text(""), Text("Numbers to remember: " + "; ".join(c.key_numbers), style="bold")]
    if c.muscles:
        names = load_muscles()
        parts += [Text(""), Text("Muscles: " + ", ".join(names[m].name for m in c.muscles))]
    if c.exercises:
        lib = load_library()
        names_ = [f"{lib.get(i).name} ({i})" for i in c.exercises if i in lib]
        parts += [Text(""), Text("Try: " + ", ".join(names_))]
    if c.sources:
        parts += [Text(""), Text("Sources: " + "; ".join(c.sources), style="dim")]
    return Panel(Group(*parts), title=c.title, expand=False)


def register(app: typer.Typer) -> None:
    app.command("learn")(learn)

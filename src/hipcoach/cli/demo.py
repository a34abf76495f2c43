"""``hipcoach demo``: the README's first command.

It runs the whole video coach on the glute-bridge clip shipped inside the package and says where
the report is. If the clip is missing (a source tree where it was never generated), it says so
and shows the programme instead, so the command still teaches something.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hipcoach.app.coach import CoachRequest, coach_video
from hipcoach.app.demo import DEFAULT_DEMO_OUTPUT, DEMO_EXERCISE, demo_clip, demo_labels
from hipcoach.cli.analyze import print_summary, progress_bar
from hipcoach.cli.console import err_console, out_console, print_json
from hipcoach.library import Pattern, load_library


def _show_programme() -> None:
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


def demo(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Report folder.")
    ] = DEFAULT_DEMO_OUTPUT,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    no_video: Annotated[
        bool, typer.Option("--no-video", help="Skip annotated.mp4 (faster).")
    ] = False,
) -> None:
    """Analyse the bundled glute-bridge clip and write a full report (no arguments needed)."""
    clip = demo_clip()
    if not clip.is_file():
        err_console().print(
            f"[yellow]The demo clip is not in this install ({clip}); showing the programme "
            "instead.[/] Analyse your own video with: hipcoach analyze VIDEO",
            highlight=False,
        )
        _show_programme()
        return
    req = CoachRequest(video=clip, exercise=DEMO_EXERCISE, output=output, annotated=not no_video)
    with progress_bar(True) as on_progress:
        result = coach_video(req, on_progress)
    if as_json:
        data = result.summary()
        labels = demo_labels()
        if labels is not None:
            data["true_rep_count"] = labels.get("rep_count")
        print_json(data)
        return
    console = out_console()
    console.print(
        "[bold]hipcoach demo[/]: a glute bridge clip, analysed by the video coach.",
        highlight=False,
    )
    print_summary(result, console)
    labels = demo_labels()
    if labels is not None and "rep_count" in labels:
        console.print(f"(The clip was rendered with {labels['rep_count']} reps.)", highlight=False)
    console.print(
        f"Open {result.files.html} in a browser; try your own video with "
        "[bold]hipcoach analyze VIDEO[/].",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)

"""``hipcoach analyze VIDEO``: a video in, a report folder out (thin: calls :mod:`hipcoach.app`)."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeRemainingColumn
from rich.table import Table

from hipcoach.app.coach import CoachRequest, CoachResult, ProgressFn, coach_video
from hipcoach.app.quiet import terminal_stderr
from hipcoach.cli.console import out_console, print_json

STAGES = {"pose": "Finding the pose", "video": "Drawing annotated.mp4"}
# How often the progress bar is redrawn (seconds).
_REDRAW_S = 0.1


@contextmanager
def progress_bar(enabled: bool) -> Iterator[ProgressFn | None]:
    """A rich progress bar on stderr (stdout stays clean for ``--json``); None when disabled."""
    if not enabled:
        yield None
        return
    # On its own copy of the terminal: the model's native log lines are silenced meanwhile.
    stream = terminal_stderr()
    console = Console(file=stream, soft_wrap=True)
    with (
        stream if stream is not sys.stderr else nullcontext(),
        Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[done]:.1f} / {task.fields[total_s]:.1f} s of video"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            # Redrawn from update() instead of rich's own refresh thread: a third thread
            # contending for the GIL with the annotated video's two cost that stage ~4 s of 20.
            auto_refresh=False,
        ) as progress,
    ):
        tasks: dict[str, TaskID] = {}
        drawn_at = [0.0]

        def update(stage: str, done: float, total: float) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(
                    STAGES.get(stage, stage), total=None, done=0.0, total_s=0.0
                )
            progress.update(
                tasks[stage],
                completed=done,
                total=total if total > 0 else None,
                done=done,
                total_s=total,
            )
            now = time.monotonic()
            if now - drawn_at[0] >= _REDRAW_S:
                drawn_at[0] = now
                progress.refresh()

        yield update


def print_summary(result: CoachResult, console: Console | None = None) -> None:
    """The pretty summary: exercise, reps per set, holds, faults, warnings and where the report is."""
    console = console or out_console()
    a = result.analysis
    s = a.summary()
    how = "recognised" if a.recognized else "given"
    conf = f", {a.exercise_confidence:.0%} sure" if a.recognized else ""
    console.print(
        f"[bold]{a.exercise}[/] ({how}{conf}) · {a.view.view} view · "
        f"[bold]{a.rep_count}[/] reps, {s['good_reps']} good",
        highlight=False,
    )
    if a.sets:
        table = Table(show_edge=False, pad_edge=False)
        for col in ("set", "side", "reps", "good", "mean range", "mean hold"):
            table.add_column(col, justify="left" if col == "side" else "right")
        for st in a.sets:
            # A hold that could not be measured (the clip ends at the top) is NaN: leave it out.
            holds = [r.hold_s for r in st.reps if math.isfinite(r.hold_s)]
            mean_hold = f"{sum(holds) / len(holds):.1f} s" if holds else "-"
            table.add_row(
                str(st.index + 1),
                st.to_dict()["side"],
                str(len(st.reps)),
                str(st.good_reps),
                f"{st.mean_rom_deg:.0f}°",
                mean_hold,
            )
        console.print(table)
    cues: dict[str, tuple[int, str]] = {}
    for f in a.faults:
        n, _ = cues.get(f.fault_id, (0, f.cue))
        cues[f.fault_id] = (n + 1, f.cue)
    for fid, (n, cue) in sorted(cues.items(), key=lambda kv: -kv[1][0]):
        console.print(f"  [yellow]{fid}[/] x{n}: {cue}", highlight=False)
    for notice in result.notices:
        style = "bold red" if notice.strong else "yellow"
        console.print(f"[{style}]Warning:[/] {notice.text}", highlight=False)
    console.print(f"Report: [bold]{result.files.html}[/]", highlight=False)
    if result.files.landmarks is not None:
        console.print(f"Landmarks saved: {result.files.landmarks}", highlight=False)
    if result.logged_session_id is not None:
        console.print(f"Logged as session {result.logged_session_id}.", highlight=False)


def analyze(
    video: Annotated[
        Path | None, typer.Argument(help="The video file (mp4, mov, mkv, webm, avi).")
    ] = None,
    exercise: Annotated[
        str | None,
        typer.Option("--exercise", "-e", help="Exercise id (default: recognise it)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Report folder (default: VIDEO-report beside the video)."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the summary as JSON instead.")
    ] = False,
    save_landmarks: Annotated[
        bool,
        typer.Option("--save-landmarks", help="Also write landmarks.npz to re-analyse later."),
    ] = False,
    landmarks: Annotated[
        Path | None,
        typer.Option(
            "--landmarks", help="Replay a saved landmarks.npz instead of running the pose model."
        ),
    ] = None,
    log: Annotated[
        bool, typer.Option("--log", help="Record the session in the training log.")
    ] = False,
    no_video: Annotated[
        bool, typer.Option("--no-video", help="Skip annotated.mp4 (faster).")
    ] = False,
) -> None:
    """Analyse an exercise video: reps, sets, holds, range and form, written as a report folder."""
    if video is None and landmarks is None:
        from hipcoach.errors import UsageError

        raise UsageError("no video given", "run: hipcoach analyze VIDEO  (or --landmarks FILE.npz)")
    req = CoachRequest(
        video=video,
        exercise=exercise,
        output=output,
        landmarks=landmarks,
        save_landmarks=save_landmarks,
        annotated=not no_video,
        log=log,
    )
    with progress_bar(video is not None) as on_progress:
        result = coach_video(req, on_progress)
    if as_json:
        print_json(result.summary())
    else:
        print_summary(result)


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)

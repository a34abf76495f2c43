"""``hipcoach log`` commands that read the log as a whole: adherence, trend, chart, export, import.

hipcoach log adherence                 (against the plan saved by hipcoach plan --save)
hipcoach log trend hip-thrust          (one row per session: reps, load, ROM, form)
hipcoach log chart hip-thrust -o hip-thrust.png
hipcoach log export -o log.csv         (or log.json)
hipcoach log import strong.csv --unit lb --map "Glute Bridge (Single Leg)=glute-bridge"
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from hipcoach.cli.console import count, err_console, out_console, print_json
from hipcoach.cli.log import JsonOpt, parse_day
from hipcoach.errors import DataError, UsageError
from hipcoach.library import load_library
from hipcoach.store import StoredPlan, open_store
from hipcoach.training import history
from hipcoach.training.charts import progress_chart
from hipcoach.training.exports import to_csv, to_json_data
from hipcoach.training.imports import import_file


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.0%}"


def _plan_from_file(path: Path, start: date | None) -> StoredPlan:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(
            f"{path} is not a plan JSON file ({exc})", "use hipcoach plan --json"
        ) from None
    if not isinstance(data, list | dict):
        raise DataError(f"{path} is not a plan JSON file", "use hipcoach plan --json > plan.json")
    return StoredPlan(inputs={}, plan=data, start=start or date.today())


def adherence(
    plan_file: Annotated[
        Path | None,
        typer.Option("--plan", help="A plan JSON (hipcoach plan --json) instead of the saved one."),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="The plan's first day (with --plan).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Count sessions due by this date.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Done vs planned: sessions and sets of the plan due so far."""
    with open_store() as store:
        plan = (
            _plan_from_file(plan_file, parse_day(start, "--start"))
            if plan_file
            else store.active_plan()
        )
        if plan is None:
            raise UsageError(
                "no saved plan to compare with",
                "make one with hipcoach plan ... --save, or pass --plan plan.json",
            )
        report = history.adherence(
            plan, store.sessions(start=plan.start), until=parse_day(until, "--until")
        )
    if json_:
        print_json(report.to_dict())
        return
    console = out_console()
    table = Table(title=f"Adherence to the plan starting {plan.start.isoformat()}")
    for col in ("week", "day", "date", "planned sets", "done sets", "done"):
        table.add_column(col)
    for s in report.sessions:
        table.add_row(
            str(s.week),
            str(s.day),
            s.date.isoformat(),
            str(s.planned_sets),
            str(s.done_sets),
            "yes" if s.done else "no",
        )
    console.print(table)
    console.print(
        f"Sessions done: {report.done}/{report.planned} ({_pct(report.session_rate)}); "
        f"sets done: {_pct(report.set_rate)} of planned."
    )


def trend(
    exercise: Annotated[str, typer.Argument(help="Exercise id.")],
    json_: JsonOpt = False,
) -> None:
    """Progress of one exercise, one row per session: reps, load, hold, ROM, form, pain."""
    name = load_library().get(exercise).name
    with open_store() as store:
        rows = history.progress_rows(store.sessions(exercise_id=exercise), exercise)
    if json_:
        print_json([r.to_dict() for r in rows])
        return
    if not rows:
        out_console().print(f"Nothing logged for {name} yet.")
        return
    table = Table(title=f"{name}: progress")
    for col in (
        "date",
        "sets",
        "reps",
        "best",
        "top load",
        "volume",
        "hold",
        "ROM",
        "form",
        "pain",
    ):
        table.add_column(col)
    for r in rows:
        form = r.form or "-"
        if r.form_score is not None:
            form += f" ({r.form_score:.0%})"
        table.add_row(
            r.day.isoformat(),
            str(r.sets),
            str(r.total_reps),
            str(r.best_reps or "-"),
            f"{r.top_load_kg:g} kg" if r.top_load_kg else "-",
            f"{r.volume_kg:g} kg" if r.volume_kg else "-",
            f"{r.mean_hold_s:g} s" if r.mean_hold_s else "-",
            f"{r.mean_rom_deg:.0f} deg" if r.mean_rom_deg else "-",
            form,
            str(r.max_pain) if r.max_pain is not None else "-",
        )
    out_console().print(table)


def chart(
    exercise: Annotated[str, typer.Argument(help="Exercise id.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="A .png or .svg file.")],
) -> None:
    """Chart one exercise's progress (reps, load, range of motion, form score)."""
    name = load_library().get(exercise).name
    with open_store() as store:
        rows = history.progress_rows(store.sessions(exercise_id=exercise), exercise)
    path = progress_chart(rows, name, output)
    out_console().print(f"Wrote {path} ({count(len(rows), 'session')}).")


def export(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (.csv or .json); stdout if left out."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="csv or json (default: from the file name, else csv)."),
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="From this date.")] = None,
) -> None:
    """Export the log as CSV (Strong/Hevy-like columns plus hipcoach's) or JSON."""
    kind = (fmt or (output.suffix.lstrip(".") if output else "") or "csv").lower()
    if kind not in ("csv", "json"):
        raise UsageError(f"unknown export format {kind!r}", "use --format csv or --format json")
    with open_store() as store:
        sessions = store.sessions(start=parse_day(since, "--since"))
    text = (
        to_csv(sessions) if kind == "csv" else json.dumps(to_json_data(sessions), indent=2) + "\n"
    )
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(
            f"cannot write {output}: {exc.strerror}", "choose a writable path"
        ) from exc
    sets = sum(len(s.entries) for s in sessions)
    err_console().print(
        f"Wrote {count(len(sessions), 'session')} ({count(sets, 'set')}) to {output}."
    )


def _overrides(values: list[str] | None) -> dict[str, str]:
    out = {}
    for v in values or []:
        name, sep, ex_id = v.rpartition("=")
        if not sep or not name.strip() or not ex_id.strip():
            raise UsageError(
                f"--map {v!r} is not NAME=ID", "write --map 'Hip Thrust (Barbell)=hip-thrust'"
            )
        out[name.strip()] = ex_id.strip()
    return out


def import_cmd(
    path: Annotated[
        Path, typer.Argument(help="A CSV (hipcoach, Strong or Hevy) or hipcoach JSON export.")
    ],
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="Map a name to an id: 'Their name=our-id' (repeatable)."),
    ] = None,
    unit: Annotated[
        str, typer.Option("--unit", help="Weight unit when the file does not say: kg or lb.")
    ] = "kg",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check and report; write nothing.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Import a log file; all of it in one transaction, unmapped exercise names reported."""
    with open_store() as store:
        report = import_file(
            store, path, overrides=_overrides(map_), unit=unit.lower(), dry_run=dry_run
        )
    if json_:
        print_json(report.to_dict() | {"dry_run": dry_run})
        return
    console = out_console()
    verb = "Would import" if dry_run else "Imported"
    console.print(
        f"{verb} {count(len(report.sessions), 'session')} ({count(report.sets, 'set')}) "
        f"from {count(report.rows_read, 'row')}."
    )
    if report.duplicates:
        console.print(f"Skipped {count(report.duplicates, 'set')} already in the log.")
    for name, ex_id in sorted(report.mapped_names.items()):
        console.print(f"  mapped {name!r} -> {ex_id}", highlight=False)
    unmapped = report.unmapped_names()
    if unmapped:
        err = err_console()
        err.print(
            f"[yellow]{count(len(report.unmapped), 'row')} not imported[/]: "
            "no matching exercise for"
        )
        for name, n in sorted(unmapped.items()):
            err.print(f"  {name!r} ({count(n, 'row')})", highlight=False)
        err.print(
            "Map them with --map 'NAME=exercise-id' (see hipcoach exercises list) and import again."
        )


def register(sub: typer.Typer) -> None:
    sub.command("adherence")(adherence)
    sub.command("trend")(trend)
    sub.command("chart")(chart)
    sub.command("export")(export)
    sub.command("import")(import_cmd)

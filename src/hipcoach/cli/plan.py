"""``hipcoach plan``: a week-by-week hip extension plan from your equipment, level and time.

hipcoach plan --equipment dumbbell,mini_band --level beginner --days 3 --minutes 40
hipcoach plan --equipment none --goal back-friendly --json
hipcoach plan --level intermediate --explain --ical plan.ics --start 2026-01-05 --at 18:30
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hipcoach.cli.console import count, err_console, out_console, print_json
from hipcoach.errors import UsageError
from hipcoach.training.plan_models import (
    WEEKDAY_NAMES,
    Plan,
    PlanRequest,
    PlanSession,
    first_monday,
    parse_equipment,
    parse_goal,
    parse_level,
)
from hipcoach.training.planner import make_plan


def _split(values: list[str] | None) -> tuple[str, ...]:
    words = (w.strip() for v in values or [] for w in v.split(","))
    return tuple(dict.fromkeys(w for w in words if w))


def parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date", "write it as YYYY-MM-DD") from None


def parse_clock(text: str, option: str) -> time:
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a time of day", "write it as HH:MM") from None


def next_monday(today: date) -> date:
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def _prescription(item_sets: int, reps: tuple[int, int], hold: float, per_side: bool) -> str:
    lo, hi = reps
    text = f"{item_sets} x {lo}" if lo == hi else f"{item_sets} x {lo}-{hi}"
    if hold:
        text += f", hold {hold:g} s"
    return text + (" each side" if per_side else "")


def _session_table(session: PlanSession) -> Table:
    title = (
        f"Week {session.week}, day {session.day} ({WEEKDAY_NAMES[session.weekday]}): "
        f"about {session.estimated_minutes} min, warm-up {session.warmup_minutes} min"
    )
    table = Table(title=title, title_justify="left")
    for col in ("#", "exercise", "sets x reps", "load", "rest"):
        table.add_column(col)
    for item in session.items:
        if item.duration_s is not None:
            what = f"{item.duration_s // 60} min"
        else:
            what = _prescription(item.sets, item.reps, item.hold_s, item.per_side)
        name = item.name
        extra = ([f"tempo {item.tempo} s up-hold-down"] if item.tempo else []) + list(item.notes)
        if extra:
            name += "\n" + "\n".join(f"[dim]{line}[/]" for line in extra)
        rest = f"{item.rest_s} s" if item.rest_s else ""
        table.add_row(str(item.order), name, what, item.load or "", rest)
    return table


def show_plan(plan: Plan, console: Console, explain: bool) -> None:
    for session in plan.sessions:
        console.print(_session_table(session))
        if explain:
            for item in session.items:
                console.print(
                    f"  {item.order}. {item.exercise_id}: {'; '.join(item.why)}", highlight=False
                )
            for line in session.why:
                console.print(f"  [dim]{line}[/]", highlight=False)
    if explain:
        console.print("[bold]Why this plan[/]")
        for line in plan.why:
            console.print(f"  {line}", highlight=False)
    for warning in plan.warnings:
        console.print(f"[yellow]Note:[/] {warning}", highlight=False)


def _save(plan: Plan, start: date) -> int | None:
    # Imported here so that planning works (and imports stay light) without touching storage.
    from hipcoach.store.records import StoredPlan
    from hipcoach.store.repo import open_store

    with open_store() as store:
        saved = store.save_plan(
            StoredPlan(inputs=plan.request.to_dict(), plan=plan.to_dict(), start=start)
        )
    return saved.id


def register(app: typer.Typer) -> None:
    @app.command("plan")
    def plan_cmd(
        equipment: Annotated[
            list[str] | None,
            typer.Option(
                "--equipment",
                "-e",
                help="What you have: repeat or comma-separate (dumbbell,mini_band); 'none' for "
                "nothing. Omit it to count everything in the library as available.",
            ),
        ] = None,
        level: Annotated[
            str, typer.Option("--level", "-l", help="beginner, intermediate or advanced.")
        ] = "beginner",
        days: Annotated[int, typer.Option("--days", "-d", help="Training days a week (1-7).")] = 3,
        minutes: Annotated[int, typer.Option("--minutes", "-m", help="Minutes a session.")] = 45,
        weeks: Annotated[int, typer.Option("--weeks", "-w", help="Weeks to plan.")] = 4,
        goal: Annotated[
            str,
            typer.Option("--goal", "-g", help="general-strength, athletic-power or back-friendly."),
        ] = "general-strength",
        exclude: Annotated[
            list[str] | None,
            typer.Option("--exclude", "-x", help="Exercise ids to leave out (repeat or comma)."),
        ] = None,
        include: Annotated[
            list[str] | None,
            typer.Option("--include", "-i", help="Exercise ids every session must have."),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
        explain: Annotated[bool, typer.Option("--explain", help="Say why each choice.")] = False,
        save: Annotated[
            bool, typer.Option("--save", help="Store the plan as your active plan.")
        ] = False,
        ical: Annotated[
            Path | None,
            typer.Option("--ical", help="Also write the sessions as an iCalendar (.ics) file."),
        ] = None,
        start: Annotated[
            str | None,
            typer.Option(
                "--start",
                help="Start on the first Monday on or after this date, YYYY-MM-DD (default: next Monday).",
            ),
        ] = None,
        at: Annotated[
            str, typer.Option("--at", help="Session start time for the calendar, HH:MM.")
        ] = "18:00",
        alarm: Annotated[
            int, typer.Option("--alarm", help="Calendar reminder, minutes before a session.")
        ] = 30,
    ) -> None:
        """Make a plan: warm-up, 2-3 hip extension exercises, supporting work and a stretch."""
        request = PlanRequest(
            level=parse_level(level),
            days=days,
            minutes=minutes,
            weeks=weeks,
            goal=parse_goal(goal),
            equipment=parse_equipment(equipment),
            exclude=_split(exclude),
            include=_split(include),
        )
        start_date = parse_date(start, "--start") or next_monday(date.today())
        start_time = parse_clock(at, "--at")
        plan = make_plan(request)
        if ical is not None:
            from hipcoach.training.ical import plan_calendar, write_calendar

            text = plan_calendar(
                plan, start=start_date, at=start_time, alarm_minutes=alarm, now=datetime.now()
            )
            write_calendar(ical, text)
        if as_json:
            print_json(plan.to_json())
        else:
            show_plan(plan, out_console(), explain)
        messages = [] if not as_json else [f"Note: {w}" for w in plan.warnings]
        if ical is not None:
            messages.append(f"Wrote {count(len(plan.sessions), 'session')} to {ical}")
        if save:
            plan_id = _save(plan, first_monday(start_date))
            messages.append(
                f"Saved as plan {plan_id}, starting {first_monday(start_date).isoformat()}"
            )
        for msg in messages:
            # On stderr with --json, so that stdout stays parseable.
            (err_console() if as_json else out_console()).print(msg, highlight=False)

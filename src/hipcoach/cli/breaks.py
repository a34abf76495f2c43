"""``hipcoach breaks``: get up every 30-60 minutes during working hours.

hipcoach breaks schedule --every 30 --start 09:00 --end 17:00 --days mon-fri
hipcoach breaks run                    # notify at each break until stopped (Ctrl-C)
hipcoach breaks run --once             # send the next reminder now, to try notifications
hipcoach breaks log taken --kind walk
hipcoach breaks summary --day 2026-01-05
hipcoach breaks export breaks.ics      # calendar with repeating events and alarms
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table

from hipcoach.cli.console import out_console, print_json
from hipcoach.config import get_settings
from hipcoach.errors import UnknownIdError, UsageError
from hipcoach.training.break_runner import BreakRunner, pick_notifier
from hipcoach.training.breaks import (
    BreakEvent,
    BreakSettings,
    load_routines,
    parse_clock,
    parse_days,
    schedule_for,
    summarize,
)

EveryOpt = Annotated[
    int | None,
    typer.Option("--every", help="Minutes between breaks, 30-60 (default 30)."),
]
StartOpt = Annotated[
    str | None, typer.Option("--start", help="Start of the working day, HH:MM (default 09:00).")
]
EndOpt = Annotated[
    str | None, typer.Option("--end", help="End of the working day, HH:MM (default 17:00).")
]
DaysOpt = Annotated[
    str | None,
    typer.Option("--days", help="Working days: mon-fri, mon,wed,fri, weekdays or all."),
]
DayOpt = Annotated[str | None, typer.Option("--day", help="The date, YYYY-MM-DD (default: today).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def break_settings(
    every: int | None, start: str | None, end: str | None, days: str | None
) -> BreakSettings:
    """Options given on the command line, else the HIPCOACH_* settings, else the defaults."""
    s = get_settings()
    return BreakSettings(
        every_min=every if every is not None else s.break_every,
        start=parse_clock(start or s.work_start, "--start"),
        end=parse_clock(end or s.work_end, "--end"),
        days=parse_days(days or s.work_days),
    )


def _day(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--day {text!r} is not a date", "write it as YYYY-MM-DD") from None


def _print_schedule(settings: BreakSettings, day: date, as_json: bool) -> None:
    reminders = schedule_for(day, settings)
    if as_json:
        print_json([r.to_dict() for r in reminders])
        return
    console = out_console()
    if not reminders:
        console.print(f"No breaks on {day:%A %Y-%m-%d}: not a working day ({settings.describe()}).")
        return
    table = Table(title=f"Breaks on {day:%A %Y-%m-%d} ({settings.describe()})")
    for col in ("time", "break", "kind"):
        table.add_column(col)
    for r in reminders:
        table.add_row(r.at.strftime("%H:%M"), r.routine.name, r.routine.kind)
    console.print(table)


def register(app: typer.Typer) -> None:
    sub = typer.Typer(
        help="Sitting-break reminders: get up for 5 minutes every 30-60 minutes.",
        invoke_without_command=True,
    )
    app.add_typer(sub, name="breaks")

    @sub.callback()
    def breaks_default(ctx: typer.Context) -> None:
        """Without a subcommand: today's schedule."""
        if ctx.invoked_subcommand is None:
            _print_schedule(break_settings(None, None, None, None), date.today(), False)
            out_console().print("Start the reminders with: hipcoach breaks run")

    @sub.command("schedule")
    def schedule(
        every: EveryOpt = None,
        start: StartOpt = None,
        end: EndOpt = None,
        days: DaysOpt = None,
        day: DayOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Print the day's break times and what each break is."""
        _print_schedule(break_settings(every, start, end, days), _day(day), as_json)

    @sub.command("run")
    def run(
        every: EveryOpt = None,
        start: StartOpt = None,
        end: EndOpt = None,
        days: DaysOpt = None,
        once: Annotated[
            bool, typer.Option("--once", help="Send the next reminder now and stop.")
        ] = False,
        for_minutes: Annotated[
            float | None, typer.Option("--for", help="Stop after this many minutes.")
        ] = None,
        terminal: Annotated[
            bool, typer.Option("--terminal", help="Remind in this terminal, not the desktop.")
        ] = False,
    ) -> None:
        """Remind at each break time (desktop notification, or this terminal)."""
        settings = break_settings(every, start, end, days)
        if for_minutes is not None and for_minutes <= 0:
            raise UsageError(f"--for must be positive, got {for_minutes:g}", "e.g. --for 90")
        console = out_console()
        notifier = pick_notifier(console, terminal_only=terminal)

        def sent(reminder: object) -> None:
            console.print(
                f"[dim]{datetime.now():%H:%M} reminder sent. Log it with: "
                "hipcoach breaks log taken (or skipped)[/]"
            )

        runner = BreakRunner(settings, notifier, on_sent=sent)
        if once:
            runner.run_once()
            return
        console.print(f"Break reminders {settings.describe()} via {notifier.name}; Ctrl-C stops.")
        runner.run(for_minutes=for_minutes)

    @sub.command("log")
    def log(
        status: Annotated[str, typer.Argument(help="taken or skipped")],
        kind: Annotated[
            str, typer.Option("--kind", help="walk, or a routine id (see: breaks routines).")
        ] = "walk",
        at: Annotated[
            str | None, typer.Option("--at", help="When, HH:MM today (default: now).")
        ] = None,
        day: DayOpt = None,
    ) -> None:
        """Record a break as taken or skipped."""
        if status not in ("taken", "skipped"):
            raise UsageError(f"break status {status!r} is not taken or skipped", "e.g. log taken")
        known = [r.id for r in load_routines()]
        if kind not in known:
            raise UnknownIdError("break routine", kind, known)
        when = datetime.now().replace(second=0, microsecond=0)
        if at is not None:
            when = datetime.combine(when.date(), parse_clock(at, "--at"))
        if day is not None:
            when = datetime.combine(_day(day), when.time())
        record = _store_break(when, "taken" if status == "taken" else "skipped", kind)
        out_console().print(f"Logged a {status} break ({kind}) at {record:%Y-%m-%d %H:%M}.")

    @sub.command("summary")
    def summary(
        day: DayOpt = None,
        every: EveryOpt = None,
        start: StartOpt = None,
        end: EndOpt = None,
        days: DaysOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Breaks taken and skipped on a day, against the number scheduled."""
        settings = break_settings(every, start, end, days)
        the_day = _day(day)
        result = summarize(the_day, settings, _stored_breaks(the_day))
        if as_json:
            print_json(result.to_dict())
            return
        console = out_console()
        console.print(
            f"{the_day:%A %Y-%m-%d}: {result.taken} taken, {result.skipped} skipped, "
            f"{result.unlogged} not logged, of {result.scheduled} scheduled "
            f"({result.active_minutes} active minutes)."
        )
        for kind, n in sorted(result.taken_kinds.items()):
            console.print(f"  {kind}: {n}")

    @sub.command("routines")
    def routines() -> None:
        """The break routines reminders suggest."""
        console = out_console()
        for r in load_routines():
            console.print(f"[bold]{r.name}[/] ({r.id}, {r.kind}, {r.minutes} min)")
            console.print(r.text(), highlight=False)

    @sub.command("export")
    def export(
        file: Annotated[Path, typer.Argument(help="The .ics file to write.")],
        every: EveryOpt = None,
        start: StartOpt = None,
        end: EndOpt = None,
        days: DaysOpt = None,
        from_day: Annotated[
            str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: today).")
        ] = None,
        until: Annotated[
            str | None, typer.Option("--until", help="Last day, YYYY-MM-DD (default: no end).")
        ] = None,
    ) -> None:
        """Write the break schedule as an iCalendar file: repeating events with alarms."""
        from hipcoach.training.ical import breaks_calendar, write_calendar

        settings = break_settings(every, start, end, days)
        first = _day(from_day)
        last = None
        if until is not None:
            try:
                last = date.fromisoformat(until)
            except ValueError:
                raise UsageError(
                    f"--until {until!r} is not a date", "write it as YYYY-MM-DD"
                ) from None
        text = breaks_calendar(settings, start=first, now=datetime.now(), until=last)
        write_calendar(file, text)
        n = len(settings.slots())
        out_console().print(f"Wrote {n} repeating break events ({settings.describe()}) to {file}")


def _store_break(when: datetime, status: Literal["taken", "skipped"], kind: str) -> datetime:
    # Storage is imported on use: the schedule and reminders work without a database.
    from hipcoach.store.records import BreakRecord
    from hipcoach.store.repo import open_store

    with open_store() as store:
        saved = store.add_break(BreakRecord(at=when, status=status, kind=kind, duration_s=300))
    return saved.at


def _stored_breaks(day: date) -> list[BreakEvent]:
    from hipcoach.store.repo import open_store

    with open_store() as store:
        return list(store.breaks_on(day))

"""``hipcoach log``: record sessions and read the training log back.

hipcoach log add hip-thrust --reps 12,11,10 --load 40 --rir 2 --form good
hipcoach log add step-up --left 10,10 --right 9,9 --load 8 --pain 1
hipcoach log history --exercise hip-thrust
hipcoach log show            (the latest session, target beside what was done)
hipcoach log records | adherence | trend EXERCISE | chart EXERCISE -o progress.png
hipcoach log export -o log.csv ; hipcoach log import strong.csv --map "Hip Thrust=hip-thrust"
hipcoach log info            (where the database is, schema version, row counts)
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import typer
from rich.table import Table

from hipcoach.cli.console import out_console, print_json
from hipcoach.errors import UsageError
from hipcoach.library import load_library
from hipcoach.store import LoggedSession, SetEntry, Store, open_store
from hipcoach.training import history
from hipcoach.training.exports import session_to_dict
from hipcoach.training.log import log_manual, parse_load, parse_reps

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
DateOpt = Annotated[
    str | None, typer.Option("--date", "-d", help="YYYY-MM-DD, 'today' or 'yesterday'.")
]


def parse_day(text: str | None, option: str = "--date") -> date | None:
    """``2026-03-02``, ``today``, ``yesterday`` -> a date; None stays None."""
    if text is None:
        return None
    key = text.strip().lower()
    if key == "today":
        return date.today()
    if key == "yesterday":
        return date.today() - timedelta(days=1)
    try:
        return date.fromisoformat(key)
    except ValueError:
        raise UsageError(
            f"{option} {text!r} is not a date", "write it as YYYY-MM-DD, e.g. 2026-03-02"
        ) from None


def _fmt(x: float | int | None, unit: str = "") -> str:
    if x is None:
        return "-"
    return f"{x:g}{unit}" if isinstance(x, float) else f"{x}{unit}"


def _target(e: SetEntry) -> str:
    if e.target_reps_max is None:
        return "-"
    reps = (
        f"{e.target_reps_min}-{e.target_reps_max}"
        if e.target_reps_min != e.target_reps_max
        else f"{e.target_reps_max}"
    )
    if e.target_load_kg:
        reps += f" @ {e.target_load_kg:g} kg"
    if e.target_hold_s:
        reps += f", {e.target_hold_s:g} s"
    return reps


def _form(e: SetEntry) -> str:
    parts = [e.form or ""]
    if e.form_score is not None:
        parts.append(f"{e.form_score:.0%} clean")
    if e.faults:
        parts.append(", ".join(e.faults))
    return " ".join(p for p in parts if p) or "-"


def session_table(session: LoggedSession) -> Table:
    title = f"Session {session.id} on {session.day.isoformat()} ({session.source})"
    if session.planned_ref:
        title += f", planned as {session.planned_ref}"
    table = Table(title=title)
    for col in ("exercise", "set", "side", "target", "reps", "load", "hold", "RIR", "pain", "form"):
        table.add_column(col)
    lib = load_library()
    for e in session.entries:
        name = (
            lib.exercises[e.exercise_id].name if e.exercise_id in lib.exercises else e.exercise_id
        )
        table.add_row(
            name,
            str(e.set_index),
            e.side,
            _target(e),
            _fmt(e.reps),
            _fmt(e.load_kg, " kg"),
            _fmt(e.hold_s, " s"),
            _fmt(e.rir),
            _fmt(e.pain),
            _form(e),
        )
    return table


def add(
    exercise: Annotated[str, typer.Argument(help="Exercise id, e.g. hip-thrust.")],
    reps: Annotated[
        str | None, typer.Option("--reps", "-r", help="Reps per set: 12,11,10 or one number.")
    ] = None,
    sets: Annotated[
        int | None, typer.Option("--sets", "-s", help="Sets (with one --reps).")
    ] = None,
    left: Annotated[str | None, typer.Option("--left", help="Reps per set, left side.")] = None,
    right: Annotated[str | None, typer.Option("--right", help="Reps per set, right side.")] = None,
    side: Annotated[
        str | None, typer.Option("--side", help="left or right: log one side only.")
    ] = None,
    load: Annotated[
        str | None, typer.Option("--load", "-w", help="Load: 40, 40kg, 90lb or bodyweight.")
    ] = None,
    hold: Annotated[float | None, typer.Option("--hold", help="Hold at the top, seconds.")] = None,
    rir: Annotated[int | None, typer.Option("--rir", help="Reps in reserve, 0-10.")] = None,
    pain: Annotated[int | None, typer.Option("--pain", help="Pain 0-10 (0 = none).")] = None,
    form: Annotated[str | None, typer.Option("--form", help="Your form: good or poor.")] = None,
    notes: Annotated[str | None, typer.Option("--notes", "-n", help="Free text.")] = None,
    day: DateOpt = None,
    new_session: Annotated[
        bool, typer.Option("--new-session", help="Start a new session even if one exists today.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Record sets done by hand, with the target (plan or library scheme) beside them."""
    by_side = {"left": parse_reps(left), "right": parse_reps(right)}
    if any(by_side.values()) and side is not None:
        raise UsageError("use either --side or --left/--right, not both")
    if form is not None:
        form = form.strip().lower()
    with open_store() as store:
        saved = log_manual(
            store,
            exercise,
            day=parse_day(day),
            new_session=new_session,
            reps=parse_reps(reps),
            sets=sets,
            side=side,
            reps_by_side=by_side if any(by_side.values()) else None,
            load_kg=parse_load(load),
            hold_s=hold,
            rir=rir,
            pain=pain,
            form=form,
            notes=notes,
        )
    if json_:
        print_json(session_to_dict(saved))
        return
    out_console().print(session_table(saved))


def _open() -> Store:
    return open_store()


def show(
    session_id: Annotated[
        int | None, typer.Argument(help="Session id (default: the latest).")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Show one session: each set's target beside what was done."""
    with _open() as store:
        if session_id is None:
            latest = store.sessions(limit=1)
            if not latest:
                raise UsageError("the log is empty", "record a session: hipcoach log add --help")
            session = latest[0]
        else:
            session = store.get_session(session_id)
    if json_:
        print_json(session_to_dict(session))
    else:
        out_console().print(session_table(session))


def history_cmd(
    exercise: Annotated[
        str | None, typer.Option("--exercise", "-e", help="Only this exercise.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="From this date (YYYY-MM-DD).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="The most recent N sessions.")] = 30,
    json_: JsonOpt = False,
) -> None:
    """List logged sessions, oldest first."""
    if exercise is not None:
        load_library().get(exercise)
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    with _open() as store:
        sessions = store.sessions(
            start=parse_day(since, "--since"), exercise_id=exercise, limit=limit
        )
    if json_:
        print_json([session_to_dict(s) for s in sessions])
        return
    console = out_console()
    if not sessions:
        console.print(
            "No sessions logged yet. Record one with: hipcoach log add EXERCISE --reps 10"
        )
        return
    table = Table(title="Training log")
    for col in ("id", "date", "source", "exercises", "sets", "max pain", "form"):
        table.add_column(col)
    for s in sessions:
        pains = [e.pain for e in s.entries if e.pain is not None]
        table.add_row(
            str(s.id),
            s.day.isoformat(),
            s.source,
            ", ".join(s.exercises()),
            str(len(s.entries)),
            str(max(pains)) if pains else "-",
            history.session_form(s.entries) or "-",
        )
    console.print(table)


def records(json_: JsonOpt = False) -> None:
    """Personal records per exercise: heaviest load, most reps, longest hold, largest ROM."""
    with _open() as store:
        prs = history.personal_records(store.sessions())
    if json_:
        print_json([p.to_dict() for p in prs])
        return
    if not prs:
        out_console().print("No records yet: log a session first.")
        return
    table = Table(title="Personal records")
    for col in ("exercise", "record", "best", "date"):
        table.add_column(col)
    for p in prs:
        table.add_row(p.exercise_id, p.kind, p.detail, p.day.isoformat())
    out_console().print(table)


def delete(
    session_id: Annotated[int, typer.Argument(help="The session id (see log history).")],
) -> None:
    """Delete one logged session and its sets."""
    with _open() as store:
        store.delete_session(session_id)
    out_console().print(f"Deleted session {session_id}.")


def info(json_: JsonOpt = False) -> None:
    """Where the log is stored (HIPCOACH_DATA_DIR / HIPCOACH_DATABASE_URL) and what it holds."""
    with _open() as store:
        facts = store.info()
    if json_:
        print_json(
            {
                "url": facts.url,
                "schema_version": facts.schema_version,
                "revision": facts.revision,
                "app_version": facts.app_version,
                "counts": facts.counts,
            }
        )
        return
    console = out_console()
    console.print(f"Database: {facts.url}", highlight=False)
    console.print(f"Schema version {facts.schema_version} (revision {facts.revision})")
    console.print(", ".join(f"{n} {table.replace('_', ' ')}" for table, n in facts.counts.items()))


def register(app: typer.Typer) -> None:
    from hipcoach.cli import log_io

    sub = typer.Typer(help="Record sessions and read the training log.", no_args_is_help=True)
    app.add_typer(sub, name="log")
    sub.command("add")(add)
    sub.command("show")(show)
    sub.command("history")(history_cmd)
    sub.command("records")(records)
    log_io.register(sub)
    sub.command("delete")(delete)
    sub.command("info")(info)

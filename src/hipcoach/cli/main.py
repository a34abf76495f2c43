"""The ``hipcoach`` command: a thin typer app over the layers below.

Each command module exposes ``register(app)``; errors derived from HipcoachError are printed as
a message plus a hint, with the error's exit code and no traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer

from hipcoach.cli.console import err_console
from hipcoach.errors import HipcoachError

# Command modules, in the order their commands appear in --help. Each registers the command
# of its own name, so a run of one command imports only its module: `hipcoach plan` then never
# loads scipy, mediapipe or SQLAlchemy, which keeps start-up short.
COMMAND_MODULES = (
    "demo",
    "analyze",
    "live",
    "exercises",
    "learn",
    "plan",
    "breaks",
    "log",
    "progress",
)


def _root() -> None:
    """Build strong hip extensors and keep your form right."""


def create_app(only: str | None = None) -> typer.Typer:
    """The typer app with every command, or only the one named ``only`` (a module name)."""
    app = typer.Typer(
        name="hipcoach",
        help="Build strong hip extensors and keep your form right.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    # A root callback keeps the app a command group even when only one command is loaded.
    app.callback()(_root)
    for name in COMMAND_MODULES if only is None else (only,):
        importlib.import_module(f"hipcoach.cli.{name}").register(app)
    return app


def _command_in(argv: list[str]) -> str | None:
    first = argv[0] if argv else None
    return first if first in COMMAND_MODULES else None


# Commands that run the pose model on a video file, on worker processes.
_POSE_COMMANDS = ("analyze", "demo")


def _start_pose_workers_early(command: str | None, argv: list[str]) -> None:
    """Start the pose workers' fork server before the command's imports (about 2 s for
    ``analyze``: scipy, the analysis, the reports), so its own start-up overlaps them on the
    other core instead of delaying the first worker (see :mod:`hipcoach.pose.pool`)."""
    skip = ("--help", "--landmarks")
    if command not in _POSE_COMMANDS or any(a.split("=")[0] in skip for a in argv):
        return
    from hipcoach.pose.pool import start_early

    start_early()


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` and return the exit code (tests call this directly)."""
    args = sys.argv[1:] if argv is None else argv
    command = _command_in(args)
    _start_pose_workers_early(command, args)
    app = create_app(command)
    try:
        # Standalone mode: typer prints usage errors and help itself and ends with SystemExit.
        app(args=args, prog_name="hipcoach")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except HipcoachError as exc:
        console = err_console()
        console.print(f"[bold red]Error:[/] {exc.message}", highlight=False)
        if exc.hint:
            console.print(f"[yellow]Hint:[/] {exc.hint}", highlight=False)
        return exc.exit_code
    except KeyboardInterrupt:
        err_console().print("Interrupted.")
        return 130
    return 0


def run() -> None:
    sys.exit(main())

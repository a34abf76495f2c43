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

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = ("demo", "analyze", "live", "exercises", "learn", "plan", "breaks", "log", "progress")


def create_app() -> typer.Typer:
    app = typer.Typer(
        name="hipcoach",
        help="Build strong hip extensors and keep your form right.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
    for name in COMMAND_MODULES:
        importlib.import_module(f"hipcoach.cli.{name}").register(app)
    return app


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` and return the exit code (tests call this directly)."""
    app = create_app()
    try:
        # Standalone mode: typer prints usage errors and help itself and ends with SystemExit.
        app(args=argv, prog_name="hipcoach")
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

"""Rich consoles, made when needed (never at import time) so tests can capture output."""

from __future__ import annotations

import json
import sys

from rich.console import Console


def out_console() -> Console:
    return Console(file=sys.stdout, soft_wrap=True)


def err_console() -> Console:
    return Console(file=sys.stderr, soft_wrap=True)


def print_json(data: object) -> None:
    """Plain JSON on stdout, for scripts (no colour codes, stable key order)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def count(n: int, word: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for one: messages never say "1 sessions".

    >>> count(1, "session"), count(3, "set"), count(0, "rep")
    ('1 session', '3 sets', '0 reps')
    """
    return f"{n} {word if n == 1 else plural or word + 's'}"

"""The hipcoach exception tree.

Every error a user can cause derives from :class:`HipcoachError`, carries a message that says
what is wrong and a ``hint`` that says what to do, and maps to a process exit code. The CLI
prints them without a traceback::

    HipcoachError                      exit 1
    ├── UsageError                     exit 2   (a wrong option or a contradictory filter)
    │   └── UnknownIdError             exit 2   (an exercise, muscle or equipment id that does not exist)
    ├── DataError                      exit 3   (a malformed data file: names the file and the field)
    ├── InputError                     exit 4   (a video or landmark file we cannot use)
    │   ├── NotAVideoError
    │   ├── CorruptVideoError
    │   ├── EmptyVideoError
    │   ├── NoPersonError
    │   ├── PersonTooSmallError
    │   └── WrongViewError
    ├── StorageError                   exit 5   (database problems)
    │   ├── CorruptDatabaseError
    │   └── NewerDatabaseError
    └── PlanError                      exit 6   (a plan that cannot be made from the inputs)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class HipcoachError(Exception):
    """Base of every error hipcoach reports to a person."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\nHint: {self.hint}"


class UsageError(HipcoachError):
    """A wrong option, value or combination of options."""

    exit_code = 2


class UnknownIdError(UsageError):
    """An id that is not in the library; suggests the nearest known ids."""

    def __init__(self, kind: str, value: str, known: Iterable[str]) -> None:
        known = sorted(known)
        close = difflib.get_close_matches(value, known, n=3, cutoff=0.5)
        hint = (
            f"did you mean {', '.join(close)}?"
            if close
            else f"known {kind} ids: {', '.join(known)}"
        )
        super().__init__(f"unknown {kind} id {value!r}", hint)
        self.kind = kind
        self.value = value


class DataError(HipcoachError):
    """A data file that does not match its schema."""

    exit_code = 3


class InputError(HipcoachError):
    """An input (video, landmark file) that cannot be analysed."""

    exit_code = 4


class NotAVideoError(InputError):
    pass


class CorruptVideoError(InputError):
    pass


class EmptyVideoError(InputError):
    pass


class NoPersonError(InputError):
    pass


class PersonTooSmallError(InputError):
    pass


class WrongViewError(InputError):
    pass


class StorageError(HipcoachError):
    exit_code = 5


class CorruptDatabaseError(StorageError):
    pass


class NewerDatabaseError(StorageError):
    pass


class PlanError(HipcoachError):
    exit_code = 6


__all__ = [
    "CorruptDatabaseError",
    "CorruptVideoError",
    "DataError",
    "EmptyVideoError",
    "HipcoachError",
    "InputError",
    "NewerDatabaseError",
    "NoPersonError",
    "NotAVideoError",
    "PersonTooSmallError",
    "PlanError",
    "StorageError",
    "UnknownIdError",
    "UsageError",
    "WrongViewError",
]

"""Reading TOML data files and turning schema errors into DataErrors that name file and field.

>>> from pathlib import Path
>>> from hipcoach.library.muscles import MuscleTable
>>> table = read_model(Path("muscles.toml"), MuscleTable)  # doctest: +SKIP
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hipcoach.errors import DataError

M = TypeVar("M", bound=BaseModel)


def read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file; a syntax error or unreadable file becomes a DataError."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"{path}: not valid TOML ({exc})", "fix the syntax at that line") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(
            f"{path}: cannot be read ({exc})", "check the file exists and is UTF-8"
        ) from exc


def format_validation(path: Path, what: str, err: ValidationError) -> str:
    """One line per schema problem: ``field steps.2: Input should be a valid string``."""
    lines = []
    for e in err.errors():
        field = ".".join(str(p) for p in e["loc"]) or "(file)"
        lines.append(f"  field {field}: {e['msg']}")
    return f"{path}: malformed {what} file\n" + "\n".join(lines)


def read_model(path: Path, model: type[M], what: str | None = None) -> M:
    """Read ``path`` and validate it as ``model``; errors name the file and each bad field."""
    raw = read_toml(path)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise DataError(
            format_validation(path, what or model.__name__, exc),
            "compare the file with a working one in the bundled library",
        ) from exc

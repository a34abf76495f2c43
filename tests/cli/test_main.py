"""The command dispatcher: one command loads only its own module; help lists them all."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hipcoach.cli.main import COMMAND_MODULES


def test_help_lists_every_command(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["--help"])
    assert code == 0
    for name in COMMAND_MODULES:
        assert name in out


@pytest.mark.parametrize("command", ["plan", "exercises", "learn"])
def test_a_light_command_does_not_load_the_analysis_stack(command: str) -> None:
    probe = (
        "import sys; from hipcoach.cli.main import main; "
        f"code = main([{command!r}, '--help']); "
        "heavy = [m for m in ('scipy', 'mediapipe', 'sqlalchemy') if m in sys.modules]; "
        "print(code, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 []"


def test_unknown_command_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(["squat"])
    assert code == 2
    assert "No such command" in err

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


_EARLY_PROBE = """
import sys
from multiprocessing import forkserver
from hipcoach.cli import main as cli_main
started = []
def create_app(command):
    # What the command found when it began loading its module: a fork server already up?
    started.append(forkserver._forkserver._forkserver_pid is not None)
    raise SystemExit(0)
cli_main.create_app = create_app
try:
    cli_main.main(sys.argv[1:])
except SystemExit:
    pass
heavy = [m for m in ("numpy", "av", "scipy") if m in sys.modules]
print(started[0], heavy)
"""


@pytest.mark.parametrize(
    ("argv", "early"),
    [
        (["analyze", "clip.mp4"], True),
        (["demo"], True),
        (["analyze", "--landmarks", "x.npz"], False),
        (["analyze", "--landmarks=x.npz"], False),
        (["analyze", "--help"], False),
        (["plan"], False),
    ],
)
def test_pose_commands_start_the_workers_fork_server_before_their_imports(
    argv: list[str], early: bool
) -> None:
    # The fork server's start-up (about 0.5 s) then overlaps the command's own imports; the
    # parent itself imports nothing heavy for it (hipcoach.pose.pool is standard library only).
    out = subprocess.run(
        [sys.executable, "-c", _EARLY_PROBE, *argv], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == f"{early} []"

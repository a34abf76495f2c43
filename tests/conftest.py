from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach.cli.main import main


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Never touch the user's real data directory from a test."""
    d = tmp_path_factory.mktemp("hipcoach-data")
    monkeypatch.setenv("HIPCOACH_DATA_DIR", str(d))
    monkeypatch.delenv("HIPCOACH_DATABASE_URL", raising=False)
    return d


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the CLI in-process: cli(["exercises", "list"]) -> (exit_code, stdout, stderr)."""

    def run(args: list[str]) -> tuple[int, str, str]:
        code = main(args)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run

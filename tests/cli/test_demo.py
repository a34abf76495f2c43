"""``hipcoach demo`` without its clip (a source tree where it was never rendered): it says so
and shows the programme. The run on the real clip is in tests/test_end_to_end_demo.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach.app.demo import demo_clip


def test_demo_clip_is_looked_up_inside_the_package() -> None:
    path = demo_clip()
    assert path.parts[-4:] == ("hipcoach", "data", "demo", "glute-bridge.mp4")


def test_missing_clip_falls_back_to_the_programme(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("hipcoach.cli.demo.demo_clip", lambda: tmp_path / "gone.mp4")
    code, stdout, err = cli(["demo", "-o", str(tmp_path / "r")])
    assert code == 0
    assert "demo clip is not in this install" in err
    assert "glute-bridge" in stdout and "hip-thrust" in stdout
    assert not (tmp_path / "r").exists()

"""``hipcoach exercises list/show``: filters, JSON shape and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hipcoach.library.registry import _data_root

ARTICLE_IDS = {
    "glute-bridge",
    "hip-thrust",
    "quadruped-kickback",
    "step-up",
    "standing-kickback",
    "upright-hip-thrust",
    "ball-bridge-curl",
    "prone-ball-hip-extension",
}


def _ids(cli, args: list[str]) -> set[str]:  # type: ignore[no-untyped-def]
    code, out, err = cli(["exercises", "list", *args, "--json"])
    assert code == 0, err
    return {e["id"] for e in json.loads(out)}


def test_list_json_shape(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["exercises", "list", "--json"])
    assert code == 0
    data = json.loads(out)
    assert {e["id"] for e in data} >= ARTICLE_IDS
    patterns = {e["pattern"] for e in data}
    assert patterns == {
        "hip_extension",
        "hip_abduction",
        "hip_adduction",
        "hip_rotation",
        "hip_flexor_stretch",
        "warm_up",
    }
    for e in data:
        for key in ("id", "name", "pattern", "level", "equipment", "laterality"):
            assert key in e
        assert isinstance(e["primary_muscles"], list) and e["primary_muscles"]
        assert isinstance(e["secondary_muscles"], list)
        assert all(set(item) == {"item", "optional"} for item in e["equipment"])
        s = e["scheme"]
        assert len(s["sets"]) == 2 and len(s["reps"]) == 2 and "hold_s" in s
    bridge = next(e for e in data if e["id"] == "glute-bridge")
    assert bridge["scheme"]["sets"] == [2, 3]
    assert bridge["scheme"]["reps"] == [8, 12]
    assert bridge["scheme"]["hold_s"] == 2
    step = next(e for e in data if e["id"] == "step-up")
    assert step["scheme"]["reps"] == [15, 20] and step["scheme"]["per_side"] is True


def test_equipment_none(cli) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(cli, ["--equipment", "none"])
    assert {"glute-bridge", "standing-kickback"} <= ids
    assert "hip-thrust" not in ids
    assert ids & ARTICLE_IDS == {"glute-bridge", "standing-kickback"}


@pytest.mark.parametrize(
    "args", [["-e", "bench", "-e", "barbell"], ["--equipment", "bench,barbell"]]
)
def test_equipment_repeat_or_comma(cli, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    ids = _ids(cli, args)
    assert "hip-thrust" in ids
    assert "glute-bridge" in ids  # needs nothing, so always there
    assert "step-up" not in ids  # needs a box


def test_filters_combine(cli) -> None:  # type: ignore[no-untyped-def]
    assert _ids(cli, ["--pattern", "hip_extension", "--level", "advanced"]) == {"ball-bridge-curl"}
    beginner = _ids(cli, ["--pattern", "hip-extension", "--max-level", "beginner"])
    assert "glute-bridge" in beginner and "hip-thrust" not in beginner
    flexor = _ids(cli, ["--muscle", "psoas_major", "--pattern", "hip_flexor_stretch"])
    assert len(flexor) >= 2
    abd = _ids(cli, ["--pattern", "hip_abduction"])
    assert len(abd) >= 2


def test_no_match_is_not_an_error(cli) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = cli(["exercises", "list", "--pattern", "warm_up", "--level", "advanced"])
    assert code == 0
    assert "No exercise matches" in err
    assert _ids(cli, ["--pattern", "warm_up", "--level", "advanced"]) == set()


def test_list_pretty(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["exercises", "list", "--equipment", "none"])
    assert code == 0
    assert "glute-bridge" in out and "standing-kickback" in out
    assert "hip-thrust" not in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--level", "expert"], "unknown level id 'expert'"),
        (["--equipment", "rope"], "unknown equipment id 'rope'"),
        (["--pattern", "x"], "unknown pattern id 'x'"),
        (["--muscle", "biceps"], "unknown muscle id 'biceps'"),
        (["--equipment", "none", "--equipment", "dumbbell"], "contradicts"),
        (["--equipment", "none,bench"], "contradicts"),
    ],
)
def test_bad_filters(cli, args: list[str], needle: str) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli(["exercises", "list", *args])
    assert code == 2
    assert needle in err
    assert "Traceback" not in err + out
    assert "Hint:" in err


def test_show_pretty(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["exercises", "show", "glute-bridge"])
    assert code == 0
    for needle in ("Glute bridge", "Steps", "Cues", "2-3 x 8-12, 2 s hold", "12-16 in", "tier C"):
        assert needle in out
    assert "hip-thrust" in out  # the progression
    assert "short-rep" in out  # what the coach checks


def test_show_json_is_the_full_model(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["exercises", "show", "hip-thrust", "--json"])
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "hip-thrust"
    assert data["coach"]["view"] == "side"
    assert {f["id"] for f in data["coach"]["faults"]} >= {"shins-not-vertical", "knees-not-90"}
    assert data["steps"] and data["cues"] and data["targets"]


def test_show_unknown_id_suggests(cli) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = cli(["exercises", "show", "glute-brige"])
    assert code == 2
    assert "unknown exercise id 'glute-brige'" in err
    assert "did you mean glute-bridge" in err
    assert "Traceback" not in err


def test_malformed_custom_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    bridge = (_data_root() / "exercises" / "glute-bridge.toml").read_text(encoding="utf-8")
    bad = bridge.replace('id = "glute-bridge"', 'id = "my-bridge"').replace(
        'item = "dumbbell"', 'item = "kettlebell"'
    )
    (tmp_path / "my-bridge.toml").write_text(bad, encoding="utf-8")
    monkeypatch.setenv("HIPCOACH_LIBRARY_DIR", str(tmp_path))
    code, _out, err = cli(["exercises", "list"])
    assert code == 3
    assert "my-bridge.toml" in err
    assert "field equipment.1.item" in err
    assert "Traceback" not in err


def test_custom_exercise_is_listed(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    bridge = (_data_root() / "exercises" / "glute-bridge.toml").read_text(encoding="utf-8")
    mine = bridge.replace('id = "glute-bridge"', 'id = "my-bridge"').replace(
        'progressions = ["hip-thrust", "ball-bridge-curl", "step-up", "upright-hip-thrust"]',
        "progressions = []",
    )
    (tmp_path / "my-bridge.toml").write_text(mine, encoding="utf-8")
    monkeypatch.setenv("HIPCOACH_LIBRARY_DIR", str(tmp_path))
    assert "my-bridge" in _ids(cli, ["--equipment", "none"])
    code, out, _ = cli(["exercises", "show", "my-bridge"])
    assert code == 0 and "my-bridge" in out

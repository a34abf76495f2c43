"""Loading exercise files: malformed data, custom folders, relations read both ways."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hipcoach.config import Settings
from hipcoach.errors import DataError, UnknownIdError
from hipcoach.library import Library, bundled_library, load_exercise, load_library
from hipcoach.library.registry import _data_root

BRIDGE = _data_root() / "exercises" / "glute-bridge.toml"


def _custom(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "custom"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def _copy_bridge_as(new_id: str, extra: str = "") -> str:
    text = BRIDGE.read_text(encoding="utf-8").replace('id = "glute-bridge"', f'id = "{new_id}"')
    # A custom file cannot edit bundled files, so it keeps no bundled progressions.
    text = text.replace(
        'progressions = ["hip-thrust", "ball-bridge-curl", "step-up", "upright-hip-thrust"]',
        "progressions = []",
    )
    return text.replace("regressions = []", f"regressions = [{extra}]")


def test_get_unknown_id_suggests_the_nearest() -> None:
    with pytest.raises(UnknownIdError) as err:
        bundled_library().get("hip-trust")
    assert "hip-thrust" in (err.value.hint or "")


def test_wrong_type_names_file_and_field(tmp_path: Path) -> None:
    text = BRIDGE.read_text(encoding="utf-8").replace('level = "beginner"', 'level = "expert"')
    path = tmp_path / "glute-bridge.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_exercise(path)
    assert str(path) in err.value.message
    assert "field level" in err.value.message


def test_missing_field_and_bad_nested_field(tmp_path: Path) -> None:
    text = BRIDGE.read_text(encoding="utf-8")
    text = text.replace('summary = "Lying', 'x_summary = "Lying').replace(
        "reps = [8, 12]", "reps = [12, 8]"
    )
    path = tmp_path / "glute-bridge.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_exercise(path)
    msg = err.value.message
    assert "field summary" in msg
    assert "field x_summary" in msg  # unknown keys are typos, not ignored
    assert "field scheme.reps" in msg


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('id = "broken\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"broken\.toml: not valid TOML"):
        load_exercise(path)


def test_id_must_match_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other-name.toml"
    shutil.copy(BRIDGE, path)
    with pytest.raises(DataError, match="does not match the file name"):
        load_exercise(path)


def test_unknown_reference_is_a_data_error() -> None:
    bridge = bundled_library().get("glute-bridge")
    broken = bridge.model_copy(update={"progressions": ["no-such-thing"]})
    with pytest.raises(DataError, match="unknown exercise id 'no-such-thing'"):
        Library({"glute-bridge": broken})


def test_custom_folder_is_merged(tmp_path: Path) -> None:
    folder = _custom(tmp_path, "my-bridge", _copy_bridge_as("my-bridge", '"glute-bridge"'))
    lib = load_library(Settings(library_dir=folder))
    assert "my-bridge" in lib and "hip-thrust" in lib
    assert len(lib) == len(bundled_library()) + 1
    # The bundled bridge does not list it, but the relation is read in both directions.
    assert "my-bridge" in lib.progressions_of("glute-bridge")
    assert lib.regressions_of("my-bridge") == ["glute-bridge"]


def test_custom_id_clash_names_both_files(tmp_path: Path) -> None:
    folder = _custom(tmp_path, "glute-bridge", BRIDGE.read_text(encoding="utf-8"))
    with pytest.raises(DataError) as err:
        load_library(Settings(library_dir=folder))
    assert str(BRIDGE) in err.value.message
    assert str(folder / "glute-bridge.toml") in err.value.message


def test_custom_bad_reference_names_the_file(tmp_path: Path) -> None:
    folder = _custom(tmp_path, "my-bridge", _copy_bridge_as("my-bridge", '"nope"'))
    with pytest.raises(DataError) as err:
        load_library(Settings(library_dir=folder))
    assert "my-bridge.toml" in err.value.message and "regressions" in err.value.message


def test_missing_custom_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="not found"):
        load_library(Settings(library_dir=tmp_path / "nowhere"))


def test_environment_variable_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _custom(tmp_path, "my-bridge", _copy_bridge_as("my-bridge"))
    monkeypatch.setenv("HIPCOACH_LIBRARY_DIR", str(folder))
    assert "my-bridge" in load_library()
    monkeypatch.delenv("HIPCOACH_LIBRARY_DIR")
    assert "my-bridge" not in load_library()


def test_summary_shape() -> None:
    s = bundled_library().get("glute-bridge").to_summary()
    assert {"id", "name", "pattern", "level", "equipment", "laterality"} <= set(s)
    assert s["scheme"] == {
        "sets": [2, 3],
        "reps": [8, 12],
        "hold_s": 2,
        "per_side": False,
        "rest_s": 60,
    }

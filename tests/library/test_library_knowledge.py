"""Muscles, concepts and the parsing of filter values."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach.errors import DataError, UnknownIdError, UsageError
from hipcoach.library import (
    Equipment,
    Level,
    Muscle,
    MuscleGroup,
    bundled_library,
    load_concepts,
    load_muscles,
    parse_enum,
    parse_equipment,
)
from hipcoach.library.concepts import load_concepts_from
from hipcoach.library.muscles import load_muscles_from


def test_every_muscle_has_an_entry() -> None:
    table = load_muscles()
    assert set(table) == set(Muscle)
    for info in table.values():
        assert info.name and info.action.endswith(".")


def test_article_extensors_and_flexors() -> None:
    table = load_muscles()
    extensors = {m for m, i in table.items() if i.hip_extensor}
    assert extensors == {
        Muscle.GLUTEUS_MAXIMUS,
        Muscle.GLUTEUS_MEDIUS,
        Muscle.BICEPS_FEMORIS_LONG_HEAD,
        Muscle.SEMITENDINOSUS,
        Muscle.SEMIMEMBRANOSUS,
        Muscle.ADDUCTOR_MAGNUS_POSTERIOR,
    }
    flexors = {m for m, i in table.items() if i.group is MuscleGroup.HIP_FLEXORS}
    assert flexors == {Muscle.ILIACUS, Muscle.PSOAS_MAJOR, Muscle.RECTUS_FEMORIS}
    assert table[Muscle.ERECTOR_SPINAE].group is MuscleGroup.STABILISERS


def test_muscle_table_missing_entry(tmp_path: Path) -> None:
    path = tmp_path / "muscles.toml"
    path.write_text(
        '[[muscles]]\nid = "gluteus_maximus"\nname = "G"\ngroup = "glutes"\naction = "x."\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="no entry for gluteus_medius"):
        load_muscles_from(path)


def test_concepts_cover_the_topics() -> None:
    concepts = load_concepts()
    for topic in (
        "hip-extension",
        "extensor-muscles",
        "anterior-pelvic-tilt",
        "sitting",
        "form-before-load",
        "sitting-breaks",
    ):
        assert concepts.get(topic).body
    breaks = concepts.get("sitting-breaks")
    assert any("30-60" in n for n in breaks.key_numbers)
    assert any("5 minutes" in n for n in breaks.key_numbers)


def test_concept_references_resolve() -> None:
    lib = bundled_library()
    for c in load_concepts().concepts:
        for ex_id in c.exercises:
            assert ex_id in lib, (c.id, ex_id)


def test_unknown_concept() -> None:
    with pytest.raises(UnknownIdError, match="unknown topic id"):
        load_concepts().get("pelvic-tilt")


def test_malformed_concepts_file(tmp_path: Path) -> None:
    path = tmp_path / "concepts.toml"
    path.write_text('[[concepts]]\nid = "Bad Id"\ntitle = "t"\nsummary = "s"\n', encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_concepts_from(path)
    assert "field concepts.0.id" in err.value.message
    assert "field concepts.0.body" in err.value.message


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        (["none"], set()),
        (["dumbbell"], {Equipment.DUMBBELL}),
        (
            ["dumbbell,mini-band", "bench"],
            {Equipment.DUMBBELL, Equipment.MINI_BAND, Equipment.BENCH},
        ),
        (["Stability Ball"], {Equipment.STABILITY_BALL}),
        (["counter"], {Equipment.WALL}),
    ],
)
def test_parse_equipment(values: list[str], expected: set[Equipment] | None) -> None:
    assert parse_equipment(values) == expected


def test_parse_equipment_errors() -> None:
    with pytest.raises(UsageError, match="contradicts"):
        parse_equipment(["none,dumbbell"])
    with pytest.raises(UnknownIdError) as err:
        parse_equipment(["rope"])
    assert "none" in (err.value.hint or "")


def test_parse_enum() -> None:
    assert parse_enum(Level, " ADVANCED ", "level") is Level.ADVANCED
    assert parse_enum(Muscle, "gluteus-maximus", "muscle") is Muscle.GLUTEUS_MAXIMUS
    with pytest.raises(UnknownIdError, match="unknown level id 'expert'"):
        parse_enum(Level, "expert", "level")

"""analysis.json, angles.csv and angles.mot from one hand-made analysis."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np

from hipcoach.analysis.results import SessionAnalysis
from hipcoach.report.exports import (
    CSV_COLUMNS,
    MOT_COLUMNS,
    read_mot,
    write_csv,
    write_json,
    write_mot,
)
from hipcoach.report.table import PHASES, frame_table


def test_frame_table_marks_reps_and_phases(analysis: SessionAnalysis) -> None:
    table = frame_table(analysis)
    assert table.n == analysis.signals.t.size
    at = {round(float(x), 3): i for i, x in enumerate(table.t)}
    i = at[round(5.0 + 1.5, 3)]  # rep 2 of set 1, 0.5 s into its 2 s hold
    assert (table.set_index[i], table.rep_index[i], PHASES[table.phase[i]]) == (0, 1, "top")
    assert PHASES[table.phase[at[5.5]]] == "rising"
    assert PHASES[table.phase[at[round(5.0 + 3.5, 3)]]] == "lowering"
    rest = at[16.0]  # between the sets
    assert (table.set_index[rest], table.rep_index[rest], PHASES[table.phase[rest]]) == (
        -1,
        -1,
        "rest",
    )
    # Knee angles need the kinematics: without them they are missing, never zero.
    assert np.isnan(table.angles["knee_extension_l"]).all()


def test_csv_has_the_columns_and_keeps_gaps_empty(analysis: SessionAnalysis) -> None:
    buf = io.StringIO()
    write_csv(frame_table(analysis), buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert len(rows) == analysis.signals.t.size
    lost = [r for r in rows if 20.0 < float(r["t"]) < 20.5]
    assert lost and all(r["hip_extension_l"] == "" for r in lost)
    in_rep = [r for r in rows if r["set"] == "2" and r["rep"] == "1"]
    assert in_rep and {r["phase"] for r in in_rep} == {"rising", "top", "lowering"}
    assert float(rows[30]["hip_extension_r"]) == float(rows[30]["hip_extension_l"]) + 1.0


def test_mot_header_is_valid_opensim(analysis: SessionAnalysis, tmp_path: Path) -> None:
    path = tmp_path / "angles.mot"
    table = frame_table(analysis)
    with path.open("w") as fh:
        write_mot(table, fh, name="bridge")
    lines = path.read_text().splitlines()
    assert lines[:6] == [
        "bridge",
        "version=1",
        f"nRows={table.n}",
        f"nColumns={len(MOT_COLUMNS)}",
        "inDegrees=yes",
        "endheader",
    ]
    header, columns, data = read_mot(path)
    assert header["inDegrees"] == "yes" and header["name"] == "bridge"
    assert columns == list(MOT_COLUMNS) and columns[0] == "time"
    assert data.shape == (table.n, len(MOT_COLUMNS))
    assert np.isfinite(data).all()  # OpenSim cannot read NaN
    np.testing.assert_allclose(data[:, 0], table.t, atol=1e-4)
    ok = np.isfinite(table.angles["hip_extension_l"])
    np.testing.assert_allclose(data[ok, 1], table.angles["hip_extension_l"][ok], atol=1e-3)


def test_json_is_the_versioned_schema_without_nan(
    analysis: SessionAnalysis, tmp_path: Path
) -> None:
    doc = analysis.to_dict()
    doc["extra"] = float("nan")
    path = write_json(doc, tmp_path / "analysis.json")
    text = path.read_text()
    assert "NaN" not in text
    back = json.loads(text)
    assert back["schema_version"] == 1 and back["extra"] is None
    assert back["exercise"]["id"] == "glute-bridge"
    assert back["rep_count"] == 5
    assert [s["side"] for s in back["sets"]] == ["both", "both"]
    assert [len(s["reps"]) for s in back["sets"]] == [3, 2]
    assert back["sets"][0]["reps"][1]["faults"][0]["id"] == "short-rep"

"""Machine-readable exports of one analysis: ``analysis.json``, ``angles.csv`` and an OpenSim ``.mot``.

The JSON is :meth:`SessionAnalysis.to_dict` plus a ``report`` block (input, tool version); the
CSV and ``.mot`` come from the same :class:`~hipcoach.report.table.FrameTable`, so the three
never disagree.

>>> import io
>>> from hipcoach.analysis.results import SessionAnalysis
>>> from hipcoach.report.table import frame_table
>>> buf = io.StringIO()
>>> write_csv(frame_table(SessionAnalysis.empty("glute-bridge")), buf)
>>> buf.getvalue().splitlines()[0].split(",")[:3]
['t', 'hip_extension_l', 'hip_extension_r']
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import IO, Any

import numpy as np

from hipcoach.report.table import ANGLE_COLUMNS, FrameTable

CSV_COLUMNS: tuple[str, ...] = (
    "t",
    *(name for name, _ in ANGLE_COLUMNS),
    "active",
    "set",
    "rep",
    "phase",
)

# OpenSim motion files hold numbers only; the phase and rep columns stay in the CSV.
MOT_COLUMNS: tuple[str, ...] = ("time", *(name for name, _ in ANGLE_COLUMNS))


def _num(x: float, nd: int = 3) -> str:
    return "" if not math.isfinite(x) else f"{x:.{nd}f}"


def write_json(data: dict[str, Any], path: Path) -> Path:
    """Write a JSON document (UTF-8, indented, NaN written as null)."""
    path.write_text(json.dumps(_finite(data), indent=2, ensure_ascii=False) + "\n", "utf-8")
    return path


def _finite(obj: Any) -> Any:
    """Replace NaN and infinities by None: JSON has no NaN, and scripts choke on it."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_finite(v) for v in obj]
    return obj


def write_csv(table: FrameTable, out: IO[str]) -> None:
    """One row per frame, columns :data:`CSV_COLUMNS`; missing angles are empty cells."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    names = [name for name, _ in ANGLE_COLUMNS]
    phases = table.phase_names()
    for i in range(table.n):
        w.writerow(
            [
                _num(float(table.t[i]), 4),
                *(_num(float(table.angles[k][i]), 2) for k in names),
                int(table.active[i]),
                int(table.set_index[i]) + 1 if table.set_index[i] >= 0 else "",
                int(table.rep_index[i]) + 1 if table.rep_index[i] >= 0 else "",
                phases[i],
            ]
        )


def write_mot(table: FrameTable, out: IO[str], *, name: str = "hipcoach") -> None:
    """An OpenSim motion (``.mot``) file of the angles, in degrees.

    OpenSim cannot read NaN: a missing angle is written as the last measured value of that
    column (0 before the first one), which is what OpenSim's own tools do with gaps, and the
    CSV keeps the honest empty cells.

    >>> import io
    >>> from hipcoach.analysis.results import SessionAnalysis
    >>> from hipcoach.report.table import frame_table
    >>> buf = io.StringIO()
    >>> write_mot(frame_table(SessionAnalysis.empty("glute-bridge")), buf, name="demo")
    >>> buf.getvalue().splitlines()[:6]
    ['demo', 'version=1', 'nRows=0', 'nColumns=6', 'inDegrees=yes', 'endheader']
    """
    names = [name for name, _ in ANGLE_COLUMNS]
    out.write(f"{name}\nversion=1\nnRows={table.n}\nnColumns={len(MOT_COLUMNS)}\n")
    out.write("inDegrees=yes\nendheader\n")
    out.write("\t".join(MOT_COLUMNS) + "\n")
    cols = []
    for k in names:
        v = np.asarray(table.angles[k], dtype=np.float64).copy()
        last = 0.0
        for i in range(v.shape[0]):
            if math.isfinite(v[i]):
                last = float(v[i])
            else:
                v[i] = last
        cols.append(v)
    for i in range(table.n):
        row = [f"{table.t[i]:.4f}", *(f"{c[i]:.3f}" for c in cols)]
        out.write("\t".join(row) + "\n")


def read_mot(path: Path) -> tuple[dict[str, str], list[str], np.ndarray]:
    """Parse a ``.mot`` file back: (header fields, column names, data (rows, columns)).

    Used by the tests and handy for scripts; checks the header counts against the data.
    """
    lines = path.read_text("utf-8").splitlines()
    end = lines.index("endheader")
    header = {"name": lines[0]}
    for line in lines[1:end]:
        key, _, value = line.partition("=")
        header[key.strip()] = value.strip()
    columns = lines[end + 1].split("\t")
    rows = [[float(x) for x in line.split("\t")] for line in lines[end + 2 :] if line.strip()]
    data = np.array(rows, dtype=np.float64).reshape(len(rows), len(columns))
    if int(header.get("nRows", -1)) != data.shape[0] or int(header.get("nColumns", -1)) != len(
        columns
    ):
        raise ValueError(f"{path}: header counts do not match the data")
    return header, columns, data

"""Scene objects from a motion's ``props``: bench, step box, exercise ball, bar, wall.

The kinematic scripts describe props in the motion frame (x forward, y left, z up, floor at
z = 0); here they become simple trimesh meshes. Static ones are built once, moving ones (a ball
rolling under the feet, a bar riding on the hips) get a pose per frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


@dataclass
class PropMeshes:
    """Static meshes with colours, and moving meshes with a (T, 4, 4) pose each."""

    static: list[tuple[Any, tuple[float, float, float]]]
    moving: list[tuple[Any, tuple[float, float, float], FloatArray]]


def box_mesh(lo: list[float], hi: list[float]) -> Any:
    """An axis-aligned box mesh between two corners (metres)."""
    import trimesh

    lo_a, hi_a = np.asarray(lo, float), np.asarray(hi, float)
    box = trimesh.creation.box(extents=hi_a - lo_a)
    box.apply_translation((lo_a + hi_a) / 2)
    return box


def _translations(centre: FloatArray) -> FloatArray:
    poses = np.tile(np.eye(4), (len(centre), 1, 1))
    poses[:, :3, 3] = centre
    return poses


def build_props(
    props: dict[str, dict[str, object]], n: int, colour: tuple[float, float, float]
) -> PropMeshes:
    """Meshes for every prop the renderer knows; unknown ones are skipped (floor: the stage's).

    >>> m = build_props({"bench": {"height": 0.4, "x_min": -0.5, "x_max": 0.0}}, 10, (0.3, 0.3, 0.3))
    >>> len(m.static), len(m.moving)
    (1, 0)
    """
    import trimesh

    out = PropMeshes([], [])
    metal = (0.55, 0.56, 0.58)
    for name, p in props.items():
        if name in ("bench", "box", "step", "step_box") and "height" in p:
            h = float(p["height"])  # type: ignore[arg-type]
            x0 = float(p.get("x_min", -0.25))  # type: ignore[arg-type]
            x1 = float(p.get("x_max", 0.25))  # type: ignore[arg-type]
            half = float(p.get("half_width", 0.3 if name == "bench" else 0.35))  # type: ignore[arg-type]
            out.static.append((box_mesh([x0, -half, 0.0], [x1, half, h]), colour))
        elif name == "ball":
            r = float(p["radius"])  # type: ignore[arg-type]
            centre = np.broadcast_to(np.asarray(p["center"], float), (n, 3))
            sphere = trimesh.creation.icosphere(subdivisions=3, radius=r)
            out.moving.append((sphere, (0.25, 0.45, 0.8), _translations(centre)))
        elif name == "bar":
            r = float(p.get("radius", 0.025))  # type: ignore[arg-type]
            # A short bar: a 2.2 m one reaches halfway to a side camera and fills the picture.
            length = min(float(p.get("length", 1.2)), 1.2)  # type: ignore[arg-type]
            centre = np.broadcast_to(np.asarray(p["center"], float), (n, 3))
            # A bare bar across the body: weight plates would hide the near hip from a side camera.
            bar = trimesh.creation.cylinder(radius=r, height=length, sections=16)
            bar.apply_transform(trimesh.transformations.rotation_matrix(np.pi / 2, [1, 0, 0]))
            out.moving.append((bar, metal, _translations(centre)))
        elif name == "wall" and "x" in p:
            x = float(p["x"])  # type: ignore[arg-type]
            out.static.append((box_mesh([x, -0.6, 0.0], [x + 0.08, 0.6, 2.2]), (0.85, 0.85, 0.82)))
    return out

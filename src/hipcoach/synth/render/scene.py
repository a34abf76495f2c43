"""The rendered scene: floor, back wall, lights, props, the clothed body and the camera.

pyrender draws with OpenGL through EGL (Mesa's software renderer on a machine without a GPU), so
``PYOPENGL_PLATFORM=egl`` must be set before pyrender is imported; :func:`make_renderer` does it.
Clothes are vertex colours chosen by the bone that dominates each vertex's skinning weights.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hipcoach.synth.kinematic.camera import PlacedCamera
from hipcoach.synth.render.props import box_mesh as _box

FloatArray = NDArray[np.float64]

# Garment of each bone, by name prefix; the first match wins, anything else is skin.
_GARMENT_OF_BONE: tuple[tuple[str, str], ...] = (
    ("spine", "shirt"),
    ("clavicle", "shirt"),
    ("shoulder01", "shirt"),
    ("upperarm01", "shirt"),
    ("root", "shorts"),
    ("pelvis", "shorts"),
    ("upperleg", "shorts"),
    ("foot", "shoes"),
    ("toe", "shoes"),
)


@dataclass(frozen=True)
class Look:
    """Colours (RGB 0-1) and light of one clip."""

    shirt: tuple[float, float, float]
    shorts: tuple[float, float, float]
    shoes: tuple[float, float, float]
    skin: tuple[float, float, float]
    hair: tuple[float, float, float]
    floor: tuple[float, float, float]
    wall: tuple[float, float, float]
    prop: tuple[float, float, float]
    light: float  # key light intensity

    @classmethod
    def random(cls, rng: np.random.Generator) -> Look:
        """A plausible random look; clothes stay clearly apart from floor and wall."""

        def hsv(h: float, s: float, v: float) -> tuple[float, float, float]:
            import colorsys

            r, g, b = colorsys.hsv_to_rgb(h % 1.0, s, v)
            return (r, g, b)

        skins = [(0.92, 0.76, 0.65), (0.80, 0.60, 0.45), (0.55, 0.38, 0.26), (0.36, 0.24, 0.17)]
        skin = skins[int(rng.integers(len(skins)))]
        hue = rng.uniform(0, 1)
        return cls(
            shirt=hsv(hue, rng.uniform(0.5, 0.9), rng.uniform(0.55, 0.9)),
            shorts=hsv(hue + rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.8), rng.uniform(0.15, 0.45)),
            shoes=hsv(rng.uniform(0, 1), rng.uniform(0, 0.3), rng.uniform(0.7, 0.95)),
            skin=skin,
            hair=hsv(0.08, rng.uniform(0.3, 0.7), rng.uniform(0.05, 0.3)),
            floor=hsv(rng.uniform(0.05, 0.12), rng.uniform(0.2, 0.5), rng.uniform(0.35, 0.55)),
            wall=hsv(rng.uniform(0, 1), rng.uniform(0.0, 0.15), rng.uniform(0.75, 0.92)),
            prop=hsv(rng.uniform(0, 1), rng.uniform(0.2, 0.6), rng.uniform(0.25, 0.5)),
            light=float(rng.uniform(2.5, 4.0)),
        )


def vertex_colors(
    dominant_bone: list[str], look: Look, hair: NDArray[np.bool_]
) -> NDArray[np.uint8]:
    """(V, 4) RGBA colours: each vertex takes its dominant bone's garment colour; ``hair``
    marks the scalp vertices (see :func:`hair_mask`), the rest of the head is skin."""
    colours = {
        "shirt": look.shirt,
        "shorts": look.shorts,
        "shoes": look.shoes,
        "hair": look.hair,
        "skin": look.skin,
    }
    out = np.empty((len(dominant_bone), 4), dtype=np.uint8)
    for i, bone in enumerate(dominant_bone):
        garment = next((g for p, g in _GARMENT_OF_BONE if bone.startswith(p)), "skin")
        out[i, :3] = np.round(np.asarray(colours[garment]) * 255)
    out[hair, :3] = np.round(np.asarray(look.hair) * 255)
    out[:, 3] = 255
    return out


def hair_mask(rest: FloatArray, dominant_bone: list[str]) -> NDArray[np.bool_]:
    """Head vertices on the top and back of the skull: hair, not face.

    ``rest`` is the rest mesh in the motion frame (x forward, z up).
    """
    head = np.array([b.startswith("head") for b in dominant_bone])
    if not head.any():
        return head
    v = rest[head]
    rel = v - v.mean(axis=0)
    keep = (rel[:, 2] > 0.03) | ((rel[:, 0] < -0.02) & (rel[:, 2] > -0.07))
    out = np.zeros(len(dominant_bone), dtype=bool)
    out[np.flatnonzero(head)[keep]] = True
    return out


def make_renderer(width: int, height: int, *, antialias: bool = False) -> Any:
    """An offscreen pyrender renderer on EGL (import pyrender only after choosing the platform).

    pyrender always draws into a 4x multisampled buffer; on Mesa's software rasteriser resolving
    it doubles the frame time, so unless ``antialias`` is asked for the buffer is made with one
    sample (edges are softened by the H.264 encoder anyway).
    """
    os.environ.setdefault("PYOPENGL_PLATFORM", "egl")
    import pyrender
    import pyrender.renderer as pr

    if not antialias and not getattr(pr, "_hipcoach_single_sample", False):
        multisample = pr.glRenderbufferStorageMultisample

        def single_sample(target: Any, _samples: int, *args: Any) -> Any:
            return multisample(target, 0, *args)

        pr.glRenderbufferStorageMultisample = single_sample
        pr._hipcoach_single_sample = True
    return pyrender.OffscreenRenderer(width, height)


def _material(rgb: tuple[float, float, float], rough: float = 0.8) -> Any:
    import pyrender

    return pyrender.MetallicRoughnessMaterial(
        baseColorFactor=(*rgb, 1.0), metallicFactor=0.0, roughnessFactor=rough
    )


def camera_pose(cam: PlacedCamera) -> FloatArray:
    """The OpenGL camera-to-world pose (x right, y up, looking down -z) of a placed camera."""
    right, down, fwd = cam.rotation
    pose = np.eye(4)
    pose[:3, 0], pose[:3, 1], pose[:3, 2] = right, -down, -fwd
    pose[:3, 3] = cam.position
    return pose


class Stage:
    """Static scene parts plus the camera and lights; the body is swapped in per frame.

    >>> stage = Stage(cam, look, props=[])  # doctest: +SKIP
    >>> rgb = stage.render(vertices, faces, colours)  # doctest: +SKIP
    """

    def __init__(
        self,
        cam: PlacedCamera,
        look: Look,
        static: list[tuple[Any, tuple[float, float, float]]],
        centre_x: float,
        renderer: Any,
    ) -> None:
        import pyrender

        self._pyrender = pyrender
        self.cam = cam
        self.renderer = renderer
        scene = pyrender.Scene(bg_color=(*look.wall, 1.0), ambient_light=(0.35, 0.35, 0.35))
        side = -np.sign(cam.position[1]) or 1.0  # the wall stands behind the person
        scene.add(
            pyrender.Mesh.from_trimesh(
                _box([centre_x - 8, -8, -0.1], [centre_x + 8, 8, 0.0]),
                material=_material(look.floor),
            )
        )
        wall_y = side * 1.6
        scene.add(
            pyrender.Mesh.from_trimesh(
                _box([centre_x - 8, wall_y - 0.05, 0.0], [centre_x + 8, wall_y + 0.05, 4.0]),
                material=_material(look.wall),
            )
        )
        for mesh, rgb in static:
            scene.add(pyrender.Mesh.from_trimesh(mesh, material=_material(rgb, 0.6)))
        fx = cam.fx
        camera = pyrender.IntrinsicsCamera(
            fx=fx, fy=fx, cx=cam.spec.width / 2, cy=cam.spec.height / 2, znear=0.05, zfar=30.0
        )
        scene.add(camera, pose=camera_pose(cam))
        # Key light from above the camera, fill from the other side: shapes read in 2-D.
        key = np.eye(4)
        key[:3, :3] = _look_rotation(np.array([0.3, -0.5 * np.sign(cam.position[1]), -1.0]))
        fill = np.eye(4)
        fill[:3, :3] = _look_rotation(np.array([-0.5, 0.3 * np.sign(cam.position[1]), -0.6]))
        scene.add(pyrender.DirectionalLight(color=np.ones(3), intensity=look.light), pose=key)
        scene.add(
            pyrender.DirectionalLight(color=np.ones(3), intensity=look.light * 0.45), pose=fill
        )
        self.scene = scene
        self._dynamic: list[Any] = []

    def render(self, meshes: list[tuple[Any, FloatArray | None]]) -> NDArray[np.uint8]:
        """Render one frame with these per-frame (pyrender.Mesh, pose or None) added."""
        for node in self._dynamic:
            self.scene.remove_node(node)
        self._dynamic = [self.scene.add(m, pose=p) for m, p in meshes]
        color, _ = self.renderer.render(self.scene)
        return np.ascontiguousarray(color[..., :3])


def vertex_normals(vertices: FloatArray, faces: NDArray[np.int64]) -> FloatArray:
    """Area-weighted vertex normals (V, 3), vectorised (trimesh's are ~8x slower per frame)."""
    v = vertices
    fn = np.cross(v[faces[:, 1]] - v[faces[:, 0]], v[faces[:, 2]] - v[faces[:, 0]])
    out = np.zeros_like(v)
    for k in range(3):
        for c in range(3):
            out[:, c] += np.bincount(faces[:, k], weights=fn[:, c], minlength=len(v))
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


class BodyMesher:
    """Turns posed vertices into a smooth-shaded, vertex-coloured pyrender mesh, fast."""

    def __init__(self, faces: NDArray[np.int64], colours: NDArray[np.uint8]) -> None:
        import pyrender

        self._pyrender = pyrender
        self.faces = faces
        self._indices = faces.astype(np.uint32)
        self._colours = (colours / 255.0).astype(np.float32)
        self._material = pyrender.MetallicRoughnessMaterial(
            metallicFactor=0.0, roughnessFactor=0.75
        )

    def __call__(self, vertices: FloatArray) -> Any:
        prim = self._pyrender.Primitive(
            positions=vertices.astype(np.float32),
            normals=vertex_normals(vertices, self.faces).astype(np.float32),
            indices=self._indices,
            color_0=self._colours,
            material=self._material,
        )
        return self._pyrender.Mesh([prim])


def _look_rotation(direction: FloatArray) -> FloatArray:
    """A rotation whose -z axis points along ``direction`` (for lights)."""
    d = direction / np.linalg.norm(direction)
    up = np.array([0.0, 0.0, 1.0]) if abs(d[2]) < 0.99 else np.array([1.0, 0.0, 0.0])
    x = np.cross(up, -d)
    x /= np.linalg.norm(x)
    y = np.cross(-d, x)
    return np.stack([x, y, -d], axis=1)

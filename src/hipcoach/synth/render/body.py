"""The anny body model posed from a :class:`~hipcoach.synth.motion.Motion`.

anny (0.6.2, the ``render`` extra) has a 104-bone rig: Z up, the body faces -y, its left is +x.
The motion frame has x forward, y left, z up, so the two differ by a quarter turn about z
(:data:`ANNY_TO_MOTION`). Every driven segment gets a *world* rotation relative to the rest pose
(bring the rest bone into the sagittal plane, then turn it about the lateral axis to the wanted
angle), and anny's ``world-orient`` parameterisation places each bone's head on its parent, so
segment directions come out exactly as the motion asks whatever the body's proportions.

Ground truth comes from the posed skeleton itself (bone heads), never from the motion's angles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hipcoach.synth.motion import BodyDims, Motion

FloatArray = NDArray[np.float64]

# anny (x left, y back, z up) -> motion frame (x forward, y left, z up).
ANNY_TO_MOTION = np.array([[0.0, -1.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])

# Truth joints: name -> anny bone whose head is that joint.
JOINT_BONES: dict[str, str] = {
    **{
        f"{j}_{x}": f"{b}.{x.upper()}"
        for x in "lr"
        for j, b in (
            ("hip", "upperleg01"),
            ("knee", "lowerleg01"),
            ("ankle", "foot"),
            ("toe", "toe3-1"),
            ("shoulder", "upperarm01"),
            ("elbow", "lowerarm01"),
            ("wrist", "wrist"),
            ("hand", "finger3-1"),
            ("pinky", "finger5-1"),
            ("index", "finger2-1"),
            ("thumb", "finger1-3"),
            ("eye", "eye"),
        )
    },
    "neck": "neck01",
    "head": "head",
}

# Which motion segment drives each bone (by name prefix); bones not listed follow their parent.
_SEGMENT_OF_BONE: tuple[tuple[str, str], ...] = (
    ("root", "trunk"),
    ("spine", "trunk"),
    ("clavicle", "trunk"),
    ("shoulder01", "trunk"),
    ("pelvis", "pelvis"),
    ("upperleg", "thigh"),
    ("lowerleg", "shin"),
    ("foot", "foot"),
    ("toe", "foot"),
    ("upperarm", "upperarm"),
    ("lowerarm", "forearm"),
    ("wrist", "hand"),
    ("finger", "hand"),
    ("metacarpal", "hand"),
    ("neck", "head"),
    ("head", "head"),
    ("eye", "head"),
)

# Segment -> (proximal joint, distal joint) used to measure its rest direction.
_SEGMENT_ENDS: dict[str, tuple[str, str]] = {
    "thigh": ("hip", "knee"),
    "shin": ("knee", "ankle"),
    "foot": ("ankle", "toe"),
    "upperarm": ("shoulder", "elbow"),
    "forearm": ("elbow", "wrist"),
    "hand": ("wrist", "hand"),
}


@dataclass(frozen=True)
class BodyType:
    """A named anny phenotype (each value 0-1) and the clothing style that goes with it."""

    name: str
    gender: float
    age: float
    muscle: float
    weight: float
    height: float
    proportions: float = 0.5

    def phenotype(
        self, rng: np.random.Generator | None = None, jitter: float = 0.05
    ) -> dict[str, float]:
        """Phenotype values, jittered a little per clip so no two clips share one body."""
        keys = ("gender", "age", "muscle", "weight", "height", "proportions")
        vals = {k: float(getattr(self, k)) for k in keys}
        if rng is not None:
            vals = {
                k: float(np.clip(v + rng.uniform(-jitter, jitter), 0.0, 1.0))
                for k, v in vals.items()
            }
        return vals


# anny's scales: gender 0 = male, 1 = female; age 0.5 is a young adult (0 a baby); height
# 0-1 spans about 1.1-2.1 m at that age. Weight changes the mesh far less than the name says.
BODY_TYPES: dict[str, BodyType] = {
    b.name: b
    for b in (
        BodyType("slim-female", gender=0.95, age=0.5, muscle=0.35, weight=0.2, height=0.4),
        BodyType("heavy-male", gender=0.05, age=0.65, muscle=0.6, weight=0.95, height=0.6),
        BodyType("athletic-male", gender=0.1, age=0.52, muscle=0.95, weight=0.5, height=0.55),
    )
}


@dataclass(frozen=True)
class PosedBody:
    """A posed clip: mesh vertices and truth joints in the motion frame (metres)."""

    vertices: FloatArray  # (T, V, 3)
    faces: NDArray[np.int64]  # (F, 3)
    joints: dict[str, FloatArray]  # name -> (T, 3)
    dominant_bone: list[str]  # per vertex, the bone with the largest skinning weight


def _rot_about(axis: FloatArray, deg: FloatArray) -> FloatArray:
    """(T, 3, 3) rotations about unit axes (T, 3) or (3,) by angles (T,) (right hand)."""
    a = np.radians(np.asarray(deg, dtype=np.float64))
    k = np.broadcast_to(np.asarray(axis, dtype=np.float64), (*a.shape, 3))
    kx, ky, kz = k[..., 0], k[..., 1], k[..., 2]
    zero = np.zeros_like(a)
    kk = np.stack(
        [
            np.stack([zero, -kz, ky], -1),
            np.stack([kz, zero, -kx], -1),
            np.stack([-ky, kx, zero], -1),
        ],
        -2,
    )
    eye = np.broadcast_to(np.eye(3), (*a.shape, 3, 3))
    s, c = np.sin(a)[..., None, None], np.cos(a)[..., None, None]
    return eye + s * kk + (1 - c) * (kk @ kk)


def _align(v: FloatArray, w: FloatArray) -> FloatArray:
    """The smallest rotation (3, 3) taking unit vector v to unit vector w."""
    axis = np.cross(v, w)
    s = float(np.linalg.norm(axis))
    c = float(np.clip(np.dot(v, w), -1.0, 1.0))
    if s < 1e-9:
        return np.eye(3) if c > 0 else _rot_about(np.array([0.0, 1.0, 0.0]), np.array(180.0))
    return _rot_about(axis / s, np.degrees(np.arctan2(s, c)))


def _sagittal(deg: FloatArray) -> FloatArray:
    """(T, 3) unit vectors at sagittal angles ``deg`` (atan2(dz, dx))."""
    r = np.radians(deg)
    return np.stack([np.cos(r), np.zeros_like(r), np.sin(r)], axis=-1)


def hand_angle(forearm: FloatArray) -> FloatArray:
    """The hand's sagittal angle: in line with the forearm, but bent up to flat on the floor
    when the forearm points down (hands planted in a quadruped), as a wrist does."""
    down = np.clip((-np.mod(forearm + 180.0, 360.0) + 180.0 - 45.0) / 45.0, 0.0, 1.0)
    return forearm + 90.0 * down


class AnnyPoser:
    """Poses anny from motions. Loading the model is slow the first time (cache build).

    >>> poser = AnnyPoser()  # doctest: +SKIP
    >>> posed = poser.pose(motion, BODY_TYPES["slim-female"].phenotype())  # doctest: +SKIP
    """

    def __init__(self, batch: int = 64) -> None:
        import anny  # the render extra, imported only here
        import torch

        self._torch = torch
        torch.set_grad_enabled(False)
        self.model: Any = anny.Anny()
        self.batch = batch
        self.labels: list[str] = list(self.model.bone_labels)
        self.parents = [int(p) for p in self.model.bone_parents]
        self.faces = self.model.get_triangular_faces().cpu().numpy().astype(np.int64)
        w = self.model.vertex_bone_weights.cpu().numpy()
        idx = self.model.vertex_bone_indices.cpu().numpy()
        self.dominant = [self.labels[int(i)] for i in idx[np.arange(len(idx)), w.argmax(axis=1)]]
        self.segment = [self._segment_of(b) for b in self.labels]

    @staticmethod
    def _segment_of(bone: str) -> str:
        for prefix, seg in _SEGMENT_OF_BONE:
            if bone.startswith(prefix):
                return seg
        return "trunk"

    def _phen(self, phenotype: dict[str, float], n: int) -> dict[str, Any]:
        t = self._torch
        return {k: t.full((n,), float(v), dtype=t.float64) for k, v in phenotype.items()}

    def rest(self, phenotype: dict[str, float]) -> tuple[FloatArray, dict[str, FloatArray]]:
        """Rest bone poses (B, 4, 4) in anny's frame and rest joints in the motion frame."""
        out = self.model(phenotype_kwargs=self._phen(phenotype, 1))
        # world-orient poses relative to the rest poses, so the rest heads are the reference.
        poses = out["rest_bone_poses"][0].cpu().numpy()
        heads = poses[:, :3, 3] @ ANNY_TO_MOTION.T
        joints = {k: heads[self.labels.index(b)] for k, b in JOINT_BONES.items()}
        return poses, joints

    def rest_vertices(self, phenotype: dict[str, float]) -> FloatArray:
        """(V, 3) rest mesh of this body in the motion frame."""
        out = self.model(phenotype_kwargs=self._phen(phenotype, 1))
        verts: FloatArray = out["rest_vertices"][0].cpu().numpy() @ ANNY_TO_MOTION.T
        return verts

    def segment_lengths(self, phenotype: dict[str, float]) -> dict[str, float]:
        """Trunk, thigh, shin, hip width and the like of this body, metres (for the generator)."""
        _, j = self.rest(phenotype)
        mid_hip = (j["hip_l"] + j["hip_r"]) / 2
        mid_sh = (j["shoulder_l"] + j["shoulder_r"]) / 2

        def d(a: str, b: str) -> float:
            return float(np.linalg.norm(j[a] - j[b]))

        return {
            "trunk": float(np.linalg.norm(mid_sh - mid_hip)),
            "thigh": d("hip_l", "knee_l"),
            "shin": d("knee_l", "ankle_l"),
            "upperarm": d("shoulder_l", "elbow_l"),
            "forearm": d("elbow_l", "wrist_l"),
            "hip_width": d("hip_l", "hip_r"),
            "shoulder_width": d("shoulder_l", "shoulder_r"),
        }

    def body_dims(self, phenotype: dict[str, float]) -> BodyDims:
        """This body's segment lengths as the kinematic generator's :class:`BodyDims`, so its
        contacts (shoulders on the floor, feet planted) are solved for the body we render."""
        out = self.model(phenotype_kwargs=self._phen(phenotype, 1))
        z = out["rest_vertices"][0, :, 2].cpu().numpy()
        seg = self.segment_lengths(phenotype)
        _, j = self.rest(phenotype)
        mid_sh_z = float((j["shoulder_l"][2] + j["shoulder_r"][2]) / 2)
        return BodyDims(
            height=float(z.max() - z.min()),
            trunk=seg["trunk"],
            head=float(z.max()) - mid_sh_z,
            thigh=seg["thigh"],
            shin=seg["shin"],
            foot=float(np.linalg.norm(j["toe_l"] - j["ankle_l"])),
            upperarm=seg["upperarm"],
            forearm=seg["forearm"],
            hip_width=seg["hip_width"],
            shoulder_width=seg["shoulder_width"],
        )

    def _world_rotations(
        self, motion: Motion, rest_j: dict[str, FloatArray]
    ) -> dict[str, FloatArray]:
        """Per segment (and side), the (T, 3, 3) world rotation from rest, motion frame."""
        a = motion.angles
        n = len(motion.t)
        zeros = np.zeros(n)
        mid_hip = (rest_j["hip_l"] + rest_j["hip_r"]) / 2
        mid_sh = (rest_j["shoulder_l"] + rest_j["shoulder_r"]) / 2
        y = np.array([0.0, 1.0, 0.0])

        def drive(v_rest: FloatArray, deg: FloatArray) -> FloatArray:
            v = v_rest / np.linalg.norm(v_rest)
            p = np.array([v[0], 0.0, v[2]])
            p /= np.linalg.norm(p)
            base = _align(v, p)  # out of the rest pose's splay, into the sagittal plane
            theta0 = np.degrees(np.arctan2(p[2], p[0]))
            # A right-hand turn about +y by b maps angle theta to theta - b.
            return _rot_about(y, theta0 - deg) @ base

        rots: dict[str, FloatArray] = {}
        trunk = drive(mid_sh - mid_hip, a["trunk"])
        yaw = a.get("pelvis_yaw", zeros)
        trunk = _rot_about(np.array([0.0, 0.0, 1.0]), yaw) @ trunk
        rots["trunk"] = trunk
        trunk_dir = _sagittal(a["trunk"])
        rots["pelvis"] = _rot_about(trunk_dir, a.get("pelvis_roll", zeros)) @ trunk
        rots["head"] = drive(rest_j["head"] - rest_j["neck"], a["head"])
        for x, sign in (("l", 1.0), ("r", -1.0)):
            angles = dict(a)
            angles[f"hand_{x}"] = hand_angle(a[f"forearm_{x}"])
            for seg, (p0, p1) in _SEGMENT_ENDS.items():
                r = drive(rest_j[f"{p1}_{x}"] - rest_j[f"{p0}_{x}"], angles[f"{seg}_{x}"])
                if seg in ("thigh", "shin", "foot"):
                    abd = a.get(f"hip_abduction_{x}", zeros)
                    d = _sagittal(angles[f"thigh_{x}"])
                    axis = np.cross(d, sign * y)
                    axis /= np.linalg.norm(axis, axis=-1, keepdims=True)
                    r = _rot_about(axis, abd) @ r
                    roll = a.get("pelvis_roll", zeros)
                    r = _rot_about(trunk_dir, roll) @ r
                rots[f"{seg}_{x}"] = r
        return rots

    def pose(self, motion: Motion, phenotype: dict[str, float]) -> PosedBody:
        """Pose the body through the whole motion (batched), levelled later by the scene."""
        t = self._torch
        rest_poses, rest_j = self.rest(phenotype)
        rots = self._world_rotations(motion, rest_j)
        n = len(motion.t)
        m, mt = ANNY_TO_MOTION, ANNY_TO_MOTION.T
        nb = len(self.labels)
        deltas = np.zeros((n, nb, 4, 4))
        deltas[:, :, 3, 3] = 1.0
        for i, bone in enumerate(self.labels):
            seg = self.segment[i]
            if seg in ("trunk", "pelvis", "head"):
                g = rots[seg]
            else:
                g = rots[f"{seg}_{bone.rsplit('.', 1)[-1].lower()}"]
            # World orientation in anny's frame: G_anny = M^T G M applied to the rest orientation.
            deltas[:, i, :3, :3] = (mt @ g @ m) @ rest_poses[i, :3, :3]
        # Place the root so the mid-hip lands on the motion's pelvis path.
        mid_hip_rest = (rest_j["hip_l"] + rest_j["hip_r"]) / 2
        root_rest = rest_poses[0, :3, 3] @ m.T
        root = motion.pelvis - np.einsum("tij,j->ti", rots["trunk"], mid_hip_rest - root_rest)
        deltas[:, 0, :3, 3] = root @ m  # motion -> anny frame (M^T p, row form p @ M)
        verts = np.empty((n, len(self.dominant), 3))
        heads = np.empty((n, nb, 3))
        for lo in range(0, n, self.batch):
            hi = min(lo + self.batch, n)
            out = self.model(
                pose_parameters=t.from_numpy(deltas[lo:hi]),
                phenotype_kwargs=self._phen(phenotype, hi - lo),
                pose_parameterization="world-orient",
            )
            verts[lo:hi] = out["vertices"].cpu().numpy() @ m.T
            heads[lo:hi] = out["bone_poses"][..., :3, 3].cpu().numpy() @ m.T
        joints = {k: heads[:, self.labels.index(b)] for k, b in JOINT_BONES.items()}
        return PosedBody(verts, self.faces, joints, self.dominant)

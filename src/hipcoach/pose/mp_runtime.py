"""Loading MediaPipe lean, and a detection-only graph: the cheap half of the BlazePose backend.

Part of the backend (:mod:`hipcoach.pose.mediapipe` is its only user); nothing else in hipcoach
imports mediapipe.

``import mediapipe`` runs the package's ``__init__``, which imports every legacy solution, the
drawing helpers (OpenCV, matplotlib) and the Tasks API: about 60 MB of resident memory and
1.3 s of start-up per process, of which BlazePose needs none. :func:`load_pose_solution` imports
``mediapipe.python.solutions.pose`` alone, with the two package ``__init__`` files it would
otherwise run replaced by bare packages. Those stand-ins run the real ``__init__`` the first
time anyone asks them for something they lack, so code that later does
``import mediapipe as mp; mp.solutions.hands`` still gets the whole package.

:class:`PersonDetector` is BlazePose's own person detector without the landmark model: the
check for a second person only needs to know whether someone is there and where, which this
answers for about half the memory (50 MB against 110 MB) and half the time of a full
static-mode BlazePose graph.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import sys
import types
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

_POSE_MODULE = "mediapipe.python.solutions.pose"

# The detection subgraph BlazePose itself uses (registered inside mediapipe's binary), so the
# detector and its thresholds are exactly the ones of the full graph.
_DETECTOR_GRAPH = """
input_stream: "image"
output_stream: "detections"
node {
  calculator: "PoseDetectionCpu"
  input_stream: "IMAGE:image"
  output_stream: "DETECTIONS:detections"
}
"""


def _stand_in(name: str, path: str, submodules: bool) -> types.ModuleType:
    """A bare package ``name`` at ``path`` whose real ``__init__`` runs on first demand."""
    module = types.ModuleType(name)
    module.__path__ = [path]
    module.__package__ = name
    init = os.path.join(path, "__init__.py")
    module.__file__ = init

    def __getattr__(attr: str) -> Any:
        # `from package import sub` asks the package first: give it the submodule, not the
        # whole package's init (which would import everything this module exists to avoid).
        if submodules and (
            os.path.isfile(os.path.join(path, attr + ".py"))
            or os.path.isdir(os.path.join(path, attr))
        ):
            return importlib.import_module(f"{name}.{attr}")
        if module.__dict__.get("_hipcoach_full_init"):
            raise AttributeError(f"module {name!r} has no attribute {attr!r}")
        module.__dict__["_hipcoach_full_init"] = True
        with open(init, encoding="utf-8") as fh:
            # The package's own __init__, run in the stand-in, as an import would have.
            exec(compile(fh.read(), init, "exec"), module.__dict__)
        return getattr(module, attr)

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    sys.modules[name] = module
    return module


def load_pose_solution() -> Any:
    """``mediapipe.python.solutions.pose``, importing as little of mediapipe as possible.

    Where mediapipe is already imported (the whole package), that import is used as it is.
    """
    if _POSE_MODULE in sys.modules:
        return sys.modules[_POSE_MODULE]
    if "mediapipe" not in sys.modules:
        spec = importlib.util.find_spec("mediapipe")
        if spec is None or spec.origin is None:
            raise ImportError("No module named 'mediapipe'")
        root = os.path.dirname(spec.origin)
        _stand_in("mediapipe", root, submodules=False)
        importlib.import_module("mediapipe.python")  # the bindings: small, and needed
        _stand_in("mediapipe.python.solutions", os.path.join(root, "python", "solutions"), True)
    return importlib.import_module(_POSE_MODULE)


def pose_solution(threads: int = 1, **kwargs: Any) -> Any:
    """mediapipe's ``Pose`` solution (``kwargs`` are its own), its models run on ``threads``
    XNNPACK threads.

    mediapipe leaves XNNPACK at one thread on Linux and offers no setting for it, so a subclass
    sets ``num_threads`` on the graph's inference nodes when ``Pose`` builds its graph. The
    landmarks are the same with any count (the same computations, split across threads: a
    test compares them). Measured on 2 cores (BlazePose Full, 720p, tracking): 24.7-28.0 ms a
    run on one thread, 14.9-17.6 ms on two, at about 16 % more CPU time.
    """
    mp_pose = load_pose_solution()
    if threads == 1:
        return mp_pose.Pose(**kwargs)
    return _threaded_pose_class(mp_pose.Pose)(threads, **kwargs)


@functools.lru_cache(maxsize=1)
def _threaded_pose_class(base: type) -> type:
    from mediapipe.calculators.tensor import inference_calculator_pb2

    ext = inference_calculator_pb2.InferenceCalculatorOptions.ext

    class ThreadedPose(base):
        def __init__(self, threads: int, **kwargs: Any) -> None:
            self._xnnpack_threads = threads
            super().__init__(**kwargs)

        def _modify_calculator_options(self, config: Any, params: Any) -> None:
            super()._modify_calculator_options(config, params)
            for node in config.node:
                if node.options.HasExtension(ext):
                    node.options.Extensions[
                        ext
                    ].delegate.xnnpack.num_threads = self._xnnpack_threads

    return ThreadedPose


def preload() -> None:
    """Import what a pose worker needs before it forks (see :mod:`hipcoach.pose.parallel`)."""
    os.environ.setdefault("GLOG_minloglevel", "2")
    load_pose_solution()


Box = tuple[int, int, int, int]


class Sighting(NamedTuple):
    """One person the detector found: face and whole-body boxes (pixels), detector score."""

    face: Box
    body: Box
    score: float


def _clip(box: tuple[float, float, float, float], w: int, h: int) -> Box:
    x0, y0 = int(np.clip(np.floor(box[0]), 0, w - 1)), int(np.clip(np.floor(box[1]), 0, h - 1))
    x1, y1 = int(np.clip(np.ceil(box[2]), 1, w)), int(np.clip(np.ceil(box[3]), 1, h))
    return (x0, y0, max(x1, x0 + 1), max(y1, y0 + 1))


class PersonDetector:
    """BlazePose's person detector alone: boxes of the people in an RGB frame.

    >>> with PersonDetector() as det:  # doctest: +SKIP
    ...     [p.body for p in det.people(rgb)]
    [(412, 80, 868, 700)]
    """

    def __init__(self) -> None:
        load_pose_solution()
        from google.protobuf import text_format
        from mediapipe.framework import calculator_pb2
        from mediapipe.python.solution_base import SolutionBase

        config = text_format.Parse(_DETECTOR_GRAPH, calculator_pb2.CalculatorGraphConfig())
        self._graph: Any = SolutionBase(graph_config=config, outputs=["detections"])

    def people(self, frame: NDArray[np.uint8]) -> list[Sighting]:
        """Everyone the detector found in an RGB frame, in pixels.

        The detector's own box is the face; its first two key points are the hip centre and a
        point on the circle that holds the whole body, which give the body's box.
        """
        h, w = frame.shape[:2]
        found = self._graph.process({"image": np.ascontiguousarray(frame)}).detections
        out: list[Sighting] = []
        for det in found or []:
            kp = det.location_data.relative_keypoints
            rb = det.location_data.relative_bounding_box
            if len(kp) < 2:
                continue
            cx, cy = kp[0].x * w, kp[0].y * h
            r = float(np.hypot(kp[1].x * w - cx, kp[1].y * h - cy))
            face = _clip(
                (rb.xmin * w, rb.ymin * h, (rb.xmin + rb.width) * w, (rb.ymin + rb.height) * h),
                w,
                h,
            )
            body = _clip((cx - r, cy - r, cx + r, cy + r), w, h)
            out.append(Sighting(face, body, float(det.score[0]) if det.score else 0.0))
        return out

    def close(self) -> None:
        if self._graph is not None:
            self._graph.close()
            self._graph = None

    def __enter__(self) -> PersonDetector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

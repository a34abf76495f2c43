"""The real pose backend: MediaPipe BlazePose (Full) from the ``mediapipe==0.10.21`` wheel.

With :mod:`hipcoach.pose.mp_runtime` (which loads only the parts of mediapipe BlazePose needs),
the only module that imports mediapipe, and only when an estimator is built, so the rest of
hipcoach (and most tests) never pay that import. BlazePose is single-person and finds
nobody when the person is small in a wide frame or when several people are in view; this
backend works around both with crops (see :mod:`hipcoach.pose.crop`):

* a person smaller than ``small_person_frac`` of the frame height is tracked on a square crop
  around them, which the model sees at a useful size;
* when nobody is found, the last known place is tried, then every ``search_interval_s`` the
  frame is searched tile by tile (a person too small even for that is "not found");
* every ``crowd_check_interval_s`` the tracked person is masked out and BlazePose's person
  detector run on one region of the frame, so frames with more than one person are counted
  (``FramePose.people``).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from hipcoach.errors import HipcoachError, UsageError
from hipcoach.pose import pool
from hipcoach.pose.crop import (
    Box,
    bbox_of,
    downscale,
    iou,
    mask_box,
    search_tiles,
    window_around,
    window_needs_move,
)
from hipcoach.pose.estimator import EstimatorBase, FloatArray, Frame, FramePose
from hipcoach.pose.landmarks import Landmark
from hipcoach.pose.mp_runtime import PersonDetector, load_pose_solution, pose_solution

# Only the Full model's weights ship inside the wheel; Lite (0) and Heavy (2) would be fetched
# from the internet on first use, which hipcoach never does.
SUPPORTED_COMPLEXITY = (1,)

_SHOULDERS = [Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER]
_HIPS = [Landmark.LEFT_HIP, Landmark.RIGHT_HIP]

Raw = tuple[FloatArray, FloatArray, FloatArray]


def _solutions_pose() -> Any:
    # Quiet the C++ logging before the first import; it writes to stderr otherwise.
    os.environ.setdefault("GLOG_minloglevel", "2")
    try:
        mp_pose = load_pose_solution()
    except ImportError as exc:  # pragma: no cover - a broken install
        raise HipcoachError(
            f"the pose model cannot be loaded: {exc}",
            "reinstall hipcoach, or run: pip install mediapipe==0.10.21",
        ) from exc
    return mp_pose


def _confident(visibility: FloatArray) -> bool:
    """A real person, not a texture the detector liked: shoulders or hips clearly visible."""
    return bool(visibility[_SHOULDERS].mean() >= 0.5 or visibility[_HIPS].mean() >= 0.5)


def _read(landmarks: Any, world_landmarks: Any) -> Raw | None:
    """Arrays from BlazePose's landmark lists (protobuf messages; None: nobody found)."""
    if landmarks is None:
        return None
    lm = landmarks.landmark
    image = np.array([[p.x, p.y, p.z] for p in lm], dtype=np.float64)
    vis = np.array([p.visibility for p in lm], dtype=np.float64)
    if world_landmarks is not None:
        wl = world_landmarks.landmark
        world = np.array([[p.x, p.y, p.z] for p in wl], dtype=np.float64)
    else:
        world = np.full_like(image, np.nan)
    return image, world, vis


def _process(solution: Any, frame: Frame) -> Raw | None:
    """``solution.process(frame)`` (a ``mp.solutions.pose.Pose``) for landmarks only.

    The same packet at the same simulated timestamp goes into the same graph as in
    ``SolutionBase.process``, and the same output packets are read. What is left out is that
    method's per-call overhead: it builds a new namedtuple class every call and parses every
    output (measured: 0.28 ms of a 25 ms run, paired over 380 runs; about 1 %).
    A test checks the two give identical landmarks, since this leans on the pinned
    mediapipe's (0.10.21) private attributes; without them it falls back to ``process``.
    """
    graph = getattr(solution, "_graph", None)
    outputs = getattr(solution, "_graph_outputs", None)
    if graph is None or outputs is None or not hasattr(solution, "_simulated_timestamp"):
        results = solution.process(frame)
        return _read(results.pose_landmarks, results.pose_world_landmarks)
    from mediapipe.python import packet_creator, packet_getter
    from mediapipe.python._framework_bindings import image_frame

    outputs.clear()
    solution._simulated_timestamp += 33333
    packet = packet_creator.create_image_frame(frame, image_format=image_frame.ImageFormat.SRGB)
    graph.add_packet_to_input_stream(
        stream="image", packet=packet.at(solution._simulated_timestamp)
    )
    graph.wait_until_idle()
    found = outputs.get("pose_landmarks")
    if found is None or found.is_empty():
        return None
    world = outputs.get("pose_world_landmarks")
    return _read(
        packet_getter.get_proto(found),
        None if world is None or world.is_empty() else packet_getter.get_proto(world),
    )


def _someone_else(face: Box, body: Box, offset: tuple[int, int], box: Box, whole: Box) -> bool:
    """A detection (in a region at ``offset``) that is not the tracked person (see _crowd_step)."""
    dx, dy = offset
    cx, cy = (face[0] + face[2]) / 2 + dx, (face[1] + face[3]) / 2 + dy
    inside = whole[0] <= cx <= whole[2] and whole[1] <= cy <= whole[3]
    moved = (body[0] + dx, body[1] + dy, body[2] + dx, body[3] + dy)
    return not inside and iou(moved, box) < 0.3


class BlazePoseEstimator(EstimatorBase):
    """BlazePose Full in tracking mode, with crops for small or crowded scenes.

    Args:
        model_complexity: only 1 (Full) is available offline.
        min_detection_confidence, min_tracking_confidence: passed to BlazePose.
        smooth_landmarks: BlazePose's own smoothing, off by default: it assumes 30 frames/s
            whatever the real rate, lags, and did not help (rendered bridge, 329 frames:
            median landmark error 9.2 px with it, 9.1 px without); hipcoach's kinematics filter
            the angles instead.
        max_input_side: frames larger than this (long side, pixels) are scaled down first;
            the model works at 256 px, so bigger inputs only cost time.
        crop_search: use crops to find and track small people (off: plain BlazePose).
        small_person_frac: track on a crop when the person spans less than this fraction of
            the frame (width or height, whichever they fill more).
        search_interval_s: how often a tile-by-tile search of the frame starts while nobody
            is found (a sweep is up to 24 model runs at 720p).
        tiles_per_frame: search tiles tried per frame during a sweep (spreads its cost).
        crowd_check_interval_s: how often to run one check for other people (None: never);
            a full cycle over a wide 720p frame is four checks.
        first_sweep_whole: run the first tile search on one frame (finds a small person a
            second sooner offline); False spreads it like the later ones (live frame times).
        model_threads: XNNPACK threads per model run (None: this process's share of the
            cores, at most 2; see :func:`hipcoach.pose.pool.model_threads`). The landmarks do
            not depend on it; a run takes about 15 ms on two threads against 25 ms on one.

    >>> with BlazePoseEstimator() as est:  # doctest: +SKIP
    ...     pose = est.process(rgb, 0.0)
    """

    def __init__(
        self,
        *,
        model_complexity: int = 1,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        smooth_landmarks: bool = False,
        max_input_side: int = 1280,
        crop_search: bool = True,
        small_person_frac: float = 0.3,
        search_interval_s: float = 1.0,
        tiles_per_frame: int = 1,
        crowd_check_interval_s: float | None = 2.0,
        first_sweep_whole: bool = True,
        model_threads: int | None = None,
    ) -> None:
        if model_complexity not in SUPPORTED_COMPLEXITY:
            raise UsageError(
                f"BlazePose model_complexity={model_complexity} is not available offline",
                "only the Full model (model_complexity=1) ships inside the mediapipe wheel; "
                "Lite (0) and Heavy (2) would need a download, which hipcoach never does",
            )
        self.model_complexity = model_complexity
        self.min_detection_confidence = min_detection_confidence
        self.min_tracking_confidence = min_tracking_confidence
        self.smooth_landmarks = smooth_landmarks
        self.max_input_side = max_input_side
        self.crop_search = crop_search
        self.small_person_frac = small_person_frac
        self.search_interval_s = search_interval_s
        self.tiles_per_frame = tiles_per_frame
        self.crowd_check_interval_s = crowd_check_interval_s
        self.first_sweep_whole = first_sweep_whole
        self.model_threads = model_threads if model_threads is not None else pool.model_threads()
        _solutions_pose()  # fails here, with a hint, on a broken install
        self._models: dict[str, Any] = {}
        # Built on the first crowd check only (live mode never builds it).
        self._detector: PersonDetector | None = None
        # Model runs by kind ("full", "crop", "static", "detect"): what crops and checks cost.
        self.model_runs_: dict[str, int] = {}
        self.reset()

    def reset(self) -> None:
        """Forget the tracked person (for a new, unrelated video)."""
        self.close()
        self.window_: Box | None = None
        self.last_box_: Box | None = None
        self._last_seen_t = -np.inf
        self._last_search_t = -np.inf
        self._last_crowd_t = -np.inf
        self._others = 0
        self._sweep: list[Box] = []
        self._swept_once = False
        self._crowd_cycle: list[Box | None] = []
        self._crowd_seen = 0
        # A region where someone else was seen once, to look at again on the next frame.
        self._crowd_confirm: tuple[Box | None] | None = None
        self._crop_needed = False

    def _model(self, kind: str) -> Any:
        """'full' and 'crop' share one tracking graph; 'static' detects afresh every call.

        Each graph holds about 110 MB. Sharing the tracker between the whole frame and a crop
        costs at most one lost frame when the input switches (the tracker's last region is
        then in the other image's coordinates), which the retry on the crop covers. Only the
        tile search needs the static graph, so it is built only when nobody can be found.
        """
        key = "static" if kind == "static" else "track"
        if key not in self._models:
            self._models[key] = pose_solution(
                self.model_threads,
                static_image_mode=key == "static",
                model_complexity=self.model_complexity,
                smooth_landmarks=self.smooth_landmarks and key != "static",
                min_detection_confidence=self.min_detection_confidence,
                min_tracking_confidence=self.min_tracking_confidence,
            )
        return self._models[key]

    def _run(self, kind: str, frame: Frame, region: Box | None = None) -> Raw | None:
        """Run one model on the frame or a region of it; landmarks in full-frame coordinates."""
        h, w = frame.shape[:2]
        self.model_runs_[kind] = self.model_runs_.get(kind, 0) + 1
        if region is None:
            return _process(self._model(kind), frame)
        x0, y0, x1, y1 = region
        crop = np.ascontiguousarray(frame[y0:y1, x0:x1])
        raw = _process(self._model(kind), crop)
        if raw is None:
            return None
        image, world, vis = raw
        cw, ch = x1 - x0, y1 - y0
        image = image.copy()
        image[:, 0] = (image[:, 0] * cw + x0) / w
        image[:, 1] = (image[:, 1] * ch + y0) / h
        image[:, 2] = image[:, 2] * cw / w  # z is scaled like x in BlazePose
        return image, world, vis

    def _search_step(self, frame: Frame, t: float) -> tuple[Raw, Box] | None:
        """Try the next ``tiles_per_frame`` search tiles; a sweep over all tiles starts at most
        every ``search_interval_s``, so an empty scene costs a little per frame, not a stall.

        The very first sweep runs whole on the first frame that needs it (about 0.8 s once at
        720p): a small person is usually there from the start, and finding them a second
        earlier is worth more than a smooth frame time.
        """
        h, w = frame.shape[:2]
        if not self._sweep:
            if t - self._last_search_t < self.search_interval_s:
                return None
            self._last_search_t = t
            self._sweep = search_tiles(w, h)
        whole = self.first_sweep_whole and not self._swept_once
        budget = len(self._sweep) if whole else self.tiles_per_frame
        self._swept_once = True
        for _ in range(min(budget, len(self._sweep))):
            tile = self._sweep.pop(0)
            raw = self._run("static", frame, tile)
            if raw is not None and _confident(raw[2]):
                self._sweep = []
                return raw, tile
        return None

    def _crowd_step(self, frame: Frame, box: Box, whole: Box) -> None:
        """One detector run looking for someone else, on the next region of a cycle (the whole
        frame, then frame-height tiles of a wide frame) with the tracked person masked out.

        The person detector alone (:class:`~hipcoach.pose.mp_runtime.PersonDetector`) answers
        "is someone else there": about half the memory and time of a static BlazePose run.
        Someone else is a face outside ``whole`` (the box of all the tracked person's landmarks,
        seen or not: the detector can take what the mask leaves of them, their legs say, for a
        person) whose body barely overlaps the tracked ``box``. Spreading the check keeps its
        cost to one run per ``crowd_check_interval_s``; the count drops back to one person only
        after a whole cycle found nobody else.

        One sighting is not enough: the same region is looked at again on the next frame, and
        someone else counts only if they are still there. Right after a fast move or a cut the
        tracked landmarks can lag behind the person, so the mask leaves part of them (raised
        knees, say) uncovered and the detector takes that for someone else: on a 60 s clip
        joined from three, that one sighting gave a second person on 111 frames. A real
        second person is still there a frame later.
        """
        h, w = frame.shape[:2]
        if self._crowd_confirm is not None:
            (region,) = self._crowd_confirm
            self._crowd_confirm = None
            if self._someone_in(frame, box, whole, region):
                self._crowd_seen = 1
                self._others = 1
            elif not self._crowd_cycle:
                self._others = self._crowd_seen
            return
        if not self._crowd_cycle:
            self._crowd_cycle = [None, *(b for b in search_tiles(w, h) if b[3] - b[1] == min(w, h))]
            if len(self._crowd_cycle) == 2:  # one tile is the whole (square) frame again
                self._crowd_cycle = [None]
            self._crowd_seen = 0
        region = self._crowd_cycle.pop(0)
        if self._someone_in(frame, box, whole, region):
            self._crowd_confirm = (region,)
        elif not self._crowd_cycle:
            self._others = self._crowd_seen

    def _someone_in(self, frame: Frame, box: Box, whole: Box, region: Box | None) -> bool:
        """One detector run on ``region`` (None: the whole frame) with the tracked person
        masked out: is someone else there (see :meth:`_crowd_step`)?"""
        h, w = frame.shape[:2]
        x0, y0, x1, y1 = region if region is not None else (0, 0, w, h)
        masked = mask_box(frame, box, grow=0.15)
        if self._detector is None:
            self._detector = PersonDetector()
        self.model_runs_["detect"] = self.model_runs_.get("detect", 0) + 1
        found = self._detector.people(np.ascontiguousarray(masked[y0:y1, x0:x1]))
        return any(_someone_else(p.face, p.body, (x0, y0), box, whole) for p in found)

    def process(self, frame_rgb: Frame, t: float) -> FramePose | None:
        frame = downscale(np.ascontiguousarray(frame_rgb, dtype=np.uint8), self.max_input_side)
        h, w = frame.shape[:2]
        via_crop = False
        raw: Raw | None = None
        if self.window_ is not None:
            raw = self._run("crop", frame, self.window_)
            if raw is None:
                # The tracker lost the person; detect afresh on the same crop before giving up.
                # A tracker that lost its person detects on its next call, so the same graph
                # does it: no second graph (110 MB, and a 0.3 s stall to build) for this.
                raw = self._run("crop", frame, self.window_)
            via_crop = raw is not None
        if raw is None:
            raw = self._run("full", frame)
            if raw is not None:
                self.window_, self._crop_needed = None, False
        if raw is None and self.crop_search:
            if self.last_box_ is not None and t - self._last_seen_t < 1.0:
                win = window_around(self.last_box_, w, h)
                if win is not None and win != self.window_:
                    raw = self._run("crop", frame, win)
                    via_crop = raw is not None
            if raw is None:
                found = self._search_step(frame, t)
                if found is not None:
                    raw, via_crop = found[0], True
            if raw is not None:
                # The whole frame failed but a crop worked (a crowd, a small person): stay on
                # crops until the whole frame works again.
                self._crop_needed = True
        if raw is None:
            return None
        self._sweep = []
        image, world, vis = raw
        box = bbox_of(image[vis >= 0.5] if (vis >= 0.5).sum() >= 4 else image, w, h)
        self.last_box_, self._last_seen_t = box, t
        if self.crop_search:
            self._place_window(box, w, h)
        if self.crowd_check_interval_s is not None and (
            t - self._last_crowd_t >= self.crowd_check_interval_s or self._crowd_confirm is not None
        ):
            self._last_crowd_t = t
            self._crowd_step(frame, box, bbox_of(image, w, h))
        return FramePose(image, world, vis, people=1 + self._others, via_crop=via_crop)

    def _place_window(self, box: Box, w: int, h: int) -> None:
        """Track small people (or people the whole frame hides) on a crop, others on the frame."""
        # Span along the person's longer side: a bridge is wide and low, a lunge tall.
        span = max((box[2] - box[0]) / w, (box[3] - box[1]) / h)
        if span >= self.small_person_frac and not self._crop_needed:
            self.window_ = None
        elif self.window_ is None or window_needs_move(self.window_, box):
            self.window_ = window_around(box, w, h)

    def close(self) -> None:
        for model in self._models.values():
            model.close()
        self._models = {}
        if self._detector is not None:
            self._detector.close()
            self._detector = None


def live_estimator() -> BlazePoseEstimator:
    """BlazePose for the live coach, where every frame must be quick (p95 target 40 ms).

    No crowd check (a static model run on some frames, about 35 ms more on those) and the tile
    search spread at one tile a frame; small people are still tracked on crops.

    >>> with live_estimator() as est:  # doctest: +SKIP
    ...     pose = est.process(rgb, 0.0)
    """
    return BlazePoseEstimator(crowd_check_interval_s=None, first_sweep_whole=False)

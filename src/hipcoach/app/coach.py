"""The video coach as one use case: a video (or landmark file) in, a report folder out.

The CLI, the web app and the batch runner all call :func:`coach_video`; it owns the order of
the steps and the checks between them, so every front end gives the same answers and the same
errors:

1. the exercise id and the output folder are checked first (fail before a minute of decoding);
2. landmarks come from BlazePose on the decoded video, or from a saved ``.npz`` (replay);
3. a damaged file keeps the frames before the damage, with a warning;
4. nobody / a person too small raise :class:`~hipcoach.errors.InputError` subclasses;
   several people in view give a warning (the tracked, main person is analysed);
5. :func:`hipcoach.analysis.pipeline.analyze`; a wrong camera view with nothing measured raises
   :class:`~hipcoach.errors.WrongViewError`, otherwise it is a strong warning on the report;
6. the report folder (and ``annotated.mp4`` unless ``video=False``); optionally the training log.

>>> req = CoachRequest(video=Path("bridge.mp4"), output=Path("bridge-report"))
>>> result = coach_video(req)  # doctest: +SKIP
>>> result.analysis.rep_count, result.files.html.name  # doctest: +SKIP
(6, 'report.html')
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hipcoach.analysis.pipeline import analyze
from hipcoach.analysis.results import SessionAnalysis
from hipcoach.app.quiet import native_stderr_silenced
from hipcoach.config import Settings, get_settings
from hipcoach.errors import InputError, WrongViewError
from hipcoach.library import load_library
from hipcoach.library.models import Exercise
from hipcoach.pose.checks import require_person
from hipcoach.pose.extract import ExtractOptions
from hipcoach.pose.types import PoseSequence
from hipcoach.report.bundle import ReportFiles, analysis_document, prepare_folder, write_report
from hipcoach.report.html import Notice, notices_for

if TYPE_CHECKING:
    from hipcoach.pose.parallel import EstimatorFactory

# on_progress(stage, done_seconds, total_seconds): while the model runs over the video
# (stage "pose") and while the annotated video is drawn (stage "video").
ProgressFn = Callable[[str, float, float], None]


@dataclass(frozen=True)
class CoachRequest:
    """What to analyse and what to write.

    Attributes:
        video: the video file (optional when ``landmarks`` is given).
        exercise: a library id; None recognises the exercise.
        output: the report folder; None picks :func:`default_output`.
        landmarks: a landmark file to replay instead of running the pose model.
        save_landmarks: also write ``landmarks.npz`` (re-analyse later without the model).
        annotated: write ``annotated.mp4`` (needs the video).
        log: record the session in the training log.
    """

    video: Path | None = None
    exercise: str | None = None
    output: Path | None = None
    landmarks: Path | None = None
    save_landmarks: bool = False
    annotated: bool = True
    log: bool = False


@dataclass
class CoachResult:
    """What came out: the analysis, the files, the notices shown on the report."""

    analysis: SessionAnalysis
    files: ReportFiles
    notices: list[Notice]
    sequence_meta: dict[str, Any] = field(default_factory=dict)
    logged_session_id: int | None = None

    def summary(self) -> dict[str, Any]:
        """The ``--json`` output: the analysis summary, where the report is, the warnings."""
        a = self.analysis
        return {
            "exercise": a.exercise,
            "exercise_confidence": round(a.exercise_confidence, 3),
            "view": a.view.view,
            "rep_count": a.rep_count,
            "sets": [
                {"side": s.to_dict()["side"], "reps": len(s.reps), "good_reps": s.good_reps}
                for s in a.sets
            ],
            "summary": a.summary(),
            "warnings": [n.text for n in self.notices],
            "report": str(self.files.html),
            "folder": str(self.files.folder),
            "files": [str(p) for p in self.files.all()],
            "logged_session_id": self.logged_session_id,
        }


def default_output(video: Path | None, landmarks: Path | None = None) -> Path:
    """``NAME-report`` beside the video when that folder can be written, else in the cwd.

    >>> default_output(Path("clips/bridge.mp4")).name
    'bridge-report'
    """
    src = video if video is not None else landmarks
    stem = src.stem if src is not None else "hipcoach"
    if src is not None:
        beside = src.parent / f"{stem}-report"
        parent = src.parent if str(src.parent) else Path(".")
        import os

        if os.access(parent, os.W_OK):
            return beside
    return Path.cwd() / f"{stem}-report"


def _resolve_exercise(exercise: str | None) -> Exercise | None:
    # UnknownIdError (with did-you-mean) before any decoding.
    return None if exercise is None else load_library().get(exercise)


def pose_options(settings: Settings, video_fps: float) -> ExtractOptions:
    """How the coach reads a video for the model (``benchmarks/speed.py``'s "ours").

    ``strict=False``: a damaged file keeps the frames before the damage (reported as a
    warning). Frames no other frame depends on are not even decoded when the analysis rate is at
    most half the video's.

    The first ``pose_head_s`` seconds are read at ``pose_head_fps``: the rep counter needs a
    settled baseline before a rep that starts right away.

    >>> opts = pose_options(Settings(pose_fps=7.5, pose_head_s=2, pose_head_fps=15), 30.0)
    >>> opts.fps, opts.head_s, opts.head_fps, opts.skip_nonref
    (7.5, 2.0, 15.0, True)
    """
    fps = settings.pose_fps or None
    head_fps = settings.pose_head_fps or None
    dense = max(fps or 0.0, head_fps or 0.0) if settings.pose_head_s > 0 else fps or 0.0
    return ExtractOptions(
        max_side=settings.pose_max_side or None,
        fps=fps,
        strict=False,
        # The densest rate read must still be at most half the video's (1 % slack: a 30 fps
        # file often probes as 29.99).
        skip_nonref=bool(fps and video_fps and dense and dense <= video_fps * 0.505),
        head_s=settings.pose_head_s if fps else 0.0,
        head_fps=head_fps,
    )


def pose_factory(settings: Settings) -> EstimatorFactory:
    """The estimator each pose worker builds: BlazePose behind the motion gate, with the
    gate's thresholds from ``settings`` (picklable, for the worker processes).

    >>> pose_factory(Settings(pose_settle=0.05)).args[0].settle_frac
    0.05
    """
    from hipcoach.pose.motion_gate import MotionGateSettings
    from hipcoach.pose.parallel import gated_factory

    gate = MotionGateSettings(
        settle_frac=settings.pose_settle,
        still_frac=MotionGateSettings.still_frac if settings.pose_reuse_still else 0.0,
    )
    return functools.partial(gated_factory, gate)


def load_sequence(
    req: CoachRequest, on_progress: ProgressFn | None = None, settings: Settings | None = None
) -> tuple[PoseSequence, dict[str, Any]]:
    """Landmarks for the request: replayed from a file, or BlazePose over the decoded video.

    The model runs at ``settings.pose_fps`` on frames scaled to ``pose_max_side``, on
    ``pose_workers`` processes (time chunks), as ``benchmarks/speed.py`` measures it.
    """
    if req.landmarks is not None:
        seq = PoseSequence.load(req.landmarks)
        return seq, {"landmarks_from": str(req.landmarks)}
    if req.video is None:
        raise InputError("nothing to analyse", "give a video file, or --landmarks FILE.npz")
    from hipcoach.pose.parallel import extract_pose_parallel
    from hipcoach.pose.video import probe

    settings = settings or get_settings()
    info = probe(req.video)
    total = info.duration_s or 0.0
    cb = None
    if on_progress is not None:
        progress = on_progress

        def cb(t: float) -> None:
            progress("pose", t, total)

    options = pose_options(settings, info.fps)
    with native_stderr_silenced():
        seq = extract_pose_parallel(
            req.video,
            workers=max(1, settings.pose_workers),
            options=options,
            factory=pose_factory(settings),
            on_frame=cb,
        )
    pose = {
        "fps": options.fps,
        "head_s": options.head_s,
        "head_fps": options.head_fps,
        "max_side": options.max_side,
        "workers": settings.pose_workers,
        "settle": settings.pose_settle,
        "reuse_still": settings.pose_reuse_still,
    }
    return seq, {"pose": pose}


def input_notices(seq: PoseSequence) -> list[Notice]:
    """Warnings about the input itself: damage, several people, a person found only on crops."""
    out: list[Notice] = []
    damage = seq.meta.get("damage")
    if damage:
        first = str(damage).splitlines()[0]
        out.append(
            Notice(
                f"Only part of the video could be read: {first}. The report covers the "
                f"{seq.duration_s:.1f} s before the damage.",
                strong=True,
            )
        )
    several = seq.meta.get("several_people_frames")
    if isinstance(several, int) and several > 0:
        out.append(
            Notice(
                f"More than one person was in view ({several} frames); the main, tracked "
                "person was analysed. Film with only the exerciser in view for the best results."
            )
        )
    return out


def coach_video(req: CoachRequest, on_progress: ProgressFn | None = None) -> CoachResult:
    """Run the whole coach for one request (see the module docstring for the steps)."""
    exercise = _resolve_exercise(req.exercise)
    folder = prepare_folder(req.output or default_output(req.video, req.landmarks))
    seq, meta = load_sequence(req, on_progress)
    landmarks_path = None
    if req.save_landmarks:
        landmarks_path = folder / "landmarks.npz"
        seq.save(landmarks_path)
    notices = input_notices(seq)
    if len(seq) == 0:
        from hipcoach.errors import EmptyVideoError

        raise EmptyVideoError(f"{seq.source or 'the input'}: no frames to analyse")
    seen = require_person(seq)
    analysis = analyze(seq, exercise)
    exercise = exercise or load_library().get(analysis.exercise)
    if not analysis.view.suitable and analysis.rep_count == 0:
        raise WrongViewError(
            f"the camera sees the person from the {analysis.view.view}, and nothing could be "
            f"measured: {exercise.name} needs a side view",
            "film again from the side, camera at hip height, 2-3 m away, whole body in view",
        )
    notices = notices_for(analysis) + notices
    report_meta: dict[str, Any] = {
        "input": str(req.video) if req.video else None,
        "frames": len(seq),
        "detected_share": round(seen.detected_share, 3),
        "person_span": round(seen.span, 3),
        "max_people": seen.max_people,
        "damage": seq.meta.get("damage"),
        "notices": [{"text": n.text, "strong": n.strong} for n in notices],
        **meta,
    }
    make_video = req.annotated and req.video is not None
    files = write_report(
        folder,
        analysis,
        seq,
        video=req.video,
        exercise=exercise,
        notices=notices,
        report_meta=report_meta,
        has_video=make_video,
    )
    files.landmarks = landmarks_path
    if make_video and req.video is not None:
        from hipcoach.report.overlays import write_annotated

        on_frame = None
        if on_progress is not None:
            progress, total = on_progress, seq.duration_s

            def on_frame(t: float) -> None:
                progress("video", t, total)

        files.annotated = write_annotated(
            req.video, seq, analysis, folder / "annotated.mp4", exercise=exercise, on_frame=on_frame
        )
    result = CoachResult(analysis, files, notices, dict(seq.meta))
    if req.log:
        result.logged_session_id = log_result(analysis_document(analysis, report_meta))
    return result


def log_result(document: dict[str, Any]) -> int | None:
    """Record the analysis in the training log; returns the logged session's id."""
    from hipcoach.store import open_store
    from hipcoach.training.log_coach import log_analysis

    with open_store() as store:
        session = log_analysis(store, document)
        return session.id

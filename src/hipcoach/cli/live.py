"""``hipcoach live``: coach while you train, from a camera or a video played at real speed.

With a display the overlay (skeleton, hip angle, rep count, hold timer, cues) is shown in a
window; without one (or with ``--no-display``) a live table in the terminal shows the reps, the
hold timer and the last cue, and each event is printed as it happens.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.live import Live
from rich.table import Table

from hipcoach.app.live import CoachAdapter, LiveFrame, LiveSession, overlay_for
from hipcoach.app.quiet import native_stderr_silenced, terminal_stderr
from hipcoach.app.sources import CameraSource, FileSource
from hipcoach.cli.console import out_console, print_json
from hipcoach.errors import UsageError
from hipcoach.library import load_library
from hipcoach.library.models import Exercise


def has_display() -> bool:
    """A graphical session to open a window in (X11 or Wayland)."""
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class TerminalView:
    """A rich live table (refreshed a few times a second) plus one printed line per event."""

    def __init__(self, console: Console, exercise: Exercise, quiet: bool = False) -> None:
        self.console = console
        self.exercise = exercise
        self.quiet = quiet
        self.live: Live | None = None

    def _table(self, lf: LiveFrame) -> Table:
        st = lf.state
        table = Table(title=f"hipcoach live: {self.exercise.name}", show_header=True)
        for col in ("time", "set", "reps", "hold", "hip angle", "last cue", "ms/frame"):
            table.add_column(col)
        table.add_row(
            f"{lf.t:6.1f} s",
            str(st.set_index + 1),
            str(st.reps),
            f"{st.hold_s:.1f} s" if st.hold_s is not None else "-",
            f"{st.angle_deg:.0f}°" if st.angle_deg is not None else "-",
            st.cues[0] if st.cues else ("in position" if st.active else "get into position"),
            f"{lf.latency_ms:.0f}",
        )
        return table

    def __enter__(self) -> TerminalView:
        if not self.quiet:
            self.live = Live(console=self.console, refresh_per_second=8, transient=True)
            self.live.__enter__()
        return self

    def show(self, lf: LiveFrame) -> None:
        if self.quiet:
            return
        for event in lf.state.events:
            style = "yellow" if event.startswith(" ") else "bold green"
            self.console.print(f"[{style}]{lf.t:6.1f} s[/] {event}", highlight=False)
        if self.live is not None:
            self.live.update(self._table(lf))

    def __exit__(self, *exc: object) -> None:
        if self.live is not None:
            self.live.__exit__(None, None, None)


class WindowView(TerminalView):
    """The annotated frames in a matplotlib window, and the terminal events as well."""

    def __enter__(self) -> WindowView:
        super().__enter__()
        import matplotlib.pyplot as plt

        self.plt: Any = plt
        self.fig, self.ax = plt.subplots(num="hipcoach live")
        self.ax.set_axis_off()
        self.image: Any = None
        plt.ion()
        plt.show(block=False)
        return self

    def show(self, lf: LiveFrame) -> None:
        super().show(lf)
        from hipcoach.report.annotate import draw_overlay

        rgb = draw_overlay(lf.rgb, overlay_for(lf, self.exercise))
        if self.image is None:
            self.image = self.ax.imshow(rgb)
        else:
            self.image.set_data(rgb)
        self.plt.pause(0.001)

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        self.plt.close(self.fig)


def live(
    video: Annotated[
        Path | None, typer.Argument(help="A video file to play as if it were live.")
    ] = None,
    camera: Annotated[
        int | None, typer.Option("--camera", "-c", help="Camera index (/dev/videoN).")
    ] = None,
    exercise: Annotated[
        str,
        typer.Option(
            "--exercise", "-e", help="Exercise id (live mode cannot wait to recognise it)."
        ),
    ] = "glute-bridge",
    speed: Annotated[
        float,
        typer.Option(
            "--speed", help="Playback speed for a file (1 real time, 0 as fast as possible)."
        ),
    ] = 1.0,
    no_display: Annotated[
        bool, typer.Option("--no-display", help="Terminal only, even where a window could open.")
    ] = False,
    landmarks: Annotated[
        Path | None,
        typer.Option(
            "--landmarks", help="Replay saved landmarks instead of running the pose model."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the events and the summary as JSON at the end.")
    ] = False,
) -> None:
    """Coach live from a camera, or from a video file played at real speed."""
    if (video is None) == (camera is None):
        raise UsageError(
            "give either a VIDEO file or --camera N (not both)",
            "e.g. hipcoach live --camera 0, or hipcoach live bridge.mp4",
        )
    ex = load_library().get(exercise)
    if ex.coach is None:
        raise UsageError(
            f"{ex.name} has no video coaching", "pick one of the hip extension exercises"
        )
    source: FileSource | CameraSource
    source = FileSource(video, speed=speed) if video is not None else CameraSource(camera or 0)
    width, height = source.size
    if landmarks is not None:
        from hipcoach.pose.replay import ReplayEstimator

        estimator: Any = ReplayEstimator(landmarks)
        # The landmarks are normalised to the recorded frame, whose pixel size the gates use.
        width, height = estimator.sequence_.width, estimator.sequence_.height
    else:
        from hipcoach.pose.mediapipe import live_estimator

        with native_stderr_silenced():
            estimator = live_estimator()
    coach = CoachAdapter(ex, width=width, height=height)
    session = LiveSession(estimator, coach)
    # Events go to stderr with --json so stdout stays one JSON document.
    console = Console(file=terminal_stderr(), soft_wrap=True) if as_json else out_console()
    view_cls = WindowView if has_display() and not no_display else TerminalView
    try:
        with native_stderr_silenced(), estimator, view_cls(console, ex, quiet=as_json) as view:
            for lf in session.run(source.frames()):
                view.show(lf)
    except KeyboardInterrupt:
        console.print("Stopped.")
    s = session.summary
    p95 = s.latency_p95_ms()
    summary = {
        "exercise": ex.id,
        "source": source.name,
        "frames": s.frames,
        "dropped_frames": source.dropped,
        "total_reps": s.total_reps,
        "sets": s.sets,
        "latency_ms_p95": round(p95, 1) if p95 is not None else None,
        "events": [{"t_s": round(t, 2), "event": e} for t, e in s.events],
    }
    if as_json:
        print_json(summary)
        return
    console.print(
        f"[bold]{s.total_reps}[/] reps in {s.sets} set(s); {s.frames} frames "
        f"({source.dropped} dropped to keep up), p95 {summary['latency_ms_p95']} ms a frame.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.command("live")(live)

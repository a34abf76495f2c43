"""Delivering sitting-break reminders: notifiers and the waiting loop.

A notifier is anything with ``notify(title, body)``. :func:`pick_notifier` uses the desktop's
``notify-send`` when it is installed and a display is there, the terminal otherwise;
:class:`RecordingNotifier` is the test double. The loop takes its clock and sleep function as
arguments, so tests run a whole working day in microseconds.

>>> from datetime import datetime
>>> from hipcoach.training.breaks import BreakSettings
>>> clock = FakeClock(datetime(2026, 1, 5, 9, 0))
>>> rec = RecordingNotifier()
>>> sent = BreakRunner(BreakSettings(), rec, clock=clock.now, sleep=clock.sleep).run(for_minutes=65)
>>> [r.at.strftime("%H:%M") for r in sent]
['09:30', '10:00']
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time as _time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from rich.console import Console

from hipcoach.training.breaks import BreakRoutine, BreakSettings, Reminder, next_reminder


class Notifier(Protocol):
    name: str

    def notify(self, title: str, body: str) -> None: ...


class TerminalNotifier:
    """Prints the reminder (with a terminal bell, so a hidden window still beeps)."""

    name = "terminal"

    def __init__(self, console: Console) -> None:
        self.console = console

    def notify(self, title: str, body: str) -> None:
        self.console.print(f"\a[bold]{title}[/]\n{body}", highlight=False)


class DesktopNotifier:
    """A desktop notification through ``notify-send`` (libnotify), falling back on failure."""

    name = "desktop"

    def __init__(self, command: str, fallback: Notifier) -> None:
        self.command = command
        self.fallback = fallback

    def notify(self, title: str, body: str) -> None:
        try:
            subprocess.run(
                [self.command, "--app-name=hipcoach", "--urgency=normal", title, body],
                check=True,
                capture_output=True,
                timeout=10,
            )
        except (OSError, subprocess.SubprocessError):
            # A broken notification daemon must not swallow the reminder.
            self.fallback.notify(title, body)


@dataclass
class RecordingNotifier:
    """Keeps every notification in memory: the test double."""

    name: str = "recording"
    sent: list[tuple[str, str]] = field(default_factory=list)

    def notify(self, title: str, body: str) -> None:
        self.sent.append((title, body))


def pick_notifier(
    console: Console,
    *,
    env: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    terminal_only: bool = False,
) -> Notifier:
    """Desktop notifications when ``notify-send`` exists and a display is set, else the terminal."""
    terminal = TerminalNotifier(console)
    env = os.environ if env is None else env
    command = which("notify-send")
    has_display = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    if terminal_only or command is None or not has_display:
        return terminal
    return DesktopNotifier(command, terminal)


class FakeClock:
    """A clock whose ``sleep`` moves time forward instantly (for tests and doctests)."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def sleep(self, seconds: float) -> None:
        self.current += timedelta(seconds=max(seconds, 0))


class BreakRunner:
    """Waits for each reminder of the schedule and sends it through the notifier."""

    def __init__(
        self,
        settings: BreakSettings,
        notifier: Notifier,
        *,
        routines: tuple[BreakRoutine, ...] | None = None,
        clock: Callable[[], datetime] = datetime.now,
        sleep: Callable[[float], None] = _time.sleep,
        on_sent: Callable[[Reminder], None] | None = None,
    ) -> None:
        self.settings = settings
        self.notifier = notifier
        self.routines = routines
        self.clock = clock
        self.sleep = sleep
        self.on_sent = on_sent

    def send(self, reminder: Reminder) -> None:
        self.notifier.notify(reminder.title, reminder.body)
        if self.on_sent is not None:
            self.on_sent(reminder)

    def run_once(self) -> Reminder:
        """Send the next reminder right away (to try the notifications) and return it."""
        reminder = next_reminder(self.clock(), self.settings, self.routines)
        self.send(reminder)
        return reminder

    def run(self, *, for_minutes: float | None = None) -> list[Reminder]:
        """Send reminders as they fall due; stop after ``for_minutes`` (None: until interrupted)."""
        start = self.clock()
        deadline = None if for_minutes is None else start + timedelta(minutes=for_minutes)
        sent: list[Reminder] = []
        last = start
        while True:
            reminder = next_reminder(last, self.settings, self.routines)
            if deadline is not None and reminder.at > deadline:
                self._sleep_until(deadline)
                return sent
            self._sleep_until(reminder.at)
            self.send(reminder)
            sent.append(reminder)
            last = reminder.at

    def _sleep_until(self, when: datetime) -> None:
        # Sleep in short steps: a laptop that was suspended wakes up late, and long single
        # sleeps would then miss the reminder time by the length of the suspension.
        while (remaining := (when - self.clock()).total_seconds()) > 0:
            self.sleep(min(remaining, 60.0))

"""Keep the native libraries' log lines (TensorFlow Lite, absl) out of the terminal.

MediaPipe's C++ code writes "INFO: Created TensorFlow Lite XNNPACK delegate" and absl warnings
straight to file descriptor 2, past Python, and no environment variable silences all of them.
:func:`native_stderr_silenced` points fd 2 at /dev/null while the model runs and gives Python a
new ``sys.stderr`` on the real terminal, so our own messages and progress bars still show.
Worker processes started inside the block inherit the silence. Set ``HIPCOACH_NATIVE_LOGS=1``
to see the native lines (debugging a model problem).

>>> with native_stderr_silenced():
...     print("still visible", file=sys.stderr)  # doctest: +SKIP
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO


def terminal_stderr() -> IO[str]:
    """A text stream on a duplicate of the current stderr, unaffected by later fd-2 redirection
    (for consoles created before :func:`native_stderr_silenced`). Falls back to ``sys.stderr``
    where it has no file descriptor (pytest's capture)."""
    try:
        fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return sys.stderr
    return os.fdopen(os.dup(fd), "w", buffering=1, encoding="utf-8", errors="replace")


@contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Send fd 2 to /dev/null for the block; Python's ``sys.stderr`` keeps the terminal."""
    if os.environ.get("HIPCOACH_NATIVE_LOGS"):
        yield
        return
    real_fd: int | None
    try:
        sys.stderr.flush()
        real_fd = sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        real_fd = None  # sys.stderr is not fd 2 (captured): leave it alone
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    old_stderr = sys.stderr
    python_side = None
    try:
        os.dup2(devnull, 2)
        if real_fd == 2:
            # Python's own stderr moves to the saved descriptor: tracebacks and prints still show.
            python_side = os.fdopen(os.dup(saved), "w", buffering=1, encoding="utf-8")
            sys.stderr = python_side
        yield
    finally:
        if python_side is not None:
            python_side.flush()
        sys.stderr = old_stderr
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
        if python_side is not None:
            python_side.close()

"""Where the pose workers come from: multiprocessing's fork server, and starting it early.

This module imports nothing but the standard library, so a command can start the fork server
before its own imports and the server's start-up (a fresh interpreter that imports numpy, PyAV
and the lean mediapipe: ``pool_start_s`` in ``benchmarks/speed.py``, about half a second) runs
on the other core while the command is still loading. ``hipcoach analyze`` and ``hipcoach demo``
do that; the workers of :mod:`hipcoach.pose.parallel` then start in a few milliseconds.

>>> start_early()  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing as mp
import os
import sys
from collections.abc import Iterator
from multiprocessing.context import ForkServerContext
from typing import Any

# What the fork server imports once, before it forks any worker: the worker's own module and
# the lean mediapipe import (hipcoach.pose.mp_runtime), so no worker pays for either.
PRELOAD = ["hipcoach.pose.parallel", "hipcoach.pose._preload"]


# BlazePose's model runs on at most this many threads: the only count measured (2 cores, see
# hipcoach.pose.mp_runtime.pose_solution).
MAX_MODEL_THREADS = 2
# The cores this process may use for the pose model: the machine's, unless it is one of several
# pose workers sharing them (set by the worker itself).
_cores_for_model: int | None = None


def share_cores(workers: int) -> None:
    """Called in a pose worker: ``workers`` processes share the machine's cores."""
    global _cores_for_model
    _cores_for_model = max(1, _cpu_count() // max(1, workers))


def pin_worker(index: int, workers: int) -> None:
    """Keep pose worker ``index`` on one core of its own, when there are as many workers as
    cores (each then has a core to itself; with more cores than workers the scheduler is left
    free to pick idle ones).

    Measured on 2 cores, the 60 s 720p clip, 7 alternating pairs of runs: realtime factor
    median 8.23 pinned against 7.32 free (pinned faster in 6 of 7), workers' CPU time median
    14.3 s against 15.3 s: a worker that stays on its core keeps its caches. The landmarks do
    not change. Threads the worker starts afterwards (the model's) inherit the core.
    """
    cpus = sorted(_affinity())
    if len(cpus) < 2 or workers < len(cpus):
        return
    with contextlib.suppress(OSError):  # a sandbox that forbids it: run unpinned
        os.sched_setaffinity(0, {cpus[index % len(cpus)]})


def _affinity() -> set[int]:
    try:
        return set(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return set()


def model_threads() -> int:
    """Threads for the pose model in this process: one per core it may use, at most
    ``MAX_MODEL_THREADS`` (two workers on two cores: one each; the live coach: two)."""
    cores = _cores_for_model if _cores_for_model is not None else _cpu_count()
    return max(1, min(MAX_MODEL_THREADS, cores))


def _cpu_count() -> int:
    return len(_affinity()) or os.cpu_count() or 1


@functools.lru_cache(maxsize=1)
def context() -> ForkServerContext:
    """The multiprocessing context every pose worker starts from.

    forkserver: children fork from a clean single-threaded server (mediapipe's threads in this
    process are never copied) yet skip spawn's fresh interpreter start per worker.
    """
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start_early(wait: bool = False) -> None:
    """Start the fork server now; ``wait``: return only once it can fork (it has done its
    imports), else at once.

    It keeps running for this process's lifetime (it ends with it), and the first worker
    started later is forked from it at once. Harmless when no worker is ever started, beyond
    the server's own start-up on the idle core and its memory (about 75 MB resident) while it waits.
    """
    from multiprocessing import forkserver

    ctx = context()
    forkserver.ensure_running()
    if wait:
        with main_module_hidden():
            probe = ctx.Process(target=os.getpid)
            probe.start()
        probe.join()


@contextlib.contextmanager
def main_module_hidden() -> Iterator[None]:
    """Start workers without telling them the parent's ``__main__``.

    multiprocessing's forkserver children re-import the parent's main script (``hipcoach``'s
    command line, a benchmark) so that its functions can be unpickled. The workers run only
    hipcoach's own functions (:mod:`hipcoach.pose.parallel`), so that import is pure cost:
    measured at about 100 MB and 1-3 CPU seconds per worker (the CLI's or the benchmark's
    imports: the analysis, scipy, rich). Without ``__file__`` and ``__spec__`` on ``__main__``
    the preparation data names no main module, and the child skips it.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved: dict[str, Any] = {
        k: main.__dict__[k] for k in ("__file__", "__spec__") if k in main.__dict__
    }
    main.__dict__.pop("__file__", None)
    main.__dict__["__spec__"] = None
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)

"""A writer killed with SIGKILL mid-way loses nothing it reported as committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from hipcoach.store import open_store

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date, timedelta
    from hipcoach.store import LoggedSession, SetEntry, open_store

    store = open_store(url=sys.argv[1])
    start = date(2020, 1, 1)
    i = 0
    while True:
        entries = tuple(
            SetEntry(exercise_id="glute-bridge", set_index=k, reps=10 + k, notes="z" * 300)
            for k in range(1, 6)
        )
        saved = store.add_session(
            LoggedSession(day=start + timedelta(days=i), entries=entries, notes=f"n{i}")
        )
        # Reported only after add_session returned, i.e. after COMMIT.
        print(saved.id, flush=True)
        i += 1
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_killed_writer_loses_nothing_committed(db_url: str) -> None:
    with open_store(url=db_url):
        pass  # create the schema first, so the writer only writes sessions
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, db_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    assert proc.stdout is not None
    reported: list[int] = []
    deadline = time.monotonic() + 60
    while len(reported) < 40 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        reported.append(int(line))
    proc.send_signal(signal.SIGKILL)
    # Lines already in the pipe were committed too.
    rest, err = proc.communicate(timeout=30)
    reported += [int(x) for x in rest.split()]
    assert proc.returncode == -signal.SIGKILL, err
    assert len(reported) >= 40, err

    with open_store(url=db_url) as store:
        sessions = store.sessions()
        ids = {s.id for s in sessions}
        assert set(reported) <= ids
        # Whatever made it in, made it in whole: every session has all five sets.
        assert all(len(s.entries) == 5 for s in sessions)
        assert store.info().counts["set_entries"] == 5 * len(sessions)
        # Still writable after the crash.
        store.add_session(sessions[0].__class__(day=sessions[0].day, notes="after"))

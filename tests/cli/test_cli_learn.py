"""``hipcoach learn``: the list of topics and one topic."""

from __future__ import annotations

import json


def test_learn_lists_topics(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["learn"])
    assert code == 0
    assert "anterior-pelvic-tilt" in out and "sitting-breaks" in out


def test_learn_json(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["learn", "--json"])
    assert code == 0
    topics = json.loads(out)
    assert {"hip-extension", "anterior-pelvic-tilt", "sitting"} <= {t["id"] for t in topics}
    assert all(set(t) == {"id", "title", "summary"} for t in topics)


def test_learn_topic(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli(["learn", "anterior-pelvic-tilt"])
    assert code == 0
    assert "Anterior pelvic tilt" in out
    assert "Psoas major" in out  # muscle names, not ids
    code, out, _ = cli(["learn", "sitting-breaks", "--json"])
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "sitting-breaks" and data["body"]


def test_learn_unknown_topic(cli) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(["learn", "pelvic-tilt"])
    assert code == 2
    assert "unknown topic id 'pelvic-tilt'" in err
    assert "anterior-pelvic-tilt" in err

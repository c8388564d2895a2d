"""What 'healthy' means: the pure readiness decision and the health file healthcheck reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.ops.health import HealthState, read_health, readiness, write_health

NOW = 1_000_000.0
CASES = [  # (last completed cycle, db error, scheduler running, ready, words in the reasons)
    (NOW - 10, None, True, True, []),
    (NOW - 179, None, True, True, []),
    (NOW - 181, None, True, False, ["last completed poll cycle 181s ago (> 180s)"]),
    (None, None, True, False, ["no poll cycle completed since the start 30s ago"]),
    (NOW - 10, "OperationalError: gone", True, False, ["database unreachable: OperationalError: gone"]),
    (NOW - 10, None, False, False, ["scheduler is not running"]),
    (NOW - 500, "X", False, False, ["database", "scheduler", "500s ago"]),
]


@pytest.mark.parametrize(("last", "db_error", "running", "ready", "words"), CASES)
def test_readiness(last: float | None, db_error: str | None, running: bool, ready: bool,
                   words: list[str]) -> None:
    state = readiness(NOW, started_at=NOW - 30, last_cycle_at=last, max_cycle_age=180, db_error=db_error,
                      scheduler_running=running)
    assert state.ready is ready
    for word in words:
        assert word in "; ".join(state.reasons)


def test_a_failed_cycle_does_not_count_as_completed() -> None:
    """The old heartbeat was written in `finally`: failing cycles looked healthy."""
    health = HealthState(max_cycle_age=0.5, started_at=0.0)
    health.cycle_failed("OperationalError: no such table")
    assert not health.check(db_error=None, scheduler_running=True).ready
    health.cycle_completed()
    assert health.check(db_error=None, scheduler_running=True).ready


FILES = [  # (file contents or None, judged at, max age, ready, words)
    (None, NOW, 60, False, ["no health file"]),
    ("{not json", NOW, 60, False, ["unreadable health file"]),
    ({"ready": True, "reasons": [], "checked_at": NOW - 5, "last_cycle_at": NOW - 20, "max_cycle_age": 180},
     NOW, 60, True, []),
    ({"ready": True, "reasons": [], "checked_at": NOW - 61, "last_cycle_at": NOW - 61, "max_cycle_age": 180},
     NOW, 60, False, ["last checked its health 61s ago"]),       # the daemon is gone or stuck
    ({"ready": True, "reasons": [], "checked_at": NOW - 5, "last_cycle_at": NOW - 200, "max_cycle_age": 180},
     NOW, 60, False, ["200s ago (> 180s)"]),
    ({"ready": False, "reasons": ["database unreachable: X"], "checked_at": NOW - 5, "last_cycle_at": NOW - 20,
      "max_cycle_age": 180}, NOW, 60, False, ["database unreachable: X"]),
    # the file is rewritten every 5 s: a short bound is judged when the daemon checked, as /readyz judged it
    ({"ready": True, "reasons": [], "checked_at": NOW - 4, "last_cycle_at": NOW - 5, "max_cycle_age": 3},
     NOW, 60, True, []),
]


@pytest.mark.parametrize(("content", "at", "max_age", "ready", "words"), FILES)
def test_read_health(tmp_path: Path, content: object, at: float, max_age: float, ready: bool,
                     words: list[str]) -> None:
    path = tmp_path / "health.json"
    if isinstance(content, dict):
        path.write_text(json.dumps(content), encoding="utf-8")
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    state = read_health(path, at, max_age)
    assert state.ready is ready
    for word in words:
        assert word in "; ".join(state.reasons)


def test_write_then_read(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "health.json"
    state = readiness(NOW, started_at=NOW - 60, last_cycle_at=NOW - 3, max_cycle_age=180, db_error=None,
                      scheduler_running=True)
    write_health(path, state)
    assert read_health(path, NOW + 1, 60).ready
    assert [p.name for p in path.parent.iterdir()] == ["health.json"]      # no temp file left
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700

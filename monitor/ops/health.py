"""What 'healthy' means, in one place: /readyz, the health file and ``disinfo-monitor healthcheck``."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HEALTH_FILE = "health.json"


@dataclass(frozen=True)
class Readiness:
    """Ready: the database answers, the scheduler runs and a poll cycle completed recently."""

    ready: bool
    reasons: tuple[str, ...]
    checked_at: float                    # unix time
    last_cycle_at: float | None
    max_cycle_age: float

    def to_json(self) -> dict[str, Any]:
        return {"ready": self.ready, "reasons": list(self.reasons), "checked_at": self.checked_at,
                "last_cycle_at": self.last_cycle_at, "max_cycle_age": self.max_cycle_age,
                "pid": os.getpid()}

    def summary(self) -> str:
        if self.ready:
            assert self.last_cycle_at is not None
            return f"ready: last poll cycle completed {self.checked_at - self.last_cycle_at:.0f}s ago"
        return "not ready: " + "; ".join(self.reasons)


def readiness(now: float, *, started_at: float, last_cycle_at: float | None, max_cycle_age: float,
              db_error: str | None, scheduler_running: bool, console_error: str | None = None) -> Readiness:
    """The pure decision (times in unix seconds)."""
    reasons: list[str] = []
    if console_error is not None:         # the in-daemon console (console.in_daemon) died
        reasons.append(console_error)
    if db_error is not None:
        reasons.append(f"database unreachable: {db_error}")
    if not scheduler_running:
        reasons.append("scheduler is not running")
    if last_cycle_at is None:
        reasons.append(f"no poll cycle completed since the start {now - started_at:.0f}s ago")
    elif now - last_cycle_at > max_cycle_age:
        reasons.append(f"last completed poll cycle {now - last_cycle_at:.0f}s ago (> {max_cycle_age:.0f}s)")
    return Readiness(not reasons, tuple(reasons), now, last_cycle_at, max_cycle_age)


@dataclass
class HealthState:
    """The daemon's live health facts (in memory; the health file mirrors them for other processes)."""

    max_cycle_age: float
    started_at: float = field(default_factory=time.time)
    last_cycle_at: float | None = None
    last_error: str | None = None

    def cycle_completed(self) -> None:
        self.last_cycle_at, self.last_error = time.time(), None

    def cycle_failed(self, error: str) -> None:
        self.last_error = error

    def check(self, *, db_error: str | None, scheduler_running: bool, console_error: str | None = None) -> Readiness:
        return readiness(time.time(), started_at=self.started_at, last_cycle_at=self.last_cycle_at,
                         max_cycle_age=self.max_cycle_age, db_error=db_error,
                         scheduler_running=scheduler_running, console_error=console_error)


def write_health(path: Path, state: Readiness) -> None:
    """Atomically replace the health file (a reader never sees half of it); 0600 in a 0700 dir."""
    from monitor.store.db import ensure_private_dir

    ensure_private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(json.dumps(state.to_json()))
    os.replace(tmp, path)


def read_health(path: Path, now: float, max_age: float) -> Readiness:
    """The daemon's last readiness from ``path``; at ``now``, a file older than ``max_age`` means
    the daemon is gone or stuck."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        checked_at, last = float(data["checked_at"]), data.get("last_cycle_at")
        bound = float(data["max_cycle_age"])
        reasons = [str(r) for r in data.get("reasons", [])]
    except FileNotFoundError:
        return Readiness(False, (f"no health file at {path} (is the daemon running?)",), now, None, 0)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return Readiness(False, (f"unreadable health file {path}: {exc}",), now, None, 0)
    last_at = float(last) if last is not None else None
    if now - checked_at > max_age:
        reasons = [f"the daemon last checked its health {now - checked_at:.0f}s ago (> {max_age:.0f}s)"]
    elif not reasons and (last_at is None or checked_at - last_at > bound):
        # judged when the daemon checked, as /readyz judged it: the file is only rewritten every
        # few seconds, so judging it now would call a daemon with a short bound unhealthy
        reasons = [f"last completed poll cycle {now - (last_at or checked_at):.0f}s ago (> {bound:.0f}s)"]
    return Readiness(not reasons, tuple(reasons), now, last_at, bound)

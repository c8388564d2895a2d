"""Several daemons on one PostgreSQL database: each feed polled once per cycle, hits stored once,
alerts sent once, a killed replica's feeds taken over after its lease, simultaneous first starts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from monitor.store import models
from monitor.store.db import create_db_engine
from tests.e2e.feeds import many_feeds_config
from tests.servers import LoopbackServer

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
INTERVAL = 8.0          # each feed's poll interval; the daemons tick every INTERVAL / 2


def _config(tmp_path: Path, db: str, server: LoopbackServer, receiver: LoopbackServer, feeds: int,
            lease: str = "30s", workers: int = 0) -> Path:
    """``feeds`` loopback feeds of 3 items each; every 25th carries a claim (a hit)."""
    text = many_feeds_config(db, server, receiver, feeds, claim_every=25)
    # delivery.lease 5s (default 2 min): a replica SIGKILLed while it holds a message's lease stalls its
    # destination until the lease ends; the tests wait 30 s for every alert
    text += (f"fetch:\n  interval: {INTERVAL}s\n  min_interval: {INTERVAL}s\n  jitter: 0\n  lease: {lease}\n"
             f"  workers: {workers}\n  allow_private_networks: true\n  concurrency: 16\n"
             f"delivery:\n  interval: 1s\n  lease: 5s\ndaemon:\n  poll_tick: {INTERVAL / 2}s\n")
    path = tmp_path / "monitor.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def _replicas(config: Path, tmp_path: Path, count: int) -> Iterator[list[subprocess.Popen[str]]]:
    procs = []
    with ExitStack() as logs:
        for i in range(count):
            env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / f"data{i}")}
            log = logs.enter_context(open(tmp_path / f"replica{i}.log", "w"))  # noqa: SIM115
            procs.append(subprocess.Popen([sys.executable, "-m", "monitor", "run", "--config", str(config)],
                                          stdout=subprocess.DEVNULL, stderr=log, text=True, env=env))
    try:
        yield procs
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()


def _gets(server: LoopbackServer) -> dict[str, list[float]]:
    out: dict[str, list[float]] = defaultdict(list)
    for r in server.requests:
        if r.method == "GET" and r.path.startswith("/f/"):
            out[r.path].append(r.at)
    return out


def _wait(what: str, cond: object, timeout: float, procs: list[subprocess.Popen[str]]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert all(p.poll() is None for p in procs if p.returncode != -signal.SIGKILL), "a replica exited"
        if cond():  # type: ignore[operator]
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists and has not exited (an exited one waiting to be reaped by
    init is a zombie: state Z)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2:][:1] != "Z"


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = [int(c) for c in path.read_text().split()]
        if found:
            return found
        time.sleep(0.2)
    return []


def _logs(tmp_path: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("replica*.log")))


def _assert_no_errors(logs: str) -> None:
    """No feed failed, no cycle failed, no race surfaced, no job cut off at SIGTERM (a running job
    stops at its next check instead: tests/e2e/test_shutdown.py)."""
    for bad in ("UniqueViolation", "IntegrityError", "cycle failed", "unexpected error", "feed failed", "Deadlock",
                "CancelledError"):
        assert bad not in logs, bad


def _all_sent(db: str) -> Callable[[], bool]:
    """Whether every delivery has left the queue (the daemons deliver every second)."""
    def check() -> bool:
        engine = create_db_engine(db)
        try:
            with engine.connect() as conn:
                return not conn.scalar(select(func.count()).select_from(models.Delivery)
                                       .where(models.Delivery.status == "pending"))
        finally:
            engine.dispose()
    return check


def _check_stored_once(db: str, feeds: int, receiver: LoopbackServer) -> None:
    engine = create_db_engine(db)
    try:
        with engine.connect() as conn:
            assert conn.scalar(select(func.count()).select_from(models.Item)) == feeds * 3 + (feeds + 24) // 25
            assert conn.scalar(select(func.count()).select_from(models.Hit)) == (feeds + 24) // 25
            statuses = conn.execute(select(models.Delivery.status, func.count())
                                    .group_by(models.Delivery.status)).all()
            sent = conn.scalar(select(func.count(func.distinct(models.Delivery.batch_key)))
                               .where(models.Delivery.status == "sent"))
    finally:
        engine.dispose()
    assert {s for s, _ in statuses} <= {"sent", "folded"}, statuses
    ids = [r.headers.get("webhook-id") for r in receiver.posts("/hook")]
    assert len(ids) == len(set(ids)) == sent       # every message once, none re-sent


def test_three_replicas_poll_each_feed_once_per_cycle(tmp_path: Path, postgres_url: str,
                                                      feed_server: LoopbackServer, receiver: LoopbackServer) -> None:
    feeds = 1000
    config = _config(tmp_path, postgres_url, feed_server, receiver, feeds)
    with _replicas(config, tmp_path, 3) as procs:
        # three cycles: every feed fetched three times
        _wait("three cycles", lambda: sum(len(v) >= 3 for v in _gets(feed_server).values()) == feeds,
              120, procs)
        _wait("every alert sent", _all_sent(postgres_url), 30, procs)
    gets = _gets(feed_server)
    assert len(gets) == feeds
    for path, times in gets.items():
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert min(gaps) >= INTERVAL / 2, (path, times)     # never two replicas on one due feed
    _check_stored_once(postgres_url, feeds, receiver)
    _assert_no_errors(_logs(tmp_path))


def test_a_killed_replicas_feeds_are_taken_over_after_its_lease(tmp_path: Path, postgres_url: str,
                                                                feed_server: LoopbackServer,
                                                                receiver: LoopbackServer) -> None:
    feeds = 400
    config = _config(tmp_path, postgres_url, feed_server, receiver, feeds, lease="6s", workers=2)
    with _replicas(config, tmp_path, 3) as procs:
        _wait("the first GETs", lambda: len(_gets(feed_server)) >= feeds // 4, 60, procs)
        workers = _children(procs[0].pid)
        assert workers                               # its parse workers
        procs[0].send_signal(signal.SIGKILL)
        procs[0].wait(timeout=10)
        killed_at = time.monotonic()
        _wait("every feed fetched", lambda: len(_gets(feed_server)) == feeds, 30, procs)
        engine = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://"))
        try:
            def all_polled() -> bool:
                with engine.connect() as conn:
                    return conn.scalar(select(func.count()).select_from(models.Feed)
                                       .where(models.Feed.last_success_at.is_(None))) == 0
            _wait("every feed's poll stored", all_polled, 6 + 3 * INTERVAL, procs)
        finally:
            engine.dispose()
        assert time.monotonic() - killed_at <= 6 + 3 * INTERVAL
        # its workers notice within a second (they look once a second) and exit; the takeover above
        # can be done sooner than that, so wait for them, within a bound
        _wait("the killed replica's workers to exit", lambda: not [p for p in workers if _running(p)],
              max(0.5, killed_at + 5 - time.monotonic()), procs)
        _wait("every alert sent", _all_sent(postgres_url), 30, procs)
    _check_stored_once(postgres_url, feeds, receiver)


def test_two_replicas_start_at_once_on_an_empty_database(tmp_path: Path, postgres_url: str,
                                                         feed_server: LoopbackServer,
                                                         receiver: LoopbackServer) -> None:
    config = _config(tmp_path, postgres_url, feed_server, receiver, 50)
    with _replicas(config, tmp_path, 2) as procs:
        _wait("both daemons up", lambda: _logs(tmp_path).count("daemon started") == 2, 60, procs)
        _wait("a cycle", lambda: len(_gets(feed_server)) == 50, 30, procs)
    assert all(p.returncode == 0 for p in procs), _logs(tmp_path)
    _assert_no_errors(_logs(tmp_path))

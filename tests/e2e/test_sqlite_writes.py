"""SQLite beside the daemon: other writers are not locked out while it matches (issue 10 item 14),
and a second daemon on the same file is refused."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
import types
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from monitor.app import build_app
from monitor.config.load import load_config
from monitor.match.types import Document, Hit, Matcher
from monitor.pipeline.poll import close_preparer, poll_feeds
from tests.e2e.test_pipeline import CONFIG, CONTRADICT, UNRELATED
from tests.servers import LoopbackServer, rss


@dataclass
class WritesWhileMatching:
    """Wraps the real matcher; on every document, another connection (as the CLI would) takes
    the write lock with a 0.5 s timeout and inserts a silence."""

    inner: Matcher
    path: str
    errors: list[str] = field(default_factory=list)
    writes: int = 0

    def classify(self, doc: Document) -> list[Hit]:
        conn = sqlite3.connect(self.path, timeout=0.5, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO silences (target, value, until, comment, created_at) "
                         "VALUES ('feed', 'x', '2030-01-01 00:00:00', 'cli', '2026-01-01 00:00:00')")
            conn.execute("COMMIT")
            self.writes += 1
        except sqlite3.OperationalError as exc:
            self.errors.append(str(exc))
        finally:
            conn.close()
        return self.inner.classify(doc)

    @property
    def denial_ids(self) -> list[str]:
        return list(self.inner.denial_ids)


def test_a_cli_write_is_not_locked_out_while_items_are_matched(tmp_path: Path, sqlite_url: str,
                                                               feed_server: LoopbackServer,
                                                               receiver: LoopbackServer) -> None:
    config = tmp_path / "monitor.yaml"
    config.write_text(CONFIG.format(db=sqlite_url, feed=feed_server.url("/feed.xml"), hook=receiver.url("/hook")),
                      encoding="utf-8")
    feed_server.set("/feed.xml", body=rss([CONTRADICT, UNRELATED]))
    app = build_app(load_config(str(config)))
    try:
        probe = WritesWhileMatching(app.matcher, sqlite_url.removeprefix("sqlite:///"))
        app.matcher = probe
        report = asyncio.run(poll_feeds(app, force=True))
    finally:
        app.close()
    assert report.new_items == 2 and report.hits == 1
    assert probe.errors == [] and probe.writes == 2      # before: "database is locked" twice


def test_a_second_daemon_on_one_sqlite_file_is_refused(tmp_path: Path, sqlite_url: str,
                                                       feed_server: LoopbackServer,
                                                       receiver: LoopbackServer) -> None:
    config = tmp_path / "monitor.yaml"
    config.write_text(CONFIG.format(db=sqlite_url, feed=feed_server.url("/feed.xml"), hook=receiver.url("/hook")),
                      encoding="utf-8")
    feed_server.set("/feed.xml", body=rss([UNRELATED]))
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data")}
    cmd = [sys.executable, "-m", "monitor", "run", "--config", str(config)]
    first = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not Path(sqlite_url.removeprefix("sqlite:///") + ".daemon.lock").exists():
            time.sleep(0.1)
        time.sleep(0.5)
        second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    finally:
        first.terminate()
        first.communicate(timeout=30)
    assert second.returncode == 1
    assert "another daemon is already running on the SQLite file" in second.stderr
    assert "PostgreSQL" in second.stderr


def test_parse_workers_return_items_and_errors(tmp_path: Path, sqlite_url: str, feed_server: LoopbackServer,
                                               receiver: LoopbackServer) -> None:
    """fetch.workers: 2 runs parsing and matching in worker processes: the good feed's items and
    hit come back, the HTML page fails on its own with the parser's message."""
    config = tmp_path / "monitor.yaml"
    text = CONFIG.format(db=sqlite_url, feed=feed_server.url("/feed.xml"), hook=receiver.url("/hook"))
    text = text.replace("denials:\n", f'  - url: "{feed_server.url("/page.html")}"\ndenials:\n', 1)
    config.write_text(text + "fetch:\n  workers: 2\n  allow_private_networks: true\n", encoding="utf-8")
    feed_server.set("/feed.xml", body=rss([CONTRADICT, UNRELATED]))
    feed_server.set("/page.html", body="<html><body><p>not a feed</p></body></html>",
                    headers={"Content-Type": "text/html"})
    app = build_app(load_config(str(config)))
    try:
        report = asyncio.run(poll_feeds(app, force=True))
    finally:
        close_preparer(app)
        app.close()
    assert (report.new_items, report.hits, report.failed) == (2, 1, 1)
    assert "page.html" in report.errors[0][0]


@dataclass
class FailsOnOneItem:
    inner: Matcher

    def classify(self, doc: Document) -> list[Hit]:
        if "dismisses" in doc.title:
            raise RuntimeError("matcher bug")
        return self.inner.classify(doc)

    @property
    def denial_ids(self) -> list[str]:
        return list(self.inner.denial_ids)


def test_a_matcher_error_costs_one_items_hits_only(tmp_path: Path, sqlite_url: str, feed_server: LoopbackServer,
                                                   receiver: LoopbackServer) -> None:
    config = tmp_path / "monitor.yaml"
    config.write_text(CONFIG.format(db=sqlite_url, feed=feed_server.url("/feed.xml"), hook=receiver.url("/hook")),
                      encoding="utf-8")
    feed_server.set("/feed.xml", body=rss([CONTRADICT, UNRELATED]))
    app = build_app(load_config(str(config)))
    try:
        app.matcher = FailsOnOneItem(app.matcher)
        report = asyncio.run(poll_feeds(app, force=True))
    finally:
        app.close()
    assert (report.new_items, report.hits, report.failed) == (2, 1, 0)


def _two_feed_app(tmp_path: Path, sqlite_url: str, feed_server: LoopbackServer, receiver: LoopbackServer,
                  workers: str) -> object:
    config = tmp_path / "monitor.yaml"
    text = CONFIG.format(db=sqlite_url, feed=feed_server.url("/feed.xml"), hook=receiver.url("/hook"))
    config.write_text(text + f"fetch:\n{workers}  allow_private_networks: true\n", encoding="utf-8")
    feed_server.set("/feed.xml", body=rss([CONTRADICT, UNRELATED]))
    return build_app(load_config(str(config)))


def test_default_workers_prepare_a_small_cycle_in_a_thread(tmp_path: Path, sqlite_url: str,
                                                           feed_server: LoopbackServer,
                                                           receiver: LoopbackServer,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """With the default fetch.workers, a cycle without a backlog never starts the process pool
    (and this process keeps its language model's pages: it still guesses)."""
    from monitor.pipeline import workers
    from monitor.pipeline.poll import preparer
    from monitor.pipeline.workers import default_workers

    released: list[int] = []
    monkeypatch.setattr(workers, "release_table_pages", lambda: released.append(1) or 1)
    app = _two_feed_app(tmp_path, sqlite_url, feed_server, receiver, "")
    try:
        report = asyncio.run(poll_feeds(app, force=True))   # type: ignore[arg-type]
        prep = preparer(app)                                 # type: ignore[arg-type]
        assert prep.workers == default_workers() and prep.backlog is not None
        assert not prep.started and not released
    finally:
        close_preparer(app)                                  # type: ignore[arg-type]
        app.close()                                          # type: ignore[attr-defined]
    assert (report.new_items, report.hits, report.failed) == (2, 1, 0)


def test_a_backlog_starts_the_process_pool(tmp_path: Path, sqlite_url: str, feed_server: LoopbackServer,
                                           receiver: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bodies waiting for the thread beyond the backlog go to the pool, with the same results; the
    process that handed its work over gives back its language model's pages, once."""
    from monitor.pipeline import poll, workers
    from monitor.pipeline.workers import Preparer

    released: list[int] = []
    monkeypatch.setattr(workers, "release_table_pages", lambda: released.append(1) or 1)
    app = _two_feed_app(tmp_path, sqlite_url, feed_server, receiver, "")
    poll._preparers[app.engine] = prep = Preparer(app, 2, backlog=0)   # type: ignore[attr-defined]
    try:
        report = asyncio.run(poll_feeds(app, force=True))   # type: ignore[arg-type]
        assert prep.started and released == [1]
        assert prep.executor is not None and prep.executor._processes  # type: ignore[attr-defined]
    finally:
        close_preparer(app)                                  # type: ignore[arg-type]
        app.close()                                          # type: ignore[attr-defined]
    assert (report.new_items, report.hits, report.failed) == (2, 1, 0)


@pytest.mark.parametrize(("rate", "waiting", "body", "in_thread"), [
    (None, 0, 117_000, True),              # before any body: 1 s/MB assumed, 0.12 s of work
    (None, 1_900_000, 117_000, False),     # about 2 MB of new bodies waiting: 2 s, the pool starts
    (1e-7, 7_000_000, 117_000, True),      # the thread showed cheap bodies (mostly stored items)
    (1e-6, 7_000_000, 117_000, False),     # ... or costly ones
])
def test_the_pool_starts_on_estimated_seconds_of_backlog(rate: float | None, waiting: int, body: int,
                                                         in_thread: bool) -> None:
    from monitor.pipeline.prepare import Job
    from monitor.pipeline.workers import POOL_BACKLOG_SECONDS, Preparer

    prep = Preparer(None, 2, backlog=POOL_BACKLOG_SECONDS)   # type: ignore[arg-type]
    if rate is not None:
        prep._rate = rate
    prep._waiting = waiting
    assert prep._in_thread(Job(feed_id=1, label=None, url="u", body=b"x" * body, content_type=None)) is in_thread


def test_the_thread_measures_its_cost_per_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_timed`` moves the rate toward the thread's CPU seconds per body byte."""
    from monitor.pipeline import workers
    from monitor.pipeline.prepare import Job

    def busy(job: Job, *_: object) -> str:
        end = time.thread_time() + 0.05
        while time.thread_time() < end:
            pass
        return "prepared"

    monkeypatch.setattr(workers, "prepare_feed", busy)
    prep = workers.Preparer(types.SimpleNamespace(sessions=None, matcher=None), 2, backlog=2.0)  # type: ignore[arg-type]
    for _ in range(20):
        assert prep._timed(Job(feed_id=1, label=None, url="u", body=b"x" * 1_000_000, content_type=None)) == "prepared"
    assert 0.04e-6 < prep._rate < 0.2e-6     # about 0.05 s per MB, far below the 1 s/MB assumed first

"""SIGTERM in the middle of a long poll cycle: the daemon claims nothing more, gives back the feeds it
did not poll, finishes the send in hand and exits within seconds; the next start polls the rest and
every hit is delivered exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from monitor.store import models
from monitor.store.db import create_db_engine
from tests.e2e.feeds import many_feeds_config
from tests.e2e.test_operations import daemon, events, log_lines, wait_for
from tests.e2e.test_pipeline import CONFIG, CONTRADICT
from tests.servers import LoopbackServer, rss

pytestmark = pytest.mark.slow
FEEDS = 240           # 3 items each; every 10th also carries a claim (a hit)
FEED_DELAY = 0.5      # each feed answers after this long: 240 feeds at 8 at a time take 15 s
POST_DELAY = 2.0      # so does the webhook receiver: the signal comes while a send is in flight
EXIT_WITHIN = 5.0


def _config(tmp_path: Path, db: str, server: LoopbackServer, receiver: LoopbackServer) -> Path:
    receiver.set_default(200, b"ok", delay=POST_DELAY)
    text = many_feeds_config(db, server, receiver, FEEDS, claim_every=10, delay=FEED_DELAY)
    # an interval of an hour: a feed polled by the first run is not due for the second; one message
    # per hit (a copy of a story whose message is formed and not sent yet is folded into it)
    text += ("fetch:\n  interval: 1h\n  jitter: 0\n  concurrency: 8\n  per_host_concurrency: 8\n"
             "  allow_private_networks: true\n"
             "delivery:\n  interval: 1s\n  group:\n    wait: 0s\n    interval: 0s\n    repeat: 0s\n    max_hits: 1\n"
             "daemon:\n  poll_tick: 1s\n")
    path = tmp_path / "monitor.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _feed_gets(server: LoopbackServer, after: float = 0.0) -> list[tuple[str, float]]:
    return [(r.path, r.at) for r in server.requests if r.method == "GET" and r.path.startswith("/f/") and r.at >= after]


def _posted_hit_ids(receiver: LoopbackServer) -> list[int]:
    return [json.loads(r.body)["data"]["hit_id"] for r in receiver.posts("/hook")]


def _db_state(db: str) -> dict[str, object]:
    engine = create_db_engine(db)
    try:
        with engine.connect() as conn:
            F = models.Feed  # noqa: N806
            return {
                "polled": set(conn.scalars(select(F.url).where(F.last_success_at.is_not(None)))),
                "leased": conn.scalar(select(func.count()).select_from(F).where(F.lease_until.is_not(None))),
                "items": conn.scalar(select(func.count()).select_from(models.Item)),
                "hits": set(conn.scalars(select(models.Hit.id))),
                "pending": conn.scalar(select(func.count()).select_from(models.Delivery)
                                       .where(models.Delivery.status == "pending")),
                "status": dict(conn.execute(select(models.Delivery.hit_id, models.Delivery.status)).all()),
            }
    finally:
        engine.dispose()


def _stop(proc: subprocess.Popen[str]) -> tuple[float, float]:
    """SIGTERM; returns (when it was sent, seconds until the process exited)."""
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    return sent, time.monotonic() - sent


def test_sigterm_mid_cycle_stops_promptly_and_the_next_start_finishes_the_work(
        tmp_path: Path, database_url: str, feed_server: LoopbackServer, receiver: LoopbackServer) -> None:
    config = _config(tmp_path, database_url, feed_server, receiver)
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data"), "LOG_FORMAT": "json"}
    first_log = tmp_path / "first.log"
    with daemon(config, env, first_log) as proc:
        def mid_cycle_mid_send() -> bool:
            posts = receiver.posts("/hook")
            return (len(_feed_gets(feed_server)) >= FEEDS // 4 and len(posts) >= 2
                    and time.monotonic() - posts[-1].at < POST_DELAY / 2)

        wait_for("a quarter of the feeds fetched and a message being sent", mid_cycle_mid_send, proc)
        in_flight = receiver.posts("/hook")[-1].headers["webhook-id"]
        sent_at, took = _stop(proc)
        fetched = len(_feed_gets(feed_server))
    assert proc.returncode == 0, first_log.read_text()
    assert took <= EXIT_WITHIN, f"exit took {took:.1f}s"
    text = first_log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "cycle failed" not in text and "feed failed" not in text, text
    assert fetched < FEEDS, "the cycle was over before the signal: the test proves nothing"
    stopping = events(first_log, "stopping: no new work; running jobs finish what they hold")
    assert stopping[0]["jobs"] == 2, stopping                 # the poll and the delivery pass
    # the message on the wire when the signal came was answered and recorded, not cut off
    assert any(line.get("outcome") == "sent" and line.get("delivery") == in_flight
               for line in events(first_log, "delivery"))
    stopped_cycle = events(first_log, "poll cycle stopped")
    assert len(stopped_cycle) == 1 and stopped_cycle[0]["feeds_released"] > 0, stopped_cycle
    assert [line["event"] for line in log_lines(first_log)][-1] == "stopped"
    # nothing claimed after the signal (a request already on its way may land a moment later)
    assert not _feed_gets(feed_server, after=sent_at + 1.0)
    after_first = _db_state(database_url)
    assert after_first["leased"] == 0                         # every lease written or given back
    polled_first = after_first["polled"]
    assert isinstance(polled_first, set) and 0 < len(polled_first) < FEEDS
    assert stopped_cycle[0]["feeds_polled"] == len(polled_first)

    second_start = time.monotonic()
    second_log = tmp_path / "second.log"
    with daemon(config, env, second_log) as proc:
        def finished() -> bool:
            state = _db_state(database_url)
            return len(state["polled"]) == FEEDS and state["pending"] == 0  # type: ignore[arg-type]

        wait_for("every feed polled and every alert sent", finished, proc, timeout=90)
        _, took = _stop(proc)
    assert proc.returncode == 0, second_log.read_text()
    assert took <= EXIT_WITHIN, f"idle exit took {took:.1f}s"
    # the second run polled exactly the feeds the first did not
    second_paths = {path for path, _ in _feed_gets(feed_server, after=second_start)}
    assert {feed_server.url(p) for p in second_paths} == {feed_server.url(f"/f/{n}") for n in range(FEEDS)} - polled_first
    final = _db_state(database_url)
    assert final["items"] == FEEDS * 3 + FEEDS // 10                 # no item lost or stored twice
    assert len(final["hits"]) == FEEDS // 10                          # type: ignore[arg-type]
    status: dict[int, str] = final["status"]                          # type: ignore[assignment]
    assert set(status) == final["hits"] and set(status.values()) <= {"sent", "folded"}, status
    # every hit sent once, in one message, or folded into its story's message
    assert sorted(_posted_hit_ids(receiver)) == sorted(h for h, s in status.items() if s == "sent")
    ids = [r.headers.get("webhook-id") for r in receiver.posts("/hook")]
    assert len(ids) == len(set(ids))                                  # no message re-sent


def test_a_send_that_hangs_is_cut_off_after_the_grace(tmp_path: Path, sqlite_url: str, feed_server: LoopbackServer,
                                                      receiver: LoopbackServer) -> None:
    """A receiver that takes longer than STOP_GRACE: the delivery job is cancelled, the daemon still
    exits 0 well within the compose file's stop_grace_period (30 s)."""
    from monitor.daemon import STOP_GRACE

    feed_server.set("/feed.xml", body=rss([CONTRADICT]))
    receiver.set_default(200, b"ok", delay=60.0)
    config = tmp_path / "monitor.yaml"
    config.write_text(CONFIG.format(db=sqlite_url, feed=feed_server.url("/feed.xml"), hook=receiver.url("/hook"))
                      + "    timeout: 60s\ndelivery:\n  interval: 1s\n  group:\n    wait: 0s\n", encoding="utf-8")
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data"), "LOG_FORMAT": "json"}
    log = tmp_path / "daemon.log"
    with daemon(config, env, log) as proc:
        wait_for("the webhook on the wire", lambda: bool(receiver.posts("/hook")), proc)
        _, took = _stop(proc)
    assert proc.returncode == 0, log.read_text()
    assert STOP_GRACE <= took <= STOP_GRACE + EXIT_WITHIN, f"exit took {took:.1f}s"
    assert events(log, "jobs still running after the stop grace: cancelled")[0]["jobs"] == 1
    assert "Traceback" not in log.read_text(encoding="utf-8")         # the cut is logged once, as above
    assert [line["event"] for line in log_lines(log)][-1] == "stopped"


def test_run_once_stops_on_sigterm_gives_the_feeds_back_and_the_next_run_finishes(
        tmp_path: Path, sqlite_url: str, feed_server: LoopbackServer, receiver: LoopbackServer) -> None:
    """``run --once`` under a cron job's timeout: SIGTERM mid-cycle claims nothing more, writes the
    feeds in hand, gives the rest back, sends nothing more and exits 143 (128 + SIGTERM) within
    seconds; the next ``run --once`` polls every feed, stores no item twice and sends every hit once."""
    config = _config(tmp_path, sqlite_url, feed_server, receiver)
    receiver.set_default(200, b"ok")                              # no slow sends: none should start
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data"), "LOG_FORMAT": "json"}
    command = [sys.executable, "-m", "monitor", "run", "--once", "--config", str(config)]
    first_log = tmp_path / "first.log"
    with first_log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, text=True, env=env)
        try:
            wait_for("a quarter of the feeds fetched", lambda: len(_feed_gets(feed_server)) >= FEEDS // 4, proc)
            sent_at, took = _stop(proc)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    fetched = len(_feed_gets(feed_server))
    text = first_log.read_text(encoding="utf-8")
    assert proc.returncode == 128 + signal.SIGTERM, text
    assert took <= EXIT_WITHIN, f"exit took {took:.1f}s"
    assert fetched < FEEDS, "the run was over before the signal: the test proves nothing"
    assert "Traceback" not in text and "feed failed" not in text, text
    summary = events(first_log, "run once")[0]
    assert "released (stopping)" in summary["poll"] and summary["delivery"] == "not attempted (stopping)", summary
    assert events(first_log, "run once stopped")[0]["signal"] == "SIGTERM"
    assert not _feed_gets(feed_server, after=sent_at + 1.0)       # nothing claimed after the signal
    assert receiver.posts("/hook") == []                          # no delivery pass started
    after_first = _db_state(sqlite_url)
    assert after_first["leased"] == 0                             # every lease written or given back
    polled_first = after_first["polled"]
    assert isinstance(polled_first, set) and 0 < len(polled_first) < FEEDS

    second_start = time.monotonic()
    second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert second.returncode == 0, second.stderr
    # --once polls every feed, those of the first run too: theirs are duplicates, stored once
    second_paths = {path for path, _ in _feed_gets(feed_server, after=second_start)}
    assert second_paths == {f"/f/{n}" for n in range(FEEDS)}
    final = _db_state(sqlite_url)
    assert final["polled"] == {feed_server.url(f"/f/{n}") for n in range(FEEDS)}
    assert final["items"] == FEEDS * 3 + FEEDS // 10 and len(final["hits"]) == FEEDS // 10   # type: ignore[arg-type]
    status: dict[int, str] = final["status"]                          # type: ignore[assignment]
    assert set(status.values()) <= {"sent", "folded"}, status
    assert sorted(_posted_hit_ids(receiver)) == sorted(h for h, s in status.items() if s == "sent")

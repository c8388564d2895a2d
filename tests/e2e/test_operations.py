"""Running unattended, end to end: the daemon as a subprocess with its HTTP server and JSON logs;
the database breaks and comes back; SIGHUP reloads a good config and refuses a bad one."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.test_daemon import free_port
from tests.e2e.test_pipeline import CONFIG, CONTRADICT, MATCH, UNRELATED
from tests.servers import LoopbackServer, rss

TOKEN = "op-token-0123456789abcdef"
FAST = "delivery:\n  interval: 1s\ndaemon:\n  poll_tick: 1s\n  max_cycle_age: 4s\n"


def wait_for(what: str, check: Callable[[], bool], proc: subprocess.Popen[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the daemon exited ({proc.returncode}) while waiting for {what}"
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


@contextmanager
def daemon(config: Path, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[str]]:
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--config", str(config)],
                                stdout=subprocess.DEVNULL, stderr=err, text=True, env=env)
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)


def log_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of the log, parsed as JSON (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def events(path: Path, event: str) -> list[dict[str, Any]]:
    return [line for line in log_lines(path) if line.get("event") == event]


def healthcheck(env: dict[str, str]) -> int:
    return subprocess.run([sys.executable, "-m", "monitor", "healthcheck"], env=env,
                          capture_output=True, text=True, timeout=60).returncode


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def rename_schema(base_url: str, old: str, new: str) -> None:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'ALTER SCHEMA "{old}" RENAME TO "{new}"')


@pytest.mark.postgres
def test_readiness_follows_the_database_and_metrics_and_logs_tell_the_story(
        tmp_path: Path, postgres_url: str, feed_server: LoopbackServer, receiver: LoopbackServer) -> None:
    port = free_port()
    config = tmp_path / "monitor.yaml"
    config.write_text(CONFIG.format(db=postgres_url, feed=feed_server.url("/feed.xml"), hook=receiver.url("/hook"))
                      + FAST + f"http:\n  listen: 127.0.0.1:{port}\n  token: {TOKEN}\n", encoding="utf-8")
    feed_server.set("/feed.xml", body=rss([CONTRADICT, MATCH, UNRELATED]))
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data"), "LOG_FORMAT": "json"}
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    schema = re.search(r"search_path%3D(\w+)", postgres_url)
    assert schema is not None
    server_url = postgres_url.split("?")[0]
    log = tmp_path / "daemon.log"

    def ready() -> bool:
        try:
            return httpx.get(f"{base}/readyz", headers=auth, timeout=10).status_code == 200
        except httpx.TransportError:
            return False

    with daemon(config, env, log) as proc:
        wait_for("/readyz 200", ready, proc)
        wait_for("healthcheck 0", lambda: healthcheck(env) == 0, proc)
        wait_for("the alert", lambda: bool(receiver.posts("/hook")), proc)

        assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200          # no token needed
        assert httpx.get(f"{base}/metrics", timeout=10).status_code == 401
        assert httpx.get(f"{base}/readyz", timeout=10).status_code == 401
        assert httpx.get(f"{base}/metrics", headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
        assert httpx.get(f"{base}/", headers=auth, timeout=10).status_code == 404
        assert httpx.get(f"{base}/metrics/x", headers=auth, timeout=10).status_code == 404

        rename_schema(server_url, schema.group(1), schema.group(1) + "_away")      # the database breaks
        try:
            wait_for("/readyz 503", lambda: httpx.get(f"{base}/readyz", headers=auth, timeout=10).status_code == 503,
                     proc)
            body = httpx.get(f"{base}/readyz", headers=auth, timeout=10).json()
            assert body["ready"] is False and any("database" in r for r in body["reasons"]), body
            wait_for("healthcheck 1", lambda: healthcheck(env) == 1, proc)
            wait_for("a failed cycle", lambda: bool(events(log, "poll cycle failed")), proc)
            wait_for("'not ready' logged", lambda: any("database" in e["reasons"] for e in events(log, "not ready")),
                     proc)
        finally:
            rename_schema(server_url, schema.group(1) + "_away", schema.group(1))  # and comes back
        wait_for("/readyz 200 again", ready, proc)
        wait_for("healthcheck 0 again", lambda: healthcheck(env) == 0, proc)

        metrics = samples(httpx.get(f"{base}/metrics", headers=auth, timeout=10).text)
    assert proc.returncode == 0

    def value(name: str, **labels: str) -> float:
        return metrics.get((name, tuple(sorted(labels.items()))), 0.0)

    assert value("disinfo_monitor_polls_total", outcome="ok") >= 1
    assert value("disinfo_monitor_poll_cycles_total", outcome="failed") >= 1
    assert value("disinfo_monitor_poll_cycles_total", outcome="completed") >= 2
    assert value("disinfo_monitor_poll_cycle_duration_seconds_count") >= 2
    assert value("disinfo_monitor_items_ingested_total") == 3
    assert value("disinfo_monitor_hits_total", verdict="contradict", denial="sugovushan-meeting") == 1
    assert value("disinfo_monitor_hits_total", verdict="match", denial="sugovushan-meeting") == 1
    assert value("disinfo_monitor_feeds", health="ok") == 1
    assert value("disinfo_monitor_deliveries_total", outcome="sent") >= 1
    assert value("disinfo_monitor_delivery_queue_depth", destination="hook") == 0
    assert ("disinfo_monitor_delivery_oldest_pending_seconds", ()) in metrics
    assert value("disinfo_monitor_ready") == 1

    lines = log_lines(log)
    assert all(line["timestamp"].endswith("+00:00") for line in lines)
    cycle = events(log, "poll cycle")[0]
    assert cycle["level"] == "info" and cycle["feeds_polled"] == 1 and cycle["items_new"] == 3
    assert cycle["hits"] == 2 and isinstance(cycle["duration_s"], float)
    hits = events(log, "hit")
    assert sorted(h["verdict"] for h in hits) == ["contradict", "match"]
    assert all(h["feed"] == "wire" and h["denial"] == "sugovushan-meeting" for h in hits)
    sent = [d for d in events(log, "delivery") if d["outcome"] == "sent"]
    assert sent and sent[0]["destination"] == "hook"
    failed = events(log, "poll cycle failed")
    assert failed[0]["level"] == "error" and "UndefinedTable" in failed[0]["exception"]
    not_ready = [e for e in events(log, "not ready") if "database" in e["reasons"]]
    assert not_ready and not_ready[0]["level"] == "warning"
    assert events(log, "ready")                                   # and back
    assert "whsec_" not in log.read_text(encoding="utf-8")


SECOND = {"guid": "z9", "title": MATCH["title"].replace("denies", "again denies"),
          "description": MATCH["description"]}


def test_sighup_applies_a_good_config_and_refuses_a_bad_one(
        tmp_path: Path, sqlite_url: str, feed_server: LoopbackServer, receiver: LoopbackServer) -> None:
    config = tmp_path / "monitor.yaml"
    first = CONFIG.format(db=sqlite_url, feed=feed_server.url("/one.xml"), hook=receiver.url("/hook")) + FAST
    config.write_text(first, encoding="utf-8")
    feed_server.set("/one.xml", body=rss([CONTRADICT]))
    feed_server.set("/two.xml", body=rss([SECOND]))
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data"), "LOG_FORMAT": "json"}
    log = tmp_path / "daemon.log"
    with daemon(config, env, log) as proc:
        wait_for("the first hit", lambda: len(events(log, "hit")) == 1, proc)
        # a good config: a second feed, taken up without a restart
        second = first.replace("feeds:\n", f'feeds:\n  - name: wire2\n    url: "{feed_server.url("/two.xml")}"\n', 1)
        config.write_text(second, encoding="utf-8")
        proc.send_signal(signal.SIGHUP)
        wait_for("config reloaded", lambda: bool(events(log, "config reloaded")), proc)
        assert events(log, "config reloaded")[0]["feeds"] == 2
        wait_for("a hit from the new feed", lambda: any(h["feed"] == "wire2" for h in events(log, "hit")), proc)

        # a bad config: refused with the file, key and line; the running one stays
        config.write_text(second.replace("  - name: wire2\n", "  - nme: wire2\n", 1), encoding="utf-8")
        proc.send_signal(signal.SIGHUP)
        wait_for("reload refused", lambda: bool(events(log, "config reload refused; the running config stays")),
                 proc)
        refused = events(log, "config reload refused; the running config stays")[0]
        assert refused["level"] == "error"
        assert str(config) in refused["error"] and "feeds[0].nme" in refused["error"]
        health = tmp_path / "data" / "health.json"
        wait_for("the health file", health.exists, proc)
        before = json.loads(health.read_text(encoding="utf-8"))["last_cycle_at"]
        wait_for("cycles go on", lambda: json.loads(health.read_text(encoding="utf-8"))["last_cycle_at"] > before + 1,
                 proc)
        assert healthcheck(env) == 0
    assert proc.returncode == 0
    assert len(events(log, "config reloaded")) == 1

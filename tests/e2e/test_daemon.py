"""The daemon: polls at start, delivers, writes its health file, stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.e2e.test_pipeline import CONFIG, CONTRADICT
from tests.servers import LoopbackServer, rss


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_daemon_alerts_then_stops_on_sigterm(tmp_path: Path, sqlite_url: str, feed_server: LoopbackServer,
                                             receiver: LoopbackServer) -> None:
    config = tmp_path / "monitor.yaml"
    port = free_port()
    config.write_text(CONFIG.format(db=sqlite_url, feed=feed_server.url("/feed.xml"), hook=receiver.url("/hook"))
                      + f"delivery:\n  interval: 1s\nhttp:\n  listen: 127.0.0.1:{port}\n", encoding="utf-8")
    feed_server.set("/feed.xml", body=rss([CONTRADICT]))
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--config", str(config)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not receiver.posts("/hook"):
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.2)
        assert len(receiver.posts("/hook")) == 1
        for _ in range(60):      # the daemon checks its health every 5s
            health = subprocess.run([sys.executable, "-m", "monitor", "healthcheck"], env=env,
                                    capture_output=True, text=True, timeout=30)
            if health.returncode == 0:
                break
            time.sleep(0.5)
        assert health.returncode == 0, health.stderr
        metrics = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
        assert 'disinfo_monitor_delivery_sent_total{destination="hook"} 1.0' in metrics
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err


def test_healthcheck_fails_without_a_daemon(tmp_path: Path) -> None:
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "nothing-here")}
    health = subprocess.run([sys.executable, "-m", "monitor", "healthcheck"], env=env,
                            capture_output=True, text=True, timeout=30)
    assert health.returncode == 1
    assert "no health file" in health.stderr

"""``console.in_daemon``: ``run`` serves the console too (the real daemon process, HTTP on 127.0.0.1):
same logins and CSRF, not in the poll loop's way, kept across SIGHUP, stopped by SIGTERM."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config.load import parse_config
from tests.console.conftest import TOKEN, csrf_of, free_port
from tests.e2e.test_operations import FAST, daemon, events, wait_for
from tests.e2e.test_pipeline import CONFIG, CONTRADICT
from tests.servers import LoopbackServer, rss

SECOND_DENIAL = """\
  - id: second-denial
    title: "A second denial, added by a reload"
    claim: Abazyan and Muradov met again.
    source: State Security Service of Azerbaijan
    date: 2021-02-20
    entities:
      - name: Armen Abazyan
      - name: Rustam Muradov
    keywords:
      - name: meeting
        query: 'met OR talks'
    min_entities: 2
"""


def console_section(port: int) -> str:
    return f'console:\n  in_daemon: true\n  listen: "127.0.0.1:{port}"\n  token: "{TOKEN}"\n'


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def test_run_serves_the_console_until_sigterm_and_across_sighup(
        tmp_path: Path, sqlite_url: str, feed_server: LoopbackServer, receiver: LoopbackServer) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    config = tmp_path / "monitor.yaml"
    first = (CONFIG.format(db=sqlite_url, feed=feed_server.url("/one.xml"), hook=receiver.url("/hook"))
             + FAST + console_section(port))
    config.write_text(first, encoding="utf-8")
    feed_server.set("/one.xml", body=rss([CONTRADICT]))
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data"), "LOG_FORMAT": "json"}
    env.pop("DISINFO_MONITOR_CONSOLE_TOKEN", None)
    log = tmp_path / "daemon.log"
    with daemon(config, env, log) as proc:
        wait_for("the console", lambda: answers(f"{base}/login"), proc)
        assert events(log, "console listening")[0]["url"] == f"{base}/"
        wait_for("the first hit", lambda: len(events(log, "hit")) == 1, proc)

        with httpx.Client(base_url=base, timeout=10) as web:
            page = web.get("/login")
            assert "default-src 'none'" in page.headers["content-security-policy"] and "server" not in page.headers
            assert web.get("/hits", follow_redirects=False).headers["location"] == "/login"
            assert web.post("/login", data={"name": "ana", "secret": TOKEN}).status_code == 403    # no CSRF
            assert web.post("/login", data={"name": "ana", "secret": "wrong-secret-value",
                                            "csrf": csrf_of(page.text)}).status_code == 401
            r = web.post("/login", data={"name": "ana", "secret": TOKEN, "csrf": csrf_of(page.text)},
                         follow_redirects=False)
            assert r.status_code == 303, r.text
            hits = web.get("/hits").text
            hit = int(re.findall(r'href="/hits/(\d+)" class="open"', hits)[0])
            detail = web.get(f"/hits/{hit}").text
            foreign = web.post(f"/hits/{hit}/review", data={"csrf": csrf_of(detail), "state": "confirmed"},
                               headers={"Origin": "http://evil.example"})
            assert foreign.status_code == 403
            api = httpx.get(f"{base}/api/v1/hits", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10)
            assert [h["id"] for h in api.json()["items"]] == [hit]

            # not in the poll loop's way: a client that never finishes its request holds a console
            # connection while poll cycles (one a second) go on and other pages are served
            with socket.create_connection(("127.0.0.1", port)) as stuck:
                stuck.sendall(b"GET /hits HTTP/1.1\r\nHost: x\r\n")
                health = tmp_path / "data" / "health.json"
                wait_for("the health file", health.exists, proc)
                before = json.loads(health.read_text(encoding="utf-8"))["last_cycle_at"]
                wait_for("poll cycles go on", lambda: json.loads(health.read_text(encoding="utf-8"))["last_cycle_at"]
                         > before + 2, proc, timeout=30)
                assert web.get("/feeds").status_code == 200

                # SIGHUP: the console takes up the new config's denials; the session stays logged in
                assert "second-denial" not in web.get("/denials").text
                config.write_text(first.replace("notifiers:\n", SECOND_DENIAL + "notifiers:\n", 1), encoding="utf-8")
                proc.send_signal(signal.SIGHUP)
                wait_for("config reloaded", lambda: bool(events(log, "config reloaded")), proc)
                denials = web.get("/denials", follow_redirects=False)
                assert denials.status_code == 200 and "second-denial" in denials.text
                review = web.post(f"/hits/{hit}/review", data={"csrf": csrf_of(detail), "state": "confirmed"},
                                  follow_redirects=False)
                assert review.status_code == 303 and review.headers["location"] == f"/hits/{hit}?saved=1"

                started = time.monotonic()
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=30)
    assert proc.returncode == 0
    assert time.monotonic() - started < 15
    assert events(log, "stopped")
    assert not answers(f"{base}/login")
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text, [line for line in text.splitlines() if "Traceback" in line]


def test_run_without_a_console_login_is_a_config_error_naming_the_file(tmp_path: Path, sqlite_url: str) -> None:
    config = tmp_path / "monitor.yaml"
    config.write_text(CONFIG.format(db=sqlite_url, feed="http://127.0.0.1:9/none.xml", hook="http://127.0.0.1:9/h")
                      + "console:\n  in_daemon: true\n", encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("console:") + 1
    env = {"DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data")}
    for command in (["run"], ["check-config"], ["serve"]):
        result = CliRunner().invoke(main, [*command, "--config", str(config)], env=env)
        assert result.exit_code == 2, (command, result.output)
        assert f"config error: {config}:{line}, key 'console': the console needs a login" in result.output


def test_a_missing_console_section_is_named_by_its_file(tmp_path: Path, sqlite_url: str) -> None:
    config = tmp_path / "monitor.yaml"
    config.write_text(f'database:\n  url: "{sqlite_url}"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--config", str(config)],
                                env={"DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 2
    assert result.output.startswith(f"config error: {config}, key 'console': the console needs a login")
    short = CliRunner().invoke(main, ["serve", "--config", str(config)],
                               env={"DISINFO_MONITOR_CONSOLE_TOKEN": "short"})
    assert short.exit_code == 2
    assert "config error: $DISINFO_MONITOR_CONSOLE_TOKEN, key 'console.token': must be at least 16" in short.output


def test_in_daemon_is_off_by_default_and_set_by_file_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from monitor.errors import ConfigError

    db = "database: {url: 'sqlite:////tmp/x.db'}\n"
    assert parse_config(db, "c.yaml").console.in_daemon is False
    assert parse_config(db + "console: {in_daemon: true}", "c.yaml").console.in_daemon is True
    monkeypatch.setenv("DISINFO_MONITOR_CONSOLE__IN_DAEMON", "true")
    assert parse_config(db, "c.yaml").console.in_daemon is True
    monkeypatch.setenv("DISINFO_MONITOR_CONSOLE__IN_DAEMON", "maybe")
    with pytest.raises(ConfigError, match=r"\$DISINFO_MONITOR_CONSOLE__IN_DAEMON, key 'console.in_daemon'"):
        parse_config(db, "c.yaml")


def test_a_port_in_use_stops_the_daemon_before_it_polls(tmp_path: Path, sqlite_url: str,
                                                         feed_server: LoopbackServer) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        config = tmp_path / "monitor.yaml"
        config.write_text(CONFIG.format(db=sqlite_url, feed=feed_server.url("/one.xml"), hook=feed_server.url("/h"))
                          + console_section(port), encoding="utf-8")
        result = CliRunner().invoke(main, ["run", "--config", str(config)],
                                    env={"DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 1
    assert f"error: console cannot listen on 127.0.0.1:{port}" in result.output
    assert feed_server.requests == []


def test_a_console_that_stopped_serving_makes_the_daemon_not_ready(sqlite_url: str) -> None:
    from monitor.console.server import ConsoleServer
    from monitor.ops.health import HealthState
    from monitor.store.db import make_sessions, open_database

    port = free_port()
    config = parse_config(f"database:\n  url: {sqlite_url}\n" + console_section(port), "c.yaml")
    engine = open_database(sqlite_url)
    server = ConsoleServer(config, make_sessions(engine))
    health = HealthState(max_cycle_age=180)
    health.cycle_completed()
    try:
        server.start()
        assert answers(f"http://127.0.0.1:{port}/login") and server.problem() is None
        assert health.check(db_error=None, scheduler_running=True, console_error=server.problem()).ready
        server.stop()                     # as if its thread had died
        reason = server.problem()
        assert reason is not None and f"console on http://127.0.0.1:{port}/ stopped serving" in reason
        state = health.check(db_error=None, scheduler_running=True, console_error=reason)
        assert not state.ready and state.reasons == (reason,)
    finally:
        server.stop()
        engine.dispose()

"""Structured logs: JSON or text, UTC with offset, secrets masked, feed text capped and escaped."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.ops import logs
from tests.servers import LoopbackServer

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture
def out() -> Iterator[io.StringIO]:
    buf = io.StringIO()
    yield buf
    logs.setup_logging("INFO", "text")          # back to stderr for the other tests


def lines(buf: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def test_json_lines_carry_fields_utc_time_and_level(out: io.StringIO) -> None:
    logs.setup_logging("INFO", "json", out)
    logging.getLogger("monitor.test").info("poll cycle", extra={"feeds_polled": 3, "duration_s": 0.5})
    logging.getLogger("monitor.test").debug("not shown at INFO")
    [line] = lines(out)
    assert line["event"] == "poll cycle" and line["level"] == "info" and line["logger"] == "monitor.test"
    assert line["feeds_polled"] == 3 and line["duration_s"] == 0.5
    assert str(line["timestamp"]).endswith("+00:00")


CASES = [  # (field value, must not appear, must appear)
    ("t\x1b[2J\x1b[31mred", "\x1b", "\\x1b[2J"),               # terminal escapes
    ("line\nfake: ok", "\n", "line\\x0afake"),                 # a forged second log line
    ("abc\u202edcb", "\u202e", "\\u202e"),                     # bidi override
    ("\x9b31m", "\x9b", "\\x9b"),                               # C1 control
    (f"signed with {SECRET}", SECRET, "signed with ***"),      # a registered secret
    ("postgresql://u:hunter22@db/x", "hunter22", "postgresql://***@db/x"),   # a password in a URL
    ("https://h/feed?token=abcd1234&q=1", "abcd1234", "token=***&q=1"),
    ("x" * 5000, "x" * 1001, "[truncated]"),                    # capped
]


@pytest.mark.parametrize(("value", "absent", "present"), CASES)
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_every_field_is_capped_redacted_and_escaped(out: io.StringIO, fmt: str, value: str, absent: str,
                                                    present: str) -> None:
    logs.register_secrets([SECRET])
    logs.setup_logging("INFO", fmt, out)
    logging.getLogger("monitor.test").warning("feed failed %s", value, extra={"title": value})
    raw = out.getvalue()
    assert raw.count("\n") == 1                                  # one record, one line
    shown = raw.removesuffix("\n") if fmt == "text" else " ".join(str(v) for v in lines(out)[0].values())
    assert absent not in shown and absent not in raw.removesuffix("\n")
    assert present in shown


def test_tracebacks_keep_their_lines_but_lose_secrets(out: io.StringIO) -> None:
    logs.register_secrets([SECRET])
    logs.setup_logging("INFO", "json", out)
    try:
        raise RuntimeError(f"send failed with {SECRET}\x1b[0m")
    except RuntimeError:
        logging.getLogger("monitor.test").exception("delivery pass failed")
    [line] = lines(out)
    assert "Traceback" in str(line["exception"]) and "\n" in str(line["exception"])
    assert SECRET not in out.getvalue() and "\x1b" not in str(line["exception"])


def test_level_and_format_from_the_environment(out: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "warning")
    monkeypatch.setenv("LOG_FORMAT", "json")
    logs.setup_logging(None, None, out)
    logging.getLogger("monitor.test").info("hidden")
    logging.getLogger("monitor.test").warning("shown")
    assert [line["event"] for line in lines(out)] == ["shown"]
    assert logs.resolve("DEBUG", None) == ("DEBUG", "json")     # the flag beats the variable


@pytest.mark.parametrize(("var", "value"), [("LOG_LEVEL", "LOUD"), ("LOG_FORMAT", "xml")])
def test_a_bad_logging_variable_is_a_config_error(monkeypatch: pytest.MonkeyPatch, var: str, value: str) -> None:
    monkeypatch.setenv(var, value)
    result = CliRunner().invoke(main, ["check-config"])
    assert result.exit_code == 2
    assert f"{var}='{value}'" in result.output


def test_feed_failures_show_at_warning(tmp_path: Path, feed_server: LoopbackServer) -> None:
    """--log-level WARNING still shows a failing feed, as one JSON line naming it."""
    feed_server.set("/feed.xml", status=500, body=b"down")
    config = tmp_path / "monitor.yaml"
    config.write_text(f"database:\n  url: sqlite:///{tmp_path}/m.db\nfeeds:\n  - name: flaky\n"
                      f"    url: {feed_server.url('/feed.xml')}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "monitor", "run", "--once", "--config", str(config),
                           "--log-level", "WARNING"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "LOG_FORMAT": "json"})
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stderr.splitlines() if line.startswith("{")]
    failed = [r for r in records if r["event"] == "feed failed"]
    assert failed and failed[0]["level"] == "warning" and failed[0]["feed"] == "flaky"
    assert all(r["level"] != "info" for r in records)


def _denials_table_gone(tmp_path: Path) -> str:
    """A migrated SQLite database whose denials table was renamed away: `run` crashes on it."""
    import sqlite3

    from monitor.store.db import open_database

    open_database(f"sqlite:///{tmp_path}/m.db").dispose()
    with sqlite3.connect(tmp_path / "m.db") as conn:
        conn.execute("ALTER TABLE denials RENAME TO denials_away")
    return f"database:\n  url: sqlite:///{tmp_path}/m.db\n"


# (name, config text or a function making it, extra environment, extra args, status, words of the message)
FATAL = [
    ("config error", "database:\n  url: sqlite:///{tmp}/m.db\nfeeds:\n  - url: http://127.0.0.1:9/rss\n"
     "    interval: 0s\n", {}, [], 2, "config error: {config}:5, key 'feeds[0].interval': must be at least 1s"),
    ("two config errors", "database:\n  url: sqlite:///{tmp}/m.db\ndaemon:\n  poll_tick: 0s\n  max_cycle_age: 0s\n",
     {}, [], 2, "config error: {config}:4, key 'daemon.poll_tick': must be at least 1s"),
    ("bad LOG_LEVEL", "database:\n  url: sqlite:///{tmp}/m.db\n", {"LOG_LEVEL": "loud"}, [], 2,
     "config error: LOG_LEVEL='LOUD': expected one of DEBUG, INFO, WARNING, ERROR"),
    ("usage error", "database:\n  url: sqlite:///{tmp}/m.db\n", {}, ["--bogus"], 2, "No such option '--bogus'"),
    ("database down", "database:\n  url: postgresql://u:pw-secret-9@127.0.0.1:9/x\n", {}, [], 1,
     "error: cannot open database postgresql://***@127.0.0.1:9/x"),
    ("crash", _denials_table_gone, {}, [], 1, "error: unexpected OperationalError"),
]


@pytest.mark.parametrize(("name", "text", "env", "args", "status", "words"), FATAL, ids=[f[0] for f in FATAL])
def test_under_log_format_json_the_daemon_fails_in_json_too(tmp_path: Path, name: str, text: Any,
                                                             env: dict[str, str], args: list[str], status: int,
                                                             words: str) -> None:
    """Every line `run` writes under LOG_FORMAT=json is JSON, the error that stops it too: its
    `event` is the one-line message text mode prints, with `exit_status` (still 2 for a config error)."""
    config = tmp_path / "monitor.yaml"
    config.write_text(text(tmp_path) if callable(text) else text.format(tmp=tmp_path), encoding="utf-8")
    words = words.format(config=config)
    runs = {fmt: subprocess.run([sys.executable, "-m", "monitor", "run", "--once", "--config", str(config), *args],
                                capture_output=True, text=True, timeout=120,
                                env={**os.environ, **env, "LOG_FORMAT": fmt})
            for fmt in ("json", "text")}
    assert runs["json"].returncode == runs["text"].returncode == status, runs
    assert runs["json"].stdout == ""
    records = [json.loads(line) for line in runs["json"].stderr.splitlines()]   # every line is JSON
    error = records[-1]
    assert error["level"] == "error" and error["exit_status"] == status and words in error["event"], error
    assert "pw-secret-9" not in runs["json"].stderr and "pw-secret-9" not in runs["text"].stderr
    if name == "crash":
        assert "Traceback" in error["exception"] and "no such table: denials" in error["exception"]
    elif name != "usage error":                  # text mode prints click's usage lines around it
        assert error["event"] in runs["text"].stderr.splitlines()       # the same one-line message
    if name == "two config errors":
        assert error["more"].startswith("also ") and "daemon.max_cycle_age" in error["more"]


def test_only_the_daemon_switches_its_errors_to_json(tmp_path: Path) -> None:
    """Other commands print their results and errors for a person; only their log lines follow LOG_FORMAT."""
    config = tmp_path / "monitor.yaml"
    config.write_text("database:\n  url: sqlite:///m.db\ndaemon:\n  poll_tick: 0s\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "monitor", "check-config", str(config)], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "LOG_FORMAT": "json"})
    assert result.returncode == 2
    assert result.stderr == f"config error: {config}:4, key 'daemon.poll_tick': must be at least 1s (got '0s')\n"

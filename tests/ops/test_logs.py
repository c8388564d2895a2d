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

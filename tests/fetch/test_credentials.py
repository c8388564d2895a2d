"""Credentials in feed URLs (user:pass@, ?apikey=, token= ...) are sent to the feed and shown
nowhere: not in logs, `feeds list`, last errors, OPML export or the feed_broken notice."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from monitor.alert import build_notifiers
from monitor.cli import main
from monitor.pipeline.deliver import deliver_due
from monitor.pipeline.poll import poll_feeds
from monitor.redact import hide_credentials, hide_credentials_in_text
from monitor.store.db import redact_url
from tests.alert.receiver import receiver
from tests.cost import assert_linear, cpu_seconds
from tests.fetch.server import MisbehavingServer, Reply

SECRETS = ("s3cr3tpw", "K3YVALUE", "T0KVALUE", "PASSVALUE", "SIGVALUE")


@pytest.mark.parametrize(("url", "shown"), [
    ("https://u:s3cr3tpw@news.example/rss", "https://***@news.example/rss"),
    ("https://news.example/rss?apikey=K&page=2", "https://news.example/rss?apikey=***&page=2"),
    ("https://fn.example/api/feed?code=AZF1&page=2", "https://fn.example/api/feed?code=***&page=2"),
    ("https://news.example/rss?user=u&hash=9f86d08&x=1", "https://news.example/rss?user=u&hash=***&x=1"),
    ("https://news.example/rss?auth_code=C", "https://news.example/rss?auth_code=***"),
    ("https://news.example/rss?page=2&api_key=K;token=T", "https://news.example/rss?page=2&api_key=***;token=***"),
    ("https://news.example/rss?X-Api-Key=K&password=P&secret=S&key=K2",
     "https://news.example/rss?X-Api-Key=***&password=***&secret=***&key=***"),
    ("https://news.example/rss?access_token=A&auth=B&sig=C&q=sugovushan",
     "https://news.example/rss?access_token=***&auth=***&sig=***&q=sugovushan"),
    ("https://news.example/cb#access_token=A&state=x", "https://news.example/cb#access_token=***&state=x"),
    ("postgresql://u@db:5432/monitor?password=P&sslmode=require",
     "postgresql://***@db:5432/monitor?password=***&sslmode=require"),
    ("https://news.example/rss?q=hello", "https://news.example/rss?q=hello"),
    ("https://news.example/a@b/rss", "https://news.example/a@b/rss"),
    ("https://u:p@w@news.example:8443/x", "https://***@news.example:8443/x"),
    ("not a url", "not a url"),
    # a URL in a parameter (feed proxies, redirectors), percent-encoded or not, or encoded twice
    ("https://proxy.example/feed?url=https%3A%2F%2Fnews.example%2Frss%3Fapikey%3DK%26page%3D2",
     "https://proxy.example/feed?url=https%3A%2F%2Fnews.example%2Frss%3Fapikey%3D***%26page%3D2"),
    ("https://proxy.example/feed?url=https%3A%2F%2Fu%3As3cr3tpw%40news.example%2Frss&f=1",
     "https://proxy.example/feed?url=https%3A%2F%2F***%40news.example%2Frss&f=1"),
    ("https://proxy.example/r?to=http%253A%252F%252Fh.example%252Fx%253Ftoken%253DT",
     "https://proxy.example/r?to=http%3A%2F%2Fh.example%2Fx%3Ftoken%3D***"),
    ("https://proxy.example/feed?q=token%3DT%26x%3D1", "https://proxy.example/feed?q=token%3D***%26x%3D1"),
    ("https://proxy.example/feed?url=https%3A%2F%2Fnews.example%2Frss%3Fpage%3D2",
     "https://proxy.example/feed?url=https%3A%2F%2Fnews.example%2Frss%3Fpage%3D2"),
    ("https://proxy.example/feed?q=a%20b&url=x", "https://proxy.example/feed?q=a%20b&url=x"),
])
def test_hide_credentials(url: str, shown: str) -> None:
    assert hide_credentials(url) == shown


def test_hide_credentials_in_text_and_cost() -> None:
    text = "feed https://u:pw@h.example/x?token=T failed; see file:///x?key=K and http://ok.example/"
    assert hide_credentials_in_text(text) == (
        "feed https://***@h.example/x?token=*** failed; see file:///x?key=*** and http://ok.example/")
    hostile = [lambda n: hide_credentials_in_text("a" * n + "://" + "b" * n),
               lambda n: hide_credentials_in_text("a://" * (n // 4)),
               lambda n: hide_credentials("https://h.example/?" + "a=?" * (n // 3)),
               lambda n: hide_credentials("https://h.example/?u=" + "%25" * (n // 3) + "3Ftoken%3DT")]
    for work in hostile:            # CPU time, best of three: the machine's load does not count
        assert_linear(work, 100_000)
    assert cpu_seconds(lambda: [work(1_000_000) for work in hostile], runs=1) < 2


def test_database_url_password_parameter_is_masked() -> None:
    assert redact_url("postgresql://u:pw1@db/m?password=pw2") == "postgresql://***@db/m?password=***"


def _absent(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret} shown in {where}: {text}"


def test_credentials_are_sent_but_never_shown(server: MisbehavingServer, make_app: Any, tmp_path: Path,
                                              caplog: pytest.LogCaptureFixture) -> None:
    seen: list[tuple[str, str]] = []

    def fail(h: Any, _n: int) -> Reply:
        seen.append((h.path, h.headers.get("Authorization", "")))
        return Reply(500, b"oops")

    server.on("/feed", fail)
    url = (server.url("/feed").replace("http://", "http://reader:s3cr3tpw@")
           + "?apikey=K3YVALUE&token=T0KVALUE&password=PASSVALUE&sig=SIGVALUE&page=2")
    with receiver() as hook:
        app = make_app([{"url": url}], fetch={"broken_after": 1},
                       notifiers=[{"type": "webhook", "name": "ops", "url": hook.url()}])
        app.notifiers = build_notifiers(app.config)
        caplog.set_level(logging.DEBUG)
        report = asyncio.run(poll_feeds(app, force=True))
        asyncio.run(deliver_due(app, flush=True))
        notices = [r.json() for r in hook.accepted]
    # the URL actually fetched keeps its credentials
    assert seen and "apikey=K3YVALUE" in seen[0][0] and seen[0][1].startswith("Basic ")
    assert report.failed == 1
    _absent(caplog.text, "logs")
    _absent(repr(report.errors), "the poll report")
    broken = [n for n in notices if n["type"] == "notice.feed_broken"]
    assert len(broken) == 1 and "***" in broken[0]["data"]["feed"]
    _absent(repr(notices), "the feed_broken notice")
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"database:\n  url: sqlite:///{tmp_path}/monitor.db\nfeeds:\n  - url: '{url}'\n",
                   encoding="utf-8")
    listed = CliRunner().invoke(main, ["feeds", "list", "--config", str(cfg)])
    assert listed.exit_code == 0 and "error: " in listed.output and "HTTP 500" in listed.output
    _absent(listed.output, "feeds list")
    exported = CliRunner().invoke(main, ["feeds", "export-opml", "--config", str(cfg)])
    assert exported.exit_code == 0 and "xmlUrl=" in exported.output
    _absent(exported.output, "export-opml")
    backup = CliRunner().invoke(main, ["feeds", "export-opml", "--config", str(cfg), "--with-credentials"])
    assert "K3YVALUE" in backup.output


def test_startup_log_masks_a_password_parameter(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"database:\n  url: 'sqlite:///{tmp_path}/m.db?password=PASSVALUE'\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-W", "ignore", "-m", "monitor", "run", "--once", "--config",
                             str(cfg)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and "database='sqlite:///" in result.stderr, result.stderr   # structured: key=value
    assert "password=***" in result.stderr
    _absent(result.stderr + result.stdout, "the startup log")


def test_an_error_stored_by_an_older_version_is_masked_when_listed(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from monitor.store import models
    from monitor.store.db import database_sessions, session_scope

    url = f"sqlite:///{tmp_path}/m.db"
    with database_sessions(url) as sessions, session_scope(sessions) as s:
        s.add(models.Feed(url="https://news.example/rss?token=T0KVALUE", origin="cli", error_streak=2,
                          health="degraded", created_at=datetime.now(UTC),
                          last_error="https://u:s3cr3tpw@news.example/rss?token=T0KVALUE: HTTP 500"))
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"database:\n  url: {url}\n", encoding="utf-8")
    listed = CliRunner().invoke(main, ["feeds", "list", "--config", str(cfg)])
    assert listed.exit_code == 0 and "token=***" in listed.output and "HTTP 500" in listed.output
    _absent(listed.output, "feeds list")

"""Feeds as a Miniflux user expects them: `feeds add` fetches once and discovers, per-feed
headers/auth/user agent, OPML round trips, `feeds list` shows the current error only."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import select

from monitor.cli import main
from monitor.pipeline.poll import poll_feeds
from monitor.store import models
from monitor.store.db import database_sessions, session_scope
from tests.fetch.server import MisbehavingServer, Reply, rss

ITEMS = [("1", "Harvest", "A good harvest."), ("2", "Rain", "Rain in Ganja.")]


def _cfg(tmp_path: Path, extra: str = "") -> str:
    path = tmp_path / "monitor.yaml"
    path.write_text(f"database:\n  url: sqlite:///{tmp_path}/m.db\n{extra}", encoding="utf-8")
    return str(path)


def _rows(cfg_dir: Path) -> list[models.Feed]:
    with database_sessions(f"sqlite:///{cfg_dir}/m.db") as sessions, session_scope(sessions) as s:
        return list(s.scalars(select(models.Feed).order_by(models.Feed.id)))


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_add_fetches_once_and_says_what_it_found(server: MisbehavingServer, tmp_path: Path) -> None:
    cfg = _cfg(tmp_path)
    url = server.serve("/rss", rss(ITEMS, title="Ganja News"))
    result = _run("feeds", "add", "--config", cfg, url)
    assert result.exit_code == 0, result.output
    assert "feed: Ganja News, 2 items" in result.output and f"added: 1 {url}" in result.output
    assert server.count("/rss") == 1 and _rows(tmp_path)[0].name == "Ganja News"


def test_add_discovers_the_feed_of_an_html_page(server: MisbehavingServer, tmp_path: Path) -> None:
    cfg = _cfg(tmp_path)
    feed = server.serve("/news/feed.xml", rss(ITEMS, title="Ganja News"))
    page = server.serve("/news/", '<!doctype html><html><head><title>Ganja</title>'
                        '<link rel="stylesheet" href="/s.css">'
                        '<link rel="alternate" type="application/rss+xml" title="RSS" href="feed.xml">'
                        '</head><body><a href="/x">x</a></body></html>', headers={"Content-Type": "text/html"})
    result = _run("feeds", "add", "--config", cfg, page)
    assert result.exit_code == 0, result.output
    assert f"discovered feed {feed} (Ganja News, 2 items) on {page}" in result.output
    assert [r.url for r in _rows(tmp_path)] == [feed]


def test_add_refuses_what_is_not_a_feed(server: MisbehavingServer, tmp_path: Path) -> None:
    cfg = _cfg(tmp_path)
    page = server.serve("/page", "<html><body><h1>No feed here</h1></body></html>")
    result = _run("feeds", "add", "--config", cfg, page)
    assert result.exit_code == 2 and "not a feed, and the page announces no feed" in result.output
    gone = server.serve("/gone", "x", status=404)
    assert _run("feeds", "add", "--config", cfg, gone).exit_code == 2
    down = _run("feeds", "add", "--config", cfg, "http://127.0.0.1:9/rss")
    assert down.exit_code == 1 and "--no-check" in down.output
    for bad in ("file:///proc/self/environ", "gopher://example.org/", "javascript:alert(1)", "ftp://x.org/f"):
        result = _run("feeds", "add", "--config", cfg, bad)
        assert result.exit_code == 2 and "error:" in result.output, (bad, result.output)
    assert _rows(tmp_path) == []


def test_add_refuses_private_literals_with_the_guard_on(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.delenv("DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS")
    cfg = _cfg(tmp_path)
    for bad in ("http://169.254.169.254/latest/", "http://[2002:7f00:1::1]/rss", "http://localhost:8080/rss",
                "http://10.0.0.1/rss"):
        result = _run("feeds", "add", "--config", cfg, bad, "--no-check")
        assert result.exit_code == 2 and "private" in result.output, (bad, result.output)


def test_per_feed_headers_auth_and_user_agent(server: MisbehavingServer, make_app: Any, tmp_path: Path) -> None:
    server.on("/private", lambda h, n: Reply(302, b"", {"Location": server.url("/private2")}))
    server.serve("/private2", rss(ITEMS))
    other_origin = server.url("/elsewhere").replace("127.0.0.1", "localhost")
    server.on("/moved", lambda h, n: Reply(302, b"", {"Location": other_origin}))
    server.serve("/elsewhere", rss(ITEMS))
    feed = {"auth": {"username": "reader", "password": "pw-123"}, "headers": {"X-Api-Key": "hk-456"},
            "user_agent": "desk-bot/1.0"}
    app = make_app([{"url": server.url("/private"), **feed}, {"url": server.url("/moved"), **feed}])
    report = asyncio.run(poll_feeds(app, force=True))
    assert report.failed == 0, report.errors
    for path in ("/private", "/private2"):   # same origin: everything is sent
        sent = server.headers_of(path)[0]
        assert sent["authorization"] == "Basic cmVhZGVyOnB3LTEyMw==" and sent["x-api-key"] == "hk-456"
        assert sent["user-agent"] == "desk-bot/1.0"
    moved = server.headers_of("/elsewhere")[0]  # another origin: no credentials follow the redirect
    assert "authorization" not in moved and "x-api-key" not in moved and moved["user-agent"] == "desk-bot/1.0"


def test_add_options_are_stored_apart_and_never_listed(server: MisbehavingServer, tmp_path: Path) -> None:
    cfg = _cfg(tmp_path)
    url = server.serve("/rss", rss(ITEMS))
    result = _run("feeds", "add", "--config", cfg, url, "--username", "reader", "--password", "pw-123",
                  "--header", "X-Api-Key: hk-456", "--user-agent", "desk-bot/1.0", "--category", "Caucasus")
    assert result.exit_code == 0, result.output
    sent = server.headers_of("/rss")[0]
    assert sent["authorization"] == "Basic cmVhZGVyOnB3LTEyMw==" and sent["x-api-key"] == "hk-456"
    row = _rows(tmp_path)[0]
    assert (row.url, row.auth_username, row.auth_password, row.request_headers, row.user_agent, row.category) == (
        url, "reader", "pw-123", {"X-Api-Key": "hk-456"}, "desk-bot/1.0", "Caucasus")
    listed = _run("feeds", "list", "--config", cfg).output
    assert "basic auth" in listed and "X-Api-Key" in listed and "Caucasus" in listed
    assert "pw-123" not in listed and "hk-456" not in listed
    bad = _run("feeds", "add", "--config", cfg, url, "--header", "Host: evil.example")
    assert bad.exit_code == 2 and "--header" in bad.output


OPML = """<?xml version="1.0"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="Caucasus">
    <outline type="rss" text="Ganja News" xmlUrl="https://ganja.example/rss" htmlUrl="https://ganja.example/"/>
    <outline type="rss" text="Env" xmlUrl="file:///proc/self/environ"/>
  </outline>
  <outline type="rss" text="Top" title="Top feed" xmlUrl="https://top.example/feed.json"/>
  <outline type="rss" text="Gopher" xmlUrl="gopher://old.example/1"/>
  <outline type="rss" text="Script" xmlUrl="javascript:alert(1)"/>
  <outline type="rss" text="Metadata" xmlUrl="http://169.254.169.254/latest/meta-data/"/>
  <outline type="link" text="Just a link" url="https://example.org/"/>
</body></opml>
"""


def test_opml_import_checks_reports_and_round_trips(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.delenv("DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS")
    cfg = _cfg(tmp_path)
    src = tmp_path / "in.opml"
    src.write_text(OPML, encoding="utf-8")
    result = _run("feeds", "import-opml", "--config", cfg, str(src))
    assert result.exit_code == 1
    assert "2 feeds added, 0 already present, 5 skipped" in result.output
    for line, what in ((5, "file: feeds are off"), (8, "scheme gopher:"), (9, "scheme javascript:"),
                       (10, "169.254.169.254 is a private"), (11, "Just a link: no xmlUrl")):
        assert f"in.opml:{line}: " in result.output and what in result.output, (line, what, result.output)
    rows = _rows(tmp_path)
    assert [(r.url, r.name, r.category, r.html_url) for r in rows] == [
        ("https://ganja.example/rss", "Ganja News", "Caucasus", "https://ganja.example/"),
        ("https://top.example/feed.json", "Top feed", None, None)]
    exported = _run("feeds", "export-opml", "--config", cfg).output
    assert 'htmlUrl="https://ganja.example/"' in exported
    # round trip into a fresh database: the same feeds, names, categories and site links
    again = tmp_path / "again"
    again.mkdir()
    out = again / "out.opml"
    out.write_text(exported, encoding="utf-8")
    assert _run("feeds", "import-opml", "--config", _cfg(again), str(out)).exit_code == 0
    assert [(r.url, r.name, r.category, r.html_url) for r in _rows(again)] == [
        (r.url, r.name, r.category, r.html_url) for r in rows]


def test_opml_import_rejects_what_is_not_opml(tmp_path: Path) -> None:
    cfg = _cfg(tmp_path)
    bad = tmp_path / "bad.opml"
    bad.write_text("<html><body>x</body></html>", encoding="utf-8")
    result = _run("feeds", "import-opml", "--config", cfg, str(bad))
    assert result.exit_code == 2 and "bad.opml: not OPML" in result.output
    fifo = tmp_path / "feeds.fifo"
    os.mkfifo(fifo)
    result = _run("feeds", "import-opml", "--config", cfg, str(fifo))   # must not wait for a writer
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_feeds_list_shows_the_current_error_only(server: MisbehavingServer, make_app: Any,
                                                 tmp_path: Path) -> None:
    url = server.on("/flaky", lambda h, n: Reply(500, b"down") if n == 1 else Reply(200, rss(ITEMS).encode()))
    app = make_app([url])
    cfg = tmp_path / "same-db.yaml"   # the database of make_app
    cfg.write_text(f"database:\n  url: sqlite:///{tmp_path}/monitor.db\nfeeds:\n  - url: {url}\n", encoding="utf-8")
    asyncio.run(poll_feeds(app, force=True))
    assert "error: " in _run("feeds", "list", "--config", str(cfg)).output
    asyncio.run(poll_feeds(app, force=True))
    listed = _run("feeds", "list", "--config", str(cfg)).output
    assert " ok " in listed and "error" not in listed and "HTTP 500" not in listed, listed


def test_add_reads_the_password_from_the_environment_or_its_file(server: MisbehavingServer, tmp_path: Path,
                                                                  monkeypatch: Any) -> None:
    cfg = _cfg(tmp_path)
    url = server.serve("/rss", rss(ITEMS))
    (tmp_path / "pw").write_text("pw-123\n", encoding="utf-8")
    monkeypatch.setenv("DISINFO_MONITOR_FEED_PASSWORD_FILE", str(tmp_path / "pw"))
    result = _run("feeds", "add", "--config", cfg, url, "--username", "reader")
    assert result.exit_code == 0, result.output
    assert server.headers_of("/rss")[0]["authorization"] == "Basic cmVhZGVyOnB3LTEyMw=="
    assert _rows(tmp_path)[0].auth_password == "pw-123"
    monkeypatch.setenv("DISINFO_MONITOR_FEED_PASSWORD", "pw-123")     # both: refused, naming them
    both = _run("feeds", "add", "--config", cfg, url, "--username", "reader")
    assert both.exit_code == 2 and "DISINFO_MONITOR_FEED_PASSWORD_FILE" in both.output


def test_adding_a_stored_url_changes_nothing(server: MisbehavingServer, tmp_path: Path) -> None:
    """As Miniflux refuses a duplicate: `feeds add` (or an OPML import) of a URL already stored
    keeps the feed as it was, is not fetched again, and names the options it did not apply."""
    cfg = _cfg(tmp_path)
    url = server.serve("/rss", rss(ITEMS, title="Ganja News"))
    assert _run("feeds", "add", "--config", cfg, url, "--interval", "20m", "--category", "Caucasus").exit_code == 0
    before = [(r.id, r.name, r.interval_seconds, r.category, r.auth_username, r.origin, r.enabled)
              for r in _rows(tmp_path)]
    again = _run("feeds", "add", "--config", cfg, url, "--name", "Renamed", "--interval", "5m",
                 "--category", "Elsewhere", "--username", "someone", "--password", "pw-1")
    assert again.exit_code == 0, again.output
    assert again.output.strip() == (f"already present: 1 {url} (nothing changed; not applied: --name, "
                                    "--interval, --category, --username)"), again.output
    assert server.count("/rss") == 1                          # the first add fetched it; the second did not
    opml = tmp_path / "in.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body><outline text="Other">'
                    f'<outline type="rss" text="OPML name" xmlUrl="{url}" htmlUrl="https://x.example/"/>'
                    f'</outline></body></opml>', encoding="utf-8")
    imported = _run("feeds", "import-opml", "--config", cfg, str(opml))
    assert imported.exit_code == 0 and "0 feeds added, 1 already present, 0 skipped" in imported.output
    assert [(r.id, r.name, r.interval_seconds, r.category, r.auth_username, r.origin, r.enabled)
            for r in _rows(tmp_path)] == before == [(1, "Ganja News", 1200.0, "Caucasus", None, "cli", True)]
    assert _rows(tmp_path)[0].html_url is None


def test_adding_a_feed_that_left_the_config_re_enables_it_for_good(server: MisbehavingServer,
                                                                   tmp_path: Path) -> None:
    url = server.serve("/rss", rss(ITEMS, title="Ganja News"))
    cfg = _cfg(tmp_path, f"feeds:\n  - url: {url}\n    name: from-config\n")
    assert _run("feeds", "list", "--config", cfg).exit_code == 0          # synced in from the config
    cfg = _cfg(tmp_path)                                                    # ... then removed from it
    assert " disabled " in _run("feeds", "list", "--config", cfg).output
    result = _run("feeds", "add", "--config", cfg, url, "--name", "Renamed")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (f"re-enabled: 1 {url} (it had left the config file; now a cli feed, "
                                     "settings kept; not applied: --name)"), result.output
    listed = _run("feeds", "list", "--config", cfg).output                  # the next sync keeps it enabled
    assert " disabled " not in listed and " cli " in listed and "from-config" in listed, listed
    assert server.count("/rss") == 0

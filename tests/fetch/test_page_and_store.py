"""Pure parts of feed management: autodiscovery and page text (golden cases, linear cost), OPML
reading, the URL policy, and the per-feed columns on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect, select

from monitor.cli.opml import OpmlError, read_opml, write_opml
from monitor.fetch.page import FeedLink, feed_links, page_text
from monitor.fetch.urls import UnsafeURL, check_feed_url
from monitor.redact import install_log_filter
from monitor.store import feeds as store
from monitor.store import models
from monitor.store.db import database_sessions, open_database, session_scope
from tests.cost import assert_linear, cpu_seconds

BASE = "https://site.example/news/"


@pytest.mark.parametrize(("html", "links"), [
    ('<link rel="alternate" type="application/rss+xml" href="/rss" title="All">',
     [FeedLink("https://site.example/rss", "application/rss+xml", "All")]),
    ('<LINK REL="Alternate Feed" TYPE="application/atom+xml; charset=utf-8" HREF="atom.xml">',
     [FeedLink("https://site.example/news/atom.xml", "application/atom+xml", "")]),
    ('<base href="https://cdn.example/f/"><link rel=alternate type=application/feed+json href=feed.json>',
     [FeedLink("https://cdn.example/f/feed.json", "application/feed+json", "")]),
    ('<link rel="alternate" type="text/html" href="/en"><link rel="stylesheet" href="/s.css">', []),
    ('<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
     '<link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">'
     '<link rel="alternate" type="application/rss+xml" href="">', []),
    ('<link rel="alternate" type="application/rss+xml" href="/rss">' * 3,
     [FeedLink("https://site.example/rss", "application/rss+xml", "")]),
    ("<html><body>no head at all</body></html>", []),
    ("", []),
])
def test_feed_links(html: str, links: list[FeedLink]) -> None:
    assert feed_links(f"<html><head>{html}</head><body></body></html>".encode(), BASE) == links


def test_page_text_drops_scripts_and_keeps_text_order() -> None:
    title, text = page_text(b"<html><head><title>T</title><style>p{}</style></head><body><p>one"
                            b"<script>alert(1)</script> two</p><!-- hidden --><p>three</p></body></html>")
    assert (title, text) == ("T", "one two\nthree")


@pytest.mark.parametrize("hostile", [b"<a " * 400_000, b"<div>" * 200_000, b"<!--" * 250_000,
                                     b"<link rel=alternate type=application/rss+xml href=/x " * 20_000,
                                     b"<" * 1_000_000, b"<table><tr><td>" * 60_000])
def test_page_parsing_cost_is_linear(hostile: bytes) -> None:
    def parse(size: int) -> None:
        feed_links(hostile[:size], BASE)
        page_text(hostile[:size])

    assert_linear(parse, 100_000)           # CPU time, best of three: the machine's load does not count
    assert cpu_seconds(lambda: parse(len(hostile)), runs=1) < 2


def test_read_opml_categories_and_problems() -> None:
    data = b"""<opml version="1.0"><body>
      <outline text="A"><outline text="B"><outline xmlUrl="https://x.example/1" text="one"/></outline></outline>
      <outline xmlUrl=" https://x.example/2 " title="two" category="/Politics" htmlUrl="https://x.example/"/>
      <outline text="empty folder"/>
    </body></opml>"""
    feeds, problems = read_opml(data)
    assert [(f.url, f.title, f.category, f.html_url) for f in feeds] == [
        ("https://x.example/1", "one", "A/B", None), ("https://x.example/2", "two", "Politics", "https://x.example/")]
    assert [(p.line, p.label, p.reason) for p in problems] == [(4, "empty folder", "no xmlUrl: not a feed")]
    again, none = read_opml(write_opml(feeds).encode())
    assert none == [] and [(f.url, f.title, f.category, f.html_url) for f in again] == [
        (f.url, f.title, f.category, f.html_url) for f in feeds]


BILLION_LAUGHS = ('<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">'
                  + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
                  + ']><opml><body><outline text="&j;" xmlUrl="https://x.example/"/></body></opml>').encode()


@pytest.mark.parametrize("bad", [b"not xml", b"<rss/>", b"<opml/>", BILLION_LAUGHS,
                                 b'<!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa">]>'
                                 b'<opml><body><outline text="&a;" xmlUrl="https://x.example/"/></body></opml>'])
def test_read_opml_refuses(bad: bytes) -> None:
    with pytest.raises(OpmlError):
        read_opml(bad)


def test_write_opml_drops_characters_xml_cannot_hold() -> None:
    from monitor.cli.opml import OpmlFeed

    text = write_opml([OpmlFeed(url="https://x.example/", title="bad\x01title\x1b[31m", category="c\x00")])
    assert "badtitle[31m" in text and read_opml(text.encode())[0][0].category == "c"


@pytest.mark.parametrize(("url", "ok"), [
    ("https://news.example/rss", True), ("http://8.8.8.8/rss", True), (" https://x.example/ ", True),
    ("file:///tmp/feed.xml", False), ("gopher://x.example/", False), ("javascript:alert(1)", False),
    ("data:text/xml,<rss/>", False), ("http:///nohost", False), ("http://127.0.0.1/", False),
    ("http://[::ffff:127.0.0.1]/", False), ("http://[64:ff9b::a9fe:a9fe]/", False),
    ("http://localhost./", False), ("http://x.localhost/", False), ("https://x.example/a b", False),
    ("https://x.example:99999/", False), ("https://x.example/" + "a" * 3000, False),
    ("http://2130706433/", False), ("http://0x7f.0.0.1/", False), ("http://017700000001/", False),
    ("http://0/", False), ("http://134744072/", True), ("http://deadbeef.example/", True),
])
def test_check_feed_url(url: str, ok: bool) -> None:
    if ok:
        assert check_feed_url(url, allow_file=False, allow_private=False) == url.strip()
    else:
        with pytest.raises(UnsafeURL):
            check_feed_url(url, allow_file=False, allow_private=False)


def test_check_feed_url_switches() -> None:
    assert check_feed_url("file:///tmp/f.xml", allow_file=True, allow_private=False)
    assert check_feed_url("http://127.0.0.1:8080/", allow_file=False, allow_private=True)


def test_log_lines_and_tracebacks_are_redacted() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    install_log_filter(handlers=(handler,))
    log = logging.getLogger("test.redaction")
    log.addHandler(handler)
    try:
        try:
            raise ValueError("bad URL https://u:pw-9@h.example/x?token=tk-9")
        except ValueError:
            log.error("feed %s broke", "https://h.example/x?apikey=ak-9", exc_info=True)
    finally:
        log.removeHandler(handler)
    text = out.getvalue()
    assert "Traceback" in text and "apikey=***" in text and "token=***" in text
    assert not any(s in text for s in ("pw-9", "tk-9", "ak-9"))


def test_feed_option_columns(database_url: str) -> None:
    engine = open_database(database_url)
    try:
        columns = {c["name"] for c in inspect(engine).get_columns("feeds")}
        assert {c.name for c in models.Feed.__table__.columns} <= columns
    finally:
        engine.dispose()
    now = datetime.now(UTC)
    opts = store.FeedOptions(name="n", category="c", html_url="https://x.example/", headers={"X-K": "v"},
                             auth_username="u", auth_password="p", user_agent="ua/1")
    with database_sessions(database_url) as sessions:
        with session_scope(sessions) as s:
            store.add_feed(s, "https://x.example/rss", origin="cli", now=now, options=opts)
        with session_scope(sessions) as s:
            row = s.scalars(select(models.Feed)).one()
            state = store.due_feeds(s, now)[0]
    assert (row.category, row.html_url, row.request_headers, row.auth_username, row.auth_password,
            row.user_agent) == ("c", "https://x.example/", {"X-K": "v"}, "u", "p", "ua/1")
    assert state.headers == (("X-K", "v"),) and state.auth_password == "p" and "'p'" not in repr(state)


def test_config_feed_options_follow_the_file(sqlite_url: str) -> None:
    from monitor.config.feeds import FeedConfig

    now = datetime.now(UTC)
    with_auth = FeedConfig.model_validate({"url": "https://x.example/rss", "category": "c", "user_agent": "ua/1",
                                           "headers": {"X-K": "v"}, "auth": {"username": "u", "password": "p"}})
    bare = FeedConfig.model_validate({"url": "https://x.example/rss"})
    with database_sessions(sqlite_url) as sessions:
        with session_scope(sessions) as s:
            store.sync_config_feeds(s, [with_auth], now)
        with session_scope(sessions) as s:
            row = s.scalars(select(models.Feed)).one()
            assert (row.auth_username, row.auth_password, row.request_headers, row.user_agent) == (
                "u", "p", {"X-K": "v"}, "ua/1")
            store.sync_config_feeds(s, [bare], now)          # removed from the file: removed here
        with session_scope(sessions) as s:
            row = s.scalars(select(models.Feed)).one()
            assert (row.auth_username, row.auth_password, row.request_headers, row.user_agent, row.category) == (
                None, None, None, None, "c")


@pytest.mark.parametrize(("body", "content_type", "html"), [
    (b"<rss/>", "text/html; charset=utf-8", True), (b"\xef\xbb\xbf  <!DOCTYPE html><html>", None, True),
    (b"\n<HTML><body>", "application/octet-stream", True), (b'<?xml version="1.0"?><rss/>', "text/xml", False),
    (b'{"version": "https://jsonfeed.org/version/1.1"}', "application/feed+json", False),
])
def test_looks_like_html(body: bytes, content_type: str | None, html: bool) -> None:
    from monitor.fetch.page import looks_like_html

    assert looks_like_html(body, content_type) is html

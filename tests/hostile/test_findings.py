"""One test per finding of issue 10 (hostile feed content), each through the real poll path:
loopback feed server -> run once -> database -> Slack and webhook receivers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor.alert.console import ConsoleNotifier
from monitor.app import build_app
from monitor.config import load_config
from monitor.pipeline import run_once
from monitor.store import models
from monitor.store.db import session_scope
from tests.alert.receiver import Receiver, receiver
from tests.cost import process_tree_cpu
from tests.hostile.items import (
    CONFIG,
    TERMINAL_UNSAFE,
    good_json_item,
    good_rss_item,
    json_feed,
    rss_feed,
    slack_problems,
    story,
    webhook_items,
)
from tests.servers import LoopbackServer


@dataclass
class Polled:
    summary: str
    seconds: float
    cpu_seconds: float      # this process's threads and its finished children (parse workers)
    console: str
    slack: list[dict[str, Any]]
    hooks: list[dict[str, Any]]
    items: dict[str | None, models.Item]
    feed: models.Feed

    def hooked(self) -> list[dict[str, Any]]:
        return [i for body in self.hooks for i in webhook_items(body)]


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as server:
        yield server


def poll(tmp_path: Path, db: str, feed_server: LoopbackServer, hook: Receiver, body: bytes,
         ctype: str = "application/rss+xml", name: str | None = "wire") -> Polled:
    """Serve ``body`` as the one feed, run once, and collect what came out."""
    feed_server.set("/feed", body=body, headers={"Content-Type": ctype})
    config = tmp_path / "monitor.yaml"
    entry = f'{{name: {name}, url: "{feed_server.url("/feed")}"}}' if name else f'{{url: "{feed_server.url("/feed")}"}}'
    config.write_text(CONFIG.format(db=db, feeds=f"  - {entry}",
                                    slack=hook.url("/slack"), hook=hook.url("/hook")), encoding="utf-8")
    app = build_app(load_config(str(config)))
    console = io.StringIO()
    app.notifiers["console"] = ConsoleNotifier("console", stream=console)
    cpu_start = process_tree_cpu()
    try:
        start = time.monotonic()
        summary = asyncio.run(run_once(app))
        seconds = time.monotonic() - start
        with session_scope(app.sessions) as s:
            items = {i.guid: i for i in s.scalars(select(models.Item))}
            feed = s.scalars(select(models.Feed)).one()
            s.expunge_all()
    finally:
        app.close()     # joins the parse workers, so their CPU counts below
    cpu_seconds = process_tree_cpu() - cpu_start
    return Polled(summary, seconds, cpu_seconds, console.getvalue(),
                  [r.json() for r in hook.accepted if r.path == "/slack"],
                  [r.json() for r in hook.accepted if r.path == "/hook"], items, feed)




def assert_good_item_alerted(p: Polled, link: str = "https://news.invalid/good/1") -> None:
    assert "0 failed" in p.summary, p.summary
    assert p.feed.health == "ok" and p.feed.error_streak == 0, p.feed.last_error
    assert link in {i["link"] for i in p.hooked()}
    assert any(f"<{link}|" in json.dumps(body) for body in p.slack)


# Finding 1: one item froze the daemon (quadratic regex HTML stripping, 61 s for '<script>' * 20000).
@pytest.mark.timeout(60)
@pytest.mark.parametrize("markup", ["<script>" * 20_000, "<!--" * 50_000, "<div>" * 100_000, "<a " * 60_000],
                         ids=["unclosed-script", "unclosed-comment", "deep-nesting", "endless-attributes"])
def test_pathological_markup_costs_bounded_time(tmp_path: Path, sqlite_url: str, feed_server: LoopbackServer,
                                                hook: Receiver, markup: str) -> None:
    from xml.sax.saxutils import escape

    bad = {"guid": "bad", "title": "Markup", "description": escape(markup)}
    p = poll(tmp_path, sqlite_url, feed_server, hook, rss_feed([bad, good_rss_item(1)]))
    assert p.cpu_seconds < 5, (p.cpu_seconds, p.seconds)    # CPU: waiting for a loaded machine's cores does not count
    assert "bad" in p.items                    # the hostile item is stored: it does not come back
    assert_good_item_alerted(p)


def test_json_feed_unclosed_tags_cost_bounded_time(tmp_path: Path, sqlite_url: str,
                                                   feed_server: LoopbackServer, hook: Receiver) -> None:
    bad = {"id": "bad", "title": "x", "content_html": "<script>" * 10_000 + "<p>" * 10_000}  # 80 KB
    p = poll(tmp_path, sqlite_url, feed_server, hook, json_feed([bad, good_json_item(1)]),
             "application/feed+json")
    assert p.cpu_seconds < 5, (p.cpu_seconds, p.seconds)    # CPU: waiting for a loaded machine's cores does not count
    assert_good_item_alerted(p)


# Finding 2: item links injected Slack markup; javascript:/data: links went out; controls reached the tty.
def test_links_are_http_only_at_every_destination(tmp_path: Path, sqlite_url: str,
                                                  feed_server: LoopbackServer, hook: Receiver) -> None:
    links = {"channel": "!channel", "user": "@U0123ABCD", "js": "javascript:alert(1)",
             "data": "data:text/html,<script>alert(1)</script>", "ctl": "https://news.invalid/\u202e\u001b[2Jx"}
    items = []
    for n, (guid, link) in enumerate(links.items(), start=10):
        title, text = story(n)
        items.append({"id": guid, "title": title, "url": link, "content_text": text})
    p = poll(tmp_path, sqlite_url, feed_server, hook, json_feed(items + [good_json_item(1)]),
             "application/feed+json")
    assert_good_item_alerted(p)
    assert all(slack_problems(body) == [] for body in p.slack)
    slack = json.dumps(p.slack)
    assert "<!channel" not in slack and "<@U0123ABCD" not in slack and "javascript:" not in slack
    hooked = {i["title"]: i["link"] for i in p.hooked()}
    assert hooked[story(10)[0]] == feed_server.url("/!channel")
    assert hooked[story(11)[0]] == feed_server.url("/@U0123ABCD")
    assert hooked[story(12)[0]] is None and hooked[story(13)[0]] is None
    assert hooked[story(14)[0]] == "https://news.invalid/%E2%80%AE[2Jx"
    assert TERMINAL_UNSAFE.search(p.console) is None


# Finding 3: one bad item hid its whole feed (lone surrogate, NUL on PostgreSQL).
@pytest.mark.parametrize("kind", ["rss", "json"])
def test_surrogates_and_nul_cost_nothing(tmp_path: Path, database_url: str, feed_server: LoopbackServer,
                                         hook: Receiver, kind: str) -> None:
    if kind == "rss":
        bad = [{"guid": "sur&#xD800;", "title": "Lone &#xD800; surrogate", "description": "&#xDC00;"},
               {"guid": "nul&#0;", "title": "Nul", "link": "https://news.invalid/n&#0;ul", "description": "x"}]
        body, ctype, good = rss_feed([*bad, good_rss_item(1)]), "application/rss+xml", "sur\ufffd"
    else:
        bad = [{"id": "sur\ud800", "title": "Lone \ud800 surrogate", "content_text": "\udc00"},
               {"id": "nul\u0000", "title": "Nul", "url": "https://news.invalid/n\u0000ul"}]
        body, ctype, good = json_feed([*bad, good_json_item(1)]), "application/feed+json", "sur\ufffd"
    p = poll(tmp_path, database_url, feed_server, hook, body, ctype)
    assert_good_item_alerted(p)
    assert p.items[good].title == "Lone \ufffd surrogate"
    assert p.items["nul"].link == "https://news.invalid/nul"


# Finding 4: unbounded matcher input (an 800k-character title took 14.7 s in the writer thread).
@pytest.mark.timeout(60)
def test_huge_title_and_text_are_capped_before_matching(tmp_path: Path, sqlite_url: str,
                                                        feed_server: LoopbackServer, hook: Receiver) -> None:
    title = "Abazyan, Muradov and Naghiyev met in Sugovushan. " * 16_000
    big = {"id": "big", "title": title, "content_text": "Armen Abazyan met Rustam Muradov. " * 60_000}
    p = poll(tmp_path, sqlite_url, feed_server, hook, json_feed([big, good_json_item(1)]),
             "application/feed+json")
    # uncapped, the title alone took 14.7 s; CPU rather than wall time, which other tests' load
    # stretched to 14.9 s once (capped: 2.2 s of CPU while the wall clock read 6.7 s under load)
    assert p.cpu_seconds < 10, (p.cpu_seconds, p.seconds)
    assert len(p.items["big"].title) == 1000 and len(p.items["big"].text) == 20_000
    assert_good_item_alerted(p)


@pytest.mark.timeout(60)
def test_the_event_loop_keeps_running_while_a_hostile_feed_is_parsed() -> None:
    """Parsing runs in a thread (or a worker process); it must never hold the GIL for long (the
    regexes did, for 61 s)."""
    from xml.sax.saxutils import escape

    from monitor.pipeline.prepare import parse_and_key

    body = rss_feed([{"guid": "bad", "title": "x", "description": escape("<script>" * 20_000) + "<p>" * 5_000},
                     {"guid": "raw", "title": "y", "description": "<script>" * 20_000},
                     good_rss_item(1)])

    async def main() -> float:
        worst, stop = 0.0, False

        async def ticker() -> None:
            nonlocal worst
            last = time.monotonic()
            while not stop:
                await asyncio.sleep(0.005)
                now = time.monotonic()
                worst, last = max(worst, now - last), now

        task = asyncio.create_task(ticker())
        parsed, _ = await asyncio.to_thread(parse_and_key, body, "https://feeds.invalid/x.xml", None)
        stop = True
        await task
        assert [e.guid for e in parsed.entries] == ["bad", "raw", "good-1"]
        return worst

    assert asyncio.run(main()) < 0.5


def test_feed_and_delivery_listings_show_no_control_characters(tmp_path: Path, sqlite_url: str,
                                                               feed_server: LoopbackServer,
                                                               hook: Receiver) -> None:
    """A feed title (the feed's name when the config gives none) and a receiver's error body reach
    `feeds list` and `deliveries list`: escaped there, like everywhere else on a terminal."""
    from click.testing import CliRunner

    from monitor.cli import main

    hook.script(lambda r: (400, "bad \x1b[2J\u202e request", {}) if r.path == "/hook" else (200, "ok", {}))
    body = rss_feed([good_rss_item(1)], title="Wire \u202egnp.exe")
    p = poll(tmp_path, sqlite_url, feed_server, hook, body, name=None)
    assert p.feed.name == "Wire \u202egnp.exe"               # bidi controls are kept in storage
    runner, config = CliRunner(), str(tmp_path / "monitor.yaml")
    feeds = runner.invoke(main, ["feeds", "list", "--config", config])
    deliveries = runner.invoke(main, ["deliveries", "list", "--config", config])
    assert feeds.exit_code == 0 and deliveries.exit_code == 0, feeds.output + deliveries.output
    assert "gnp.exe" in feeds.output                        # shown, with the bidi override neutralised
    assert "bad \\x1b[2J\\u202e request" in deliveries.output
    for out in (feeds.output, deliveries.output):
        assert TERMINAL_UNSAFE.search(out) is None, out


# Review of issue 10, A: a date that cannot be represented hid its whole feed (OverflowError).
@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+14:00"],
                         ids=["after-9999", "before-0001"])
@pytest.mark.parametrize("kind", ["rss", "json"])
def test_an_unrepresentable_date_is_dropped_and_the_item_kept(tmp_path: Path, database_url: str,
                                                              feed_server: LoopbackServer, hook: Receiver,
                                                              kind: str, stamp: str) -> None:
    if kind == "rss":
        rfc = {"9999": "Fri, 31 Dec 9999 23:59:59 -0100", "0001": "Mon, 01 Jan 0001 00:00:00 +1400"}
        bad = {"guid": "bad-date", "title": "Weather", "description": "Sunny.", "pubDate": rfc[stamp[:4]]}
        body, ctype = rss_feed([bad, good_rss_item(1)]), "application/rss+xml"
    else:
        bad = {"id": "bad-date", "title": "Weather", "content_text": "Sunny.", "date_published": stamp}
        body, ctype = json_feed([bad, good_json_item(1)]), "application/feed+json"
    p = poll(tmp_path, database_url, feed_server, hook, body, ctype)
    assert_good_item_alerted(p)
    published = p.items["bad-date"].published_at     # feedparser reads some RSS years its own way
    assert published is None if kind == "json" else (published is None or 100 <= published.year < 9900)

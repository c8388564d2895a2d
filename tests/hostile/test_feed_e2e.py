"""Hostile feeds end to end: loopback feed server -> run once -> SQLite file -> Slack/webhook receiver.

One poll of six hostile feeds (pathological markup, ill-formed XML with control characters,
surrogates and NUL, every link scheme, a hostile JSON Feed, Atom, a 10 MB body); each test
checks one promise on the outcome. The good item of every feed must still alert.
"""

from __future__ import annotations

import asyncio
import io
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from monitor.alert.console import ConsoleNotifier
from monitor.app import build_app
from monitor.cli import main
from monitor.config import load_config
from monitor.pipeline import run_once
from monitor.store import models
from monitor.store.db import session_scope
from tests.alert.receiver import Receiver, receiver
from tests.cost import process_tree_cpu
from tests.hostile.feeds import BIDI_TITLE, FEEDS, GOOD_LINKS
from tests.hostile.items import (
    CONFIG,
    HOSTILE_LINKS,
    TERMINAL_UNSAFE,
    slack_problems,
    slack_texts,
    story,
    webhook_items,
)
from tests.servers import LoopbackServer, loopback_server


@dataclass
class Outcome:
    config: Path
    base: str
    seconds: float
    cpu_seconds: float      # this process's threads and its finished children (parse workers)
    summary: str
    console: str
    slack: list[dict[str, Any]]
    hooks: list[dict[str, Any]]
    items: list[models.Item]
    feeds: list[models.Feed]

    def good_link(self, path: str) -> str:
        link = GOOD_LINKS[path]
        return self.base + link if link.startswith("/") else link

    def hooked_items(self) -> list[dict[str, Any]]:
        return [item for body in self.hooks for item in webhook_items(body)]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    tmp = tmp_path_factory.mktemp("hostile")
    with pytest.MonkeyPatch.context() as mp, loopback_server() as feeds, receiver() as hook:
        mp.setenv("DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS", "1")
        mp.setenv("DISINFO_MONITOR_DATA_DIR", str(tmp / "data"))
        yield _run(tmp, feeds, hook)


def _run(tmp: Path, feeds: LoopbackServer, hook: Receiver) -> Outcome:
    for path, build in FEEDS.items():
        ctype = "application/feed+json" if path.endswith(".json") else "application/xml"
        feeds.set(path, body=build(), headers={"Content-Type": ctype})
    feed_yaml = "\n".join(f'  - {{name: "{p[1:]}", url: "{feeds.url(p)}"}}' for p in FEEDS)
    config = tmp / "monitor.yaml"
    config.write_text(CONFIG.format(db=f"sqlite:///{tmp}/monitor.db", feeds=feed_yaml,
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
            items = list(s.scalars(select(models.Item).order_by(models.Item.id)))
            feed_rows = list(s.scalars(select(models.Feed)))
            s.expunge_all()
    finally:
        app.close()     # joins the parse workers, so their CPU counts below
    return Outcome(config=config, base=feeds.base_url, seconds=seconds, cpu_seconds=process_tree_cpu() - cpu_start,
                   summary=summary,
                   console=console.getvalue(),
                   slack=[r.json() for r in hook.accepted if r.path == "/slack"],
                   hooks=[r.json() for r in hook.accepted if r.path == "/hook"], items=items, feeds=feed_rows)


def test_every_feed_is_read_and_stays_healthy(outcome: Outcome) -> None:
    assert "6 feeds polled, 0 failed" in outcome.summary, outcome.summary
    assert [(f.url.rsplit("/", 1)[1], f.health, f.error_streak) for f in outcome.feeds] == [
        (p[1:], "ok", 0) for p in FEEDS]


def test_the_good_item_of_every_feed_alerts_everywhere(outcome: Outcome) -> None:
    hooked = {i["link"] for i in outcome.hooked_items()}
    slack = "\n".join(t for body in outcome.slack for t in slack_texts(body))
    for path in FEEDS:
        link = outcome.good_link(path)
        assert link in hooked, path
        assert f"<{link}|" in slack, path
        assert f"link:    {link}" in outcome.console, path


def test_a_poll_of_hostile_feeds_costs_bounded_time(outcome: Outcome) -> None:
    # before the linear parser one unclosed-<script> item alone took 61 s; the whole poll
    # (six feeds, one of 10 MB, plus delivery) must stay far below that: in CPU time, which a loaded
    # machine does not stretch (the parse workers' start included)
    assert outcome.cpu_seconds < 30, (outcome.cpu_seconds, outcome.seconds)


def test_stored_items_are_capped_and_clean(outcome: Outcome) -> None:
    by_guid = {i.guid: i for i in outcome.items}
    assert len(by_guid["huge-title"].title) == 1000
    assert all(len(i.title) <= 1000 and len(i.text) <= 20_000 for i in outcome.items)
    for item in outcome.items:
        for value in (item.title, item.text, item.guid or "", item.link or ""):
            assert "\x00" not in value and not any(0xD800 <= ord(c) <= 0xDFFF for c in value), item.guid
            assert not any(ord(c) < 32 and c not in "\t\n" for c in value), item.guid
    assert {"surrogate\ufffd", "nulguid", "surrogate-\ufffd", "nul--guid"} <= set(by_guid)
    assert by_guid["surrogate\ufffd"].title == "Lone \ufffd surrogate \ufffd"
    assert by_guid["nulguid"].link == "https://news.invalid/nullink"


def test_only_http_links_are_stored(outcome: Outcome) -> None:
    links = [i.link for i in outcome.items if i.link is not None]
    assert links and all(link.startswith(("http://", "https://")) for link in links)
    by_guid = {i.guid: i.link for i in outcome.items}
    for n, (raw, expected) in enumerate(HOSTILE_LINKS.items(), start=100):
        stored = by_guid[f"link-{n}"]
        if expected is None:
            # no usable link: feedparser may fall back to the guid as a permalink (resolved)
            assert stored in (None, f"{outcome.base}/link-{n}"), raw
        elif expected == "resolved":
            assert stored is not None and stored.startswith(outcome.base + "/"), raw
        else:   # the same URL, percent-encoded: nothing in it can end a Slack link or drive a terminal
            assert stored is not None and stored.startswith(expected[:24]), raw
            assert not any(c in stored for c in "<>| \x1b\u202e"), stored
    assert by_guid["channel"] == outcome.base + "/!channel"
    assert by_guid["script-link"] is None


def test_slack_bodies_carry_no_mention_and_no_foreign_link(outcome: Outcome) -> None:
    assert outcome.slack
    for body in outcome.slack:
        assert slack_problems(body) == []
        raw = json.dumps(body)
        for bad in ("<!channel", "<!here", "<@U0123ABCD", "<javascript:", "<data:", "<vbscript:",
                    "<file:", "<mailto:"):
            assert bad not in raw
    slack = "\n".join(t for body in outcome.slack for t in slack_texts(body))
    # "!channel" (RSS link and JSON url: one story) is a relative link on the feed's host; which of
    # the two items stands for the story depends on which feed was stored first
    assert re.search(re.escape(f"<{outcome.base}/!channel|") + r"Report (50|100): ", slack), slack[:2000]
    assert f"*{story(52)[0]}*" in slack           # javascript: link dropped, title kept as text


def test_webhook_bodies_carry_only_http_links(outcome: Outcome) -> None:
    items = outcome.hooked_items()
    assert len(items) >= 20
    assert all(i["link"] is None or i["link"].startswith(("http://", "https://")) for i in items)
    titles = {i["title"]: i["link"] for i in items}
    assert titles[story(52)[0]] is None


def test_console_output_has_no_control_characters(outcome: Outcome) -> None:
    assert outcome.console
    assert TERMINAL_UNSAFE.search(outcome.console) is None
    assert "\\u202egnp.exe\\u202c" in outcome.console        # shown, escaped
    assert "[31m red" in outcome.console and "\x1b" not in outcome.console  # ESC removed at parse
    assert BIDI_TITLE not in outcome.console


def test_hits_table_and_jsonl_have_no_control_characters(outcome: Outcome) -> None:
    runner = CliRunner()
    for fmt in ("table", "jsonl"):
        result = runner.invoke(main, ["hits", "--format", fmt, "--config", str(outcome.config)])
        assert result.exit_code == 0, result.output
        assert TERMINAL_UNSAFE.search(result.output) is None, fmt
        assert "\\u202e" in result.output, fmt
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert any(BIDI_TITLE in r["title"] for r in rows)        # the JSON value itself is unchanged

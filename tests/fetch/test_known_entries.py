"""A changed feed's stored entries are dropped before their text is prepared, with the result of
the full path: same new entries, same duplicate count (a real SQLite file, loopback server)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from monitor.dedup.layers import known_in_feed, new_in_feed
from monitor.parse import parse_feed
from monitor.pipeline.poll import poll_feeds
from monitor.pipeline.prepare import Job, parse_and_key, prepare_feed
from monitor.store import models
from monitor.store.db import session_scope
from tests.fetch.server import MisbehavingServer

# (guid, link, title, text) of each item; texts are long enough to differ as content hashes
Item = tuple[str | None, str | None, str, str]
FIRST: list[Item] = [
    ("g1", "https://n.invalid/1", "One", "First story about the harvest in Ganja."),
    ("g2", "https://n.invalid/2", "Two", "Second story about rain in the district."),
    ("g3", "https://n.invalid/3", "Three", "Third story about a bridge that was opened."),
    ("g4", "https://n.invalid/4", "Four", "Fourth story about a school and its teachers."),
    (None, "https://n.invalid/5", "Five", "Fifth story, an item without a guid."),
]
SECOND: list[Item] = [
    ("g1", "https://n.invalid/1", "One", "First story about the harvest in Ganja."),           # unchanged
    ("g2-new", "https://n.invalid/2", "Two", "Second story about rain in the district."),     # stored link
    ("g3", "https://n.invalid/3b", "Three", "Third story about a bridge that was opened."),    # stored guid
    ("g4-new", "https://n.invalid/4b", "Four", "Fourth story about a school and its teachers."),  # stored text
    (None, "https://n.invalid/5", "Five", "Fifth story, edited."),                           # stored link
    ("n1", "https://n.invalid/n1", "New", "A new story about the market."),
    ("n1", "https://n.invalid/n1-copy", "New", "The same guid twice in one body."),           # in-feed copy
    ("n2", "javascript:alert(1)", "New 2", "A new story whose link is not a web link."),
]


def rss(items: list[Item]) -> bytes:
    body = "".join((f"<item><guid>{g}</guid>" if g else "<item>") + f"<title>{t}</title>"
                   + (f"<link>{lk.replace('&', '&amp;')}</link>" if lk else "") + f"<description>{d}</description></item>"
                   for g, lk, t, d in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{body}</channel></rss>').encode()


def json_feed(items: list[Item]) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "F", "items": [
        {**({"id": g} if g else {}), **({"url": lk} if lk else {}), "title": t, "content_text": d}
        for g, lk, t, d in items]}).encode()


@pytest.mark.parametrize(("build", "content_type"), [(rss, "application/rss+xml"), (json_feed, "application/json")])
def test_stored_entries_skipped_early_as_the_full_path_drops_them(
        server: MisbehavingServer, make_app: Any, build: Callable[[list[Item]], bytes], content_type: str) -> None:
    url = server.serve("/f", build(FIRST), headers={"content-type": content_type})
    app = make_app([url])
    assert asyncio.run(poll_feeds(app, force=True)).new_items == len(FIRST)
    with session_scope(app.sessions) as s:
        feed_id = s.scalar(select(models.Feed.id))
    body = build(SECOND)

    # the full path: every entry prepared, then dropped by the stored keys
    full, keys = parse_and_key(body, url, content_type)
    with session_scope(app.sessions) as s:
        full_fresh, full_dups = new_in_feed(s, feed_id, keys)
    job = Job(feed_id=feed_id, label=None, url=url, body=body, content_type=content_type)
    prepared = prepare_feed(job, app.sessions, app.matcher)
    unskipped = prepare_feed(dataclasses.replace(job, stored=False), app.sessions, app.matcher)   # no look-up
    assert ([(f.entry, f.key.key, f.key.signature, f.hits) for f in unskipped.fresh], unskipped.duplicates) == (
        [(f.entry, f.key.key, f.key.signature, f.hits) for f in prepared.fresh], prepared.duplicates)
    assert [f.key.key for f in prepared.fresh] == [k.key for k in full_fresh]
    assert [f.entry for f in prepared.fresh] == [full.entries[k.index] for k in full_fresh]
    assert prepared.duplicates == full_dups
    assert [f.entry.title for f in prepared.fresh] == ["New", "New 2"]
    assert (prepared.duplicates, len(full.entries)) == (len(SECOND) - 2, len(SECOND))
    with session_scope(app.sessions) as s:      # four of them were never prepared
        assert parse_feed(body, url, content_type, known=lambda ids: known_in_feed(s, feed_id, ids)).skipped == 4


def test_known_sees_the_ids_the_entries_get_and_skips_what_it_names() -> None:
    """``known`` is given each item's guid and link exactly as its Entry has them (cleaned,
    relative links joined, non-web links None); the items it names are counted, not built."""
    items: list[Item] = [(" g1 ", "/rel/1", "A", "a"), ("g2", "javascript:x()", "B", "b"), ("g3", None, "C", "c")]
    seen: list[list[tuple[str | None, str | None]]] = []

    def known(ids: Any) -> set[int]:
        seen.append(list(ids))
        return {1}

    for build in (rss, json_feed):
        everything = parse_feed(build(items), "https://n.invalid/feed")
        parsed = parse_feed(build(items), "https://n.invalid/feed", known=known)
        assert seen.pop() == [(e.guid, e.link) for e in everything.entries]
        assert parsed.entries == (everything.entries[0], everything.entries[2])
        assert (parsed.skipped, everything.skipped) == (1, 0)
    empty = parse_feed(rss([]), "u", known=known)
    assert (empty.entries, empty.skipped, seen) == ((), 0, [])

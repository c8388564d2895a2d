"""The poll cycle end to end against a loopback feed server and a SQLite file."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from monitor.pipeline.poll import poll_feeds
from monitor.store import models
from tests.fetch.server import MisbehavingServer, rss

ITEMS = [("a1", "Secret meeting in Sugovushan", "Three chiefs met in Sugovushan, channels claim."),
         ("a2", "Weather", "Sunny all week in Baku with light winds from the sea."),
         ("a3", "Markets", "Stocks rose on Tuesday after a quiet session in the region.")]


def test_poll_stores_matches_and_dedups(server: MisbehavingServer, make_app) -> None:  # type: ignore[no-untyped-def]
    url = server.serve("/feed", rss(ITEMS))
    app = make_app([url])
    report = asyncio.run(poll_feeds(app, force=True))
    assert (report.feeds_polled, report.failed, report.new_items, report.hits) == (1, 0, 3, 1)
    report = asyncio.run(poll_feeds(app, force=True))
    assert (report.new_items, report.not_modified, report.hits) == (0, 1, 0)
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(models.Item)) == 3
        assert s.scalar(select(func.count()).select_from(models.Hit)) == 1
        feed = s.scalars(select(models.Feed)).one()
        assert (feed.health, feed.items_seen, feed.error_streak) == ("ok", 3, 0)
        assert feed.next_poll_at is not None and feed.next_poll_at > app.now()

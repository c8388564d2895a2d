"""Retention: a 30-day soak on a clock keeps the database bounded; hits keep their items and evidence."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from monitor.app import App, build_app
from monitor.config.load import parse_config
from monitor.ops.retention import purge
from monitor.pipeline.poll import poll_feeds
from monitor.store import models
from monitor.store.db import session_scope
from tests.e2e.test_pipeline import CONFIG, CONTRADICT
from tests.servers import LoopbackServer, rss

PER_DAY = 12
DAYS = 30
KEEP = 7


class Clock:
    def __init__(self) -> None:
        self.t = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.t


def day_items(day: int) -> list[dict[str, str]]:
    """A dozen unrelated stories a day (distinct words, so no two are near-duplicates)."""
    return [{"guid": f"d{day}-{i}", "title": f"Harbour report {day} {i}: cargo volume {day * 100 + i}",
             "description": f"Port authority figure {day}-{i} for vessel class {i * 7 + day} "
                            f"{['alpha', 'beta', 'gamma', 'delta', 'epsilon'][i % 5]} {day * i}"}
            for i in range(PER_DAY)]


def counts(app: App) -> tuple[int, int, int]:
    with session_scope(app.sessions) as s:
        return (int(s.scalar(select(func.count()).select_from(models.Item)) or 0),
                int(s.scalar(select(func.count()).select_from(models.Story)) or 0),
                int(s.scalar(select(func.count()).select_from(models.Hit)) or 0))


def test_thirty_days_stay_bounded_and_hits_keep_their_items(database_url: str, feed_server: LoopbackServer,
                                                            receiver: LoopbackServer) -> None:
    text = CONFIG.format(db=database_url, feed=feed_server.url("/feed.xml"),
                         hook=receiver.url("/hook")) + f"retention:\n  items: {KEEP}d\n"
    clock = Clock()
    app = build_app(parse_config(text, "soak.yaml"), now=clock)
    sizes: list[tuple[int, int, int]] = []
    try:
        for day in range(DAYS):
            # the feed keeps the last two days of stories, the way feeds do; the claim on day 0 only
            items = day_items(day) + (day_items(day - 1) if day else []) + ([CONTRADICT] if day == 0 else [])
            feed_server.set("/feed.xml", body=rss(items))
            report = asyncio.run(poll_feeds(app, force=True))
            assert report.failed == 0
            assert report.new_items == PER_DAY + (1 if day == 0 else 0)     # yesterday's are not new again
            done = purge(app)
            assert done is not None
            sizes.append(counts(app))
            clock.t += timedelta(days=1)
        items, stories, hits = sizes[-1]
        assert hits == 1
        # kept: the items of the last KEEP days (+ today's), and the item of the hit
        assert items <= (KEEP + 1) * PER_DAY + 1
        assert {n for n, _, _ in sizes[KEEP + 1:]} == {items}          # a plateau from day 8, not a slope
        assert all(s <= n for n, s, _ in sizes)                        # stories go with their items
        with session_scope(app.sessions) as s:
            hit = s.scalars(select(models.Hit)).one()
            item = s.get(models.Item, hit.item_id)
            assert item is not None and item.title == CONTRADICT["title"]
            assert hit.evidence and hit.verdict == "contradict"
    finally:
        app.close()


def test_retention_off_keeps_everything(tmp_path: Path, feed_server: LoopbackServer,
                                        receiver: LoopbackServer) -> None:
    text = CONFIG.format(db=f"sqlite:///{tmp_path}/keep.db", feed=feed_server.url("/feed.xml"),
                         hook=receiver.url("/hook")) + "retention:\n  items: null\n"
    clock = Clock()
    app = build_app(parse_config(text, "keep.yaml"), now=clock)
    try:
        feed_server.set("/feed.xml", body=rss(day_items(0)))
        asyncio.run(poll_feeds(app, force=True))
        clock.t += timedelta(days=400)
        assert purge(app) is None
        assert counts(app)[0] == PER_DAY
    finally:
        app.close()

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


def test_poll_cycle_on_each_backend(server: MisbehavingServer, make_app, database_url: str) -> None:  # type: ignore[no-untyped-def]
    story = ("Three security chiefs met in Sugovushan on Thursday, according to several channels "
             "that cited people familiar with the talks and said the meeting lasted two hours.")
    urls = [server.serve(f"/f{i}", rss([(f"s{i}", "Chiefs met", story)], link_base=f"https://o{i}.invalid/"))
            for i in range(3)]
    urls.append(server.serve("/plain", rss(ITEMS)))
    app = make_app(urls, url=database_url)
    report = asyncio.run(poll_feeds(app, force=True))
    assert (report.failed, report.new_items, report.hits) == (0, 6, 4)
    with app.sessions() as s:
        assert s.scalar(select(func.max(models.Story.sightings))) == 3
        hit_stories = set(s.scalars(select(models.Hit.story_id)))
        assert len(hit_stories) == 2 and None not in hit_stories
    assert asyncio.run(poll_feeds(app, force=True)).new_items == 0


def test_only_due_feeds_are_polled_and_restart_keeps_stories(server: MisbehavingServer, make_app,  # type: ignore[no-untyped-def]
                                                             clock) -> None:
    from monitor.pipeline import poll as poll_module

    story = ("Three security chiefs met in Sugovushan on Thursday, according to several channels "
             "that cited people familiar with the talks and said the meeting lasted two hours.")
    first = server.serve("/first", rss([("x1", "Chiefs met", story)], link_base="https://one.invalid/"))
    app = make_app([first, {"url": server.serve("/quick", rss(ITEMS)), "interval": "5m"}])
    asyncio.run(poll_feeds(app))
    assert asyncio.run(poll_feeds(app)).feeds_polled == 0          # nothing due yet
    clock.advance(301)
    assert asyncio.run(poll_feeds(app)).feeds_polled == 1          # only the 5-minute feed
    poll_module._assigners.clear()                                  # a restart: the LSH index is gone
    later = server.serve("/later", rss([("y1", "Chiefs met", story + " Updated.")],
                                       link_base="https://two.invalid/"))
    app2 = make_app([first, later])
    asyncio.run(poll_feeds(app2))
    with app2.sessions() as s:
        assert s.scalar(select(func.max(models.Story.sightings))) == 2
        feeds = {f.url: f for f in s.scalars(select(models.Feed))}
    assert feeds[server.url("/quick")].enabled is False             # dropped from the config

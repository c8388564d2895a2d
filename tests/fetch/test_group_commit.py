"""Group commit of changed feeds: feeds prepared while the writer is busy are written in one
transaction; a feed whose write fails costs only itself (on a real SQLite file, loopback server)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from sqlalchemy import func, select

import monitor.pipeline.poll as poll
import monitor.pipeline.poll_state as poll_state
from monitor.pipeline.poll import poll_feeds
from monitor.store import models
from tests.fetch.server import MisbehavingServer, rss

STORY = ("Three security chiefs met in Sugovushan on Thursday, according to several channels, "
         "which cited people familiar with the talks and said the meeting lasted two hours.")
FEEDS = 24
# generous fetch timeouts: under CI load a 1 s connect timeout failed two loopback feeds
# (ConnectTimeout), and this file tests the writer, not the fetcher
SLOW_OK = {"connect_timeout": 20, "read_timeout": 20, "deadline": 60}


def _serve(server: MisbehavingServer) -> list[str]:
    """FEEDS feeds of three items: one of them the same story everywhere (one story, FEEDS
    sightings, a hit each), two of their own."""
    urls = []
    for i in range(FEEDS):
        items = [(f"s{i}", "Chiefs met in Sugovushan", STORY),
                 (f"a{i}", f"Harvest {i}", f"Farmers of village {i} in Ganja reported a harvest of {i} tonnes."),
                 (f"b{i}", f"Weather {i}", f"Rain is expected in district {i} on day {i} of the month.")]
        urls.append(server.serve(f"/f{i}", rss(items, link_base=f"https://outlet{i}.invalid/")))
    return urls


def _record_batches(monkeypatch: pytest.MonkeyPatch, sizes: list[int]) -> None:
    """Record each write's batch size; the first write is slow (a busy writer), so the feeds
    prepared meanwhile queue up behind it."""
    real = poll.write_changed

    def recording(app: Any, assigner: Any, batch: Any, policy: Any) -> Any:
        if not sizes:
            time.sleep(0.5)
        sizes.append(len(batch))
        return real(app, assigner, batch, policy)

    monkeypatch.setattr(poll, "write_changed", recording)


def _orphans(app: Any) -> int:
    """Items whose story does not exist (a story id of a rolled-back write)."""
    with app.sessions() as s:
        return s.scalar(select(func.count()).select_from(models.Item).outerjoin(
            models.Story, models.Story.id == models.Item.story_id).where(models.Story.id.is_(None))) or 0


def test_feeds_prepared_meanwhile_are_written_together(server: MisbehavingServer, make_app: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    _record_batches(monkeypatch, sizes)
    app = make_app(_serve(server), fetch=SLOW_OK)
    report = asyncio.run(poll_feeds(app, force=True))
    assert (report.feeds_polled, report.failed, report.new_items, report.hits) == (FEEDS, 0, 3 * FEEDS, FEEDS)
    assert sum(sizes) == FEEDS and max(sizes) > 1 and len(sizes) < FEEDS
    assert max(sizes) <= poll.WRITE_BATCH
    with app.sessions() as s:
        assert s.scalar(select(func.count()).select_from(models.Item)) == 3 * FEEDS
        assert s.scalar(select(func.max(models.Story.sightings))) == FEEDS      # one story across batches
        assert s.scalar(select(func.count()).select_from(models.Story)) == 2 * FEEDS + 1
        assert s.scalar(select(func.count()).select_from(models.Hit)) == FEEDS
        feeds = list(s.scalars(select(models.Feed)))
        assert all(f.health == "ok" and f.lease_until is None and f.items_seen == 3 for f in feeds)
    again = asyncio.run(poll_feeds(app, force=True))
    assert (again.new_items, again.not_modified) == (0, FEEDS)


def test_a_feed_whose_write_fails_costs_only_itself(server: MisbehavingServer, make_app: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    _record_batches(monkeypatch, sizes)
    real = poll_state._write_one

    def failing(session: Any, app: Any, assigner: Any, row: Any, changed: Any, policy: Any) -> Any:
        stats = real(session, app, assigner, row, changed, policy)    # its stories are in the index now
        if changed.feed.url.endswith("/f7"):
            raise RuntimeError("injected write failure")
        return stats

    monkeypatch.setattr(poll_state, "_write_one", failing)
    app = make_app(_serve(server), fetch=SLOW_OK)
    report = asyncio.run(poll_feeds(app, force=True))
    assert max(sizes) > 1                                   # the failure hit a batch of several feeds
    assert (report.failed, report.new_items) == (1, 3 * (FEEDS - 1))
    assert [url.rsplit("/", 1)[-1] for url, _ in report.errors] == ["f7"]
    assert _orphans(app) == 0                               # no item points at a rolled-back story
    with app.sessions() as s:     # the index finds each stored story by its own signature (SQLite
        stored = s.execute(select(models.Story.id, models.Story.minhash)).all()   # reuses rolled-back ids)
    index = poll.story_assigner(app)._index
    assert index is not None and index.story_ids() <= {sid for sid, _ in stored}
    assert [sid for sid, sig in stored if sig and sid not in index.candidates(sig)] == []
    with app.sessions() as s:
        per_feed = dict(s.execute(select(models.Feed.url, func.count(models.Item.id)).outerjoin(models.Item)
                                  .group_by(models.Feed.url)).all())
        assert {u.rsplit("/", 1)[-1]: n for u, n in per_feed.items() if n != 3} == {"f7": 0}
        assert s.scalar(select(func.max(models.Story.sightings))) == FEEDS - 1
    monkeypatch.setattr(poll_state, "_write_one", real)
    retry = asyncio.run(poll_feeds(app, force=True))    # the failed feed is stored on the next poll
    assert (retry.failed, retry.new_items) == (0, 3)
    assert _orphans(app) == 0

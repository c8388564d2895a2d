"""The poll state of unchanged feeds (304s, identical bodies), written for a whole batch at once
as plain UPDATEs: the same columns a good fetch sets on a changed feed (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from monitor.fetch import FetchResult
from monitor.pipeline.poll import policy_from
from monitor.pipeline.poll_state import record_unchanged
from monitor.store import models
from monitor.store.db import session_scope
from monitor.store.feeds import _state

URLS = [f"https://f{i}.invalid/rss" for i in range(5)]


def test_unchanged_feeds_get_the_success_state(make_app: Any, database_url: str) -> None:
    app = make_app(URLS, url=database_url)       # interval 900 s, min 60 s, no jitter
    t0 = app.now()
    with session_scope(app.sessions) as s:
        s.add_all(models.Feed(url=u, config_url=u, origin="config", enabled=True, error_streak=0, health="new",
                              broken_notified=False, items_seen=0, idle_polls=0, created_at=t0) for u in URLS)
    with session_scope(app.sessions) as s:
        rows = list(s.scalars(select(models.Feed).order_by(models.Feed.id)))
        rows[1].etag, rows[1].last_modified, rows[1].ttl_seconds, rows[1].idle_polls = '"old"', "Sun", 60.0, 5
        rows[1].error_streak, rows[1].health, rows[1].last_error, rows[1].broken_notified = 3, "broken", "x", True
        rows[1].lease_until, rows[1].interval_seconds = t0 + timedelta(minutes=5), 1200.0
        feeds = [_state(r) for r in rows]
        s.delete(rows[4])                      # removed meanwhile: skipped
    polled = {feeds[0].id: t0 + timedelta(seconds=3)}
    results = [
        FetchResult(url=URLS[0], status=304, body=None, headers={"etag": '"e1"', "cache-control": "max-age=7200"}),
        FetchResult(url=URLS[1], status=304, body=None, headers={}),
        FetchResult(url=URLS[2], status=200, body=b"same", headers={"last-modified": "Mon"}),
        FetchResult(url="https://moved.invalid/rss", status=200, body=b"same", headers={},
                    permanent_url="https://moved.invalid/rss"),
        FetchResult(url=URLS[4], status=304, body=None, headers={}),
    ]
    record_unchanged(app, list(zip(feeds, results, strict=True)), policy_from(app.config.fetch), t0, polled)
    with session_scope(app.sessions) as s:
        got = {r.id: r for r in s.scalars(select(models.Feed))}
        assert sorted(got) == [f.id for f in feeds[:4]]
        a, b, c, d = (got[f.id] for f in feeds[:4])
        for row, status in ((a, 304), (b, 304), (c, 200), (d, 200)):
            assert (row.last_status, row.error_streak, row.health, row.last_error, row.broken_notified,
                    row.lease_until) == (status, 0, "ok", None, False, None)
            assert _utc(row.last_polled_at) == _utc(row.last_success_at) == (polled.get(row.id, t0))
        assert (a.etag, a.ttl_seconds, a.idle_polls) == ('"e1"', 7200.0, 1)
        assert _utc(a.next_poll_at) == t0 + timedelta(seconds=3 + 7200)      # the server's max-age
        assert (b.etag, b.last_modified, b.ttl_seconds, b.idle_polls) == ('"old"', "Sun", 60.0, 6)
        assert _utc(b.next_poll_at) == t0 + timedelta(seconds=2 * 1200)      # its own, stretched (6 idle polls)
        assert (c.etag, c.last_modified, c.idle_polls) == (None, "Mon", 1)
        assert _utc(c.next_poll_at) == t0 + timedelta(seconds=900)
        assert (d.url, d.config_url) == ("https://moved.invalid/rss", URLS[3])   # a 301 moves the feed


def _utc(value: Any) -> Any:
    from datetime import UTC

    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)

"""The database side of a poll: store new items, match them, record hits, update feed state."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from monitor.alert.outbox import enqueue_notice
from monitor.alert.routing import destinations_for
from monitor.app import App
from monitor.dedup.layers import StoryAssigner
from monitor.errors import FetchError
from monitor.fetch import FetchResult
from monitor.pipeline.prepare import Prepared, item_rows
from monitor.redact import hide_credentials
from monitor.schedule import (
    Policy,
    cache_lifetime,
    effective_interval,
    feed_health,
    next_poll_after_failure,
    next_poll_after_success,
)
from monitor.store import models
from monitor.store.db import make_sessions, session_scope, writer
from monitor.store.feeds import FeedState, poll_counters, write_feed_columns
from monitor.store.hits import record_hit
from monitor.store.items import insert_items

log = logging.getLogger(__name__)
NETWORK_DOWN_RETRY = 1.0  # in units of min_interval
_writers: WeakKeyDictionary[Engine, sessionmaker[Session]] = WeakKeyDictionary()


@dataclass(frozen=True)
class StoreStats:
    new_items: int
    duplicates: int
    hits: int


def _success_values(result: FetchResult, policy: Policy, now: datetime, ttl: float | None, new_items: int,
                    interval_seconds: float | None, ttl_seconds: float | None, idle_polls: int | None
                    ) -> dict[str, Any]:
    """The poll-state columns a good fetch sets, from the row's interval, ttl and idle polls."""
    values: dict[str, Any] = {}
    hint = cache_lifetime(result.headers, now)
    if ttl is not None:
        hint = max(hint or 0.0, ttl)
    if hint is not None:
        values["ttl_seconds"] = ttl_seconds = hint
    values["idle_polls"] = idle = 0 if new_items else (idle_polls or 0) + 1
    interval = effective_interval(policy, interval_seconds, ttl_seconds, idle)
    values["next_poll_at"] = next_poll_after_success(policy, interval, now)
    values["last_polled_at"] = values["last_success_at"] = now
    values["last_status"] = result.status
    values["error_streak"] = 0
    values["lease_until"] = None
    values["last_error"] = None   # the current error only: a recovered feed has none
    values["health"] = "ok"
    values["broken_notified"] = False
    if result.headers.get("etag"):
        values["etag"] = result.headers["etag"]
    if result.headers.get("last-modified"):
        values["last_modified"] = result.headers["last-modified"]
    return values


def _mark_success(row: models.Feed, result: FetchResult, policy: Policy, now: datetime,
                  ttl: float | None, new_items: int = 0) -> None:
    for key, value in _success_values(result, policy, now, ttl, new_items, row.interval_seconds,
                                      row.ttl_seconds, row.idle_polls).items():
        setattr(row, key, value)


def _follow_permanent_redirect(session: Session, row: models.Feed, result: FetchResult) -> None:
    """A 301/308 chain moves the feed, unless another stored feed already has the new URL."""
    new = result.permanent_url
    if not new or new == row.url:
        return
    if session.scalar(select(models.Feed.id).where(models.Feed.url == new)) is None:
        log.info("feed %s moved permanently to %s", hide_credentials(row.url), hide_credentials(new))
        row.config_url = row.config_url or (row.url if row.origin == "config" else None)
        row.url = new


def record_unchanged(app: App, unchanged: Sequence[tuple[FeedState, FetchResult]], policy: Policy,
                     now: datetime, polled_at: Mapping[int, datetime] | None = None) -> None:
    """304s, and bodies identical to the last one: nothing to parse, only the poll state, for
    every such feed of the cycle in one transaction."""
    if not unchanged:
        return
    with session_scope(writer_sessions(app)) as session:
        state = poll_counters(session, [f.id for f, _ in unchanged])
        updates: list[dict[str, Any]] = []
        moved: list[tuple[FeedState, FetchResult, datetime]] = []
        for feed, result in unchanged:
            row = state.get(feed.id)
            when = (polled_at or {}).get(feed.id, now)
            if row is None:
                continue
            if result.permanent_url:
                moved.append((feed, result, when))     # rare: the ORM path, which may move the feed
                continue
            updates.append({"feed_id": feed.id, **_success_values(
                result, policy, when, None, 0, row.interval_seconds, row.ttl_seconds, row.idle_polls)})
        write_feed_columns(session, updates)
        for feed, result, when in moved:
            orm_row = session.get(models.Feed, feed.id)
            if orm_row is not None:
                _follow_permanent_redirect(session, orm_row, result)
                _mark_success(orm_row, result, policy, when, None)


def writer_sessions(app: App) -> sessionmaker[Session]:
    """Sessions whose transactions take SQLite's write lock at BEGIN (``BEGIN IMMEDIATE``)."""
    sessions = _writers.get(app.engine)
    if sessions is None:
        sessions = _writers[app.engine] = make_sessions(writer(app.engine))
    return sessions


@dataclass(frozen=True)
class Changed:
    """A changed feed body, prepared (parsed, keyed, matched), waiting to be written."""

    feed: FeedState
    result: FetchResult
    prepared: Prepared
    polled: datetime


def write_prepared(app: App, assigner: StoryAssigner, feed: FeedState, result: FetchResult,
                   prepared: Prepared, policy: Policy, now: datetime) -> StoreStats:
    """One short transaction: the feed's new items (with their stories), their hits with outbox
    rows, and the feed's poll state. Parsing and matching were done before (prepare.py); an item
    another replica stored meanwhile is skipped, never an error."""
    result_ = write_changed(app, assigner, [Changed(feed, result, prepared, now)], policy)[0]
    if isinstance(result_, Exception):
        raise result_
    return result_


def write_changed(app: App, assigner: StoryAssigner, batch: Sequence[Changed],
                  policy: Policy) -> list[StoreStats | Exception]:
    """Group commit: the feeds of ``batch`` in one short transaction, each as ``write_prepared``
    writes it (items with their stories, hits with outbox rows, poll state). When it fails, each
    feed is written again in its own transaction, so one bad feed costs only itself; the
    near-duplicate index, which may hold stories of the rolled-back transaction, is rebuilt."""
    try:
        with session_scope(writer_sessions(app)) as session:
            rows = _feed_rows(session, [c.feed.id for c in batch])
            return [_write_one(session, app, assigner, rows.get(c.feed.id), c, policy) for c in batch]
    except Exception as exc:
        assigner.forget()
        if len(batch) == 1:
            return [exc]
    log.warning("a write of %d feeds failed; writing them one at a time", len(batch))
    out: list[StoreStats | Exception] = []
    for c in batch:
        out += write_changed(app, assigner, [c], policy)
    return out


def _feed_rows(session: Session, ids: Sequence[int]) -> dict[int, models.Feed]:
    rows: dict[int, models.Feed] = {}
    for i in range(0, len(ids), 500):
        rows.update((r.id, r) for r in session.scalars(select(models.Feed).where(models.Feed.id.in_(ids[i:i + 500]))))
    return rows


def _write_one(session: Session, app: App, assigner: StoryAssigner, row: models.Feed | None, changed: Changed,
               policy: Policy) -> StoreStats:
    if row is None:
        return StoreStats(0, 0, 0)
    feed, result, prepared, now = changed.feed, changed.result, changed.prepared, changed.polled
    hits = 0
    fresh = list(prepared.fresh)
    stories = assigner.assign(session, [f.key for f in fresh], now)
    inserted = insert_items(session, item_rows(feed.id, fresh, stories, now))
    for f in fresh:
        item_id = inserted.get(f.key.key)
        if item_id is None or not f.hits:
            continue
        item = models.Item(id=item_id, story_id=stories[f.key.index][0])
        for hit in f.hits:
            if record_hit(session, item, hit, destinations_for(hit, app.config), now) is not None:
                hits += 1
    _follow_permanent_redirect(session, row, result)
    _mark_success(row, result, policy, now, prepared.ttl_seconds, len(inserted))
    row.body_hash = result.body_hash
    row.item_digests = prepared.item_digests
    row.items_seen = (row.items_seen or 0) + len(inserted)
    if not row.name and prepared.title:
        row.name = prepared.title[:512]
    duplicates = prepared.duplicates + len(fresh) - len(inserted)
    return StoreStats(new_items=len(inserted), duplicates=duplicates, hits=hits)


def record_failures(app: App, failures: Sequence[tuple[FeedState, FetchError]], policy: Policy,
                    cycle_now: datetime, network_down: bool,
                    polled_at: Mapping[int, datetime] | None = None) -> None:
    """Back each failed feed off (Retry-After for that feed, else exponential); notify the operator
    once per streak when a feed becomes broken. When the network is down nothing is counted."""
    if not failures:
        return
    with session_scope(writer_sessions(app)) as session:
        for feed, exc in failures:
            row = session.get(models.Feed, feed.id)
            if row is None:
                continue
            now = (polled_at or {}).get(feed.id, cycle_now)   # intervals count from the poll itself
            row.last_polled_at = now
            row.lease_until = None
            row.last_status = exc.status
            if network_down:
                row.last_error = f"network down, not counted: {exc}"[:4000]
                row.next_poll_at = next_poll_after_failure(policy, 1, policy.min_interval * NETWORK_DOWN_RETRY,
                                                           now)
                continue
            row.error_streak = (row.error_streak or 0) + 1
            row.last_error = str(exc)[:4000]
            row.health = feed_health(row.error_streak, policy.broken_after)
            interval = effective_interval(policy, row.interval_seconds, row.ttl_seconds)
            row.next_poll_at = next_poll_after_failure(policy, row.error_streak, interval, now,
                                                       retry_after=exc.retry_after)
            if row.health == "broken" and not row.broken_notified:
                row.broken_notified = True
                enqueue_notice(session, app.config, "feed_broken",
                               {"feed": hide_credentials(row.url), "name": row.name, "error_streak": row.error_streak,
                                "last_error": row.last_error,
                                "last_success": row.last_success_at.isoformat() if row.last_success_at else None},
                               now)


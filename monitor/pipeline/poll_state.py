"""The database side of a poll: store new items, match them, record hits, update feed state."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.alert.outbox import enqueue_notice
from monitor.alert.routing import destinations_for
from monitor.app import App
from monitor.dedup.layers import Keyed, StoryAssigner, new_in_feed, signed
from monitor.errors import FetchError
from monitor.fetch import FetchResult
from monitor.match.types import Document
from monitor.match.types import Hit as MatchHit
from monitor.parse import ParsedFeed
from monitor.redact import hide_credentials
from monitor.sanitize import for_terminal
from monitor.schedule import (
    Policy,
    cache_lifetime,
    effective_interval,
    feed_health,
    next_poll_after_failure,
    next_poll_after_success,
)
from monitor.store import models
from monitor.store.db import session_scope
from monitor.store.feeds import FeedState
from monitor.store.hits import record_hit

log = logging.getLogger(__name__)
NETWORK_DOWN_RETRY = 1.0  # in units of min_interval


@dataclass(frozen=True)
class StoreStats:
    new_items: int
    duplicates: int
    hits: int


def _mark_success(row: models.Feed, result: FetchResult, policy: Policy, now: datetime,
                  ttl: float | None, new_items: int = 0) -> None:
    hint = cache_lifetime(result.headers, now)
    if ttl is not None:
        hint = max(hint or 0.0, ttl)
    if hint is not None:
        row.ttl_seconds = hint
    row.idle_polls = 0 if new_items else (row.idle_polls or 0) + 1
    interval = effective_interval(policy, row.interval_seconds, row.ttl_seconds, row.idle_polls)
    row.next_poll_at = next_poll_after_success(policy, interval, now)
    row.last_polled_at = row.last_success_at = now
    row.last_status = result.status
    row.error_streak = 0
    row.last_error = None   # the current error only: a recovered feed has none
    row.health = "ok"
    row.broken_notified = False
    if result.headers.get("etag"):
        row.etag = result.headers["etag"]
    if result.headers.get("last-modified"):
        row.last_modified = result.headers["last-modified"]


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
                     now: datetime) -> None:
    """304s, and bodies identical to the last one: nothing to parse, only the poll state, for
    every such feed of the cycle in one transaction."""
    if not unchanged:
        return
    with session_scope(app.sessions) as session:
        ids = [f.id for f, _ in unchanged]
        rows: dict[int, models.Feed] = {}
        for i in range(0, len(ids), 500):
            rows.update((r.id, r) for r in session.scalars(
                select(models.Feed).where(models.Feed.id.in_(ids[i:i + 500]))))
        for feed, result in unchanged:
            row = rows.get(feed.id)
            if row is not None:
                _follow_permanent_redirect(session, row, result)
                _mark_success(row, result, policy, now, None)


def store_and_match(app: App, assigner: StoryAssigner, feed: FeedState, result: FetchResult,
                    parsed: ParsedFeed, keys: Sequence[Keyed], policy: Policy, now: datetime) -> StoreStats:
    """In one transaction: store the feed's new items (with their stories), classify each, record
    the hits with their outbox rows, and mark the feed polled."""
    hits = 0
    with session_scope(app.sessions) as session:
        row = session.get(models.Feed, feed.id)
        if row is None:
            return StoreStats(0, 0, 0)
        fresh, duplicates = new_in_feed(session, feed.id, keys)
        fresh = [signed(k, parsed.entries[k.index].title, parsed.entries[k.index].text) for k in fresh]
        stories = assigner.assign(session, fresh, now)
        items: list[models.Item] = []
        for k in fresh:
            e = parsed.entries[k.index]
            items.append(models.Item(
                feed_id=feed.id, dedup_key=k.key, guid=_cut(e.guid), link=_cut(e.link),
                canonical_url=_cut(k.canonical), content_hash=k.chash, title=e.title, text=e.text,
                language=(e.language or "")[:16] or None, published_at=e.published, fetched_at=now,
                story_id=stories[k.index][0], minhash=k.signature))
        session.add_all(items)
        session.flush()
        label = feed.name or parsed.title or hide_credentials(feed.url)
        for item in items:
            doc = Document(id=str(item.id), title=item.title, text=item.text, url=item.link,
                           language=item.language, published=item.published_at, feed=label)
            for hit in _classify(app, doc, feed.url, item.guid):
                if record_hit(session, item, hit, destinations_for(hit, app.config), now) is not None:
                    hits += 1
        _follow_permanent_redirect(session, row, result)
        _mark_success(row, result, policy, now, parsed.ttl_seconds, len(items))
        row.body_hash = result.body_hash
        row.items_seen = (row.items_seen or 0) + len(items)
        if not row.name and parsed.title:
            row.name = parsed.title[:512]
    return StoreStats(new_items=len(items), duplicates=duplicates, hits=hits)


def _classify(app: App, doc: Document, feed_url: str, guid: str | None) -> list[MatchHit]:
    """The item's hits; a matcher bug on one item costs that item's hits only (logged loudly)."""
    try:
        return app.matcher.classify(doc)
    except Exception:
        log.exception("feed %s: item %s (id %s) could not be matched; stored without hits",
                      for_terminal(feed_url), doc.id, for_terminal((guid or "")[:200]))
        return []


def _cut(value: str | None, limit: int = 2048) -> str | None:
    return value[:limit] if value else value


def record_failures(app: App, failures: Sequence[tuple[FeedState, FetchError]], policy: Policy,
                    now: datetime, network_down: bool) -> None:
    """Back each failed feed off (Retry-After for that feed, else exponential); notify the operator
    once per streak when a feed becomes broken. When the network is down nothing is counted."""
    if not failures:
        return
    with session_scope(app.sessions) as session:
        for feed, exc in failures:
            row = session.get(models.Feed, feed.id)
            if row is None:
                continue
            row.last_polled_at = now
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


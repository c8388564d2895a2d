"""Feeds in the database: sync from the config, add/remove, due feeds, poll-state snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from monitor.config.feeds import FeedConfig
from monitor.store import models


@dataclass(frozen=True, slots=True)
class FeedState:
    """What polling one feed needs to know, detached from the session."""

    id: int
    url: str
    name: str | None
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    interval_seconds: float | None
    ttl_seconds: float | None
    error_streak: int
    broken_notified: bool

    @property
    def label(self) -> str:
        return self.name or self.url


def _state(f: models.Feed) -> FeedState:
    return FeedState(id=f.id, url=f.url, name=f.name, etag=f.etag, last_modified=f.last_modified,
                     body_hash=f.body_hash, interval_seconds=f.interval_seconds, ttl_seconds=f.ttl_seconds,
                     error_streak=f.error_streak or 0, broken_notified=bool(f.broken_notified))


def new_feed(url: str, name: str | None, interval: float | None, origin: str, now: datetime) -> models.Feed:
    return models.Feed(url=url, config_url=url if origin == "config" else None, name=name, origin=origin,
                       interval_seconds=interval, enabled=True, error_streak=0, health="new",
                       broken_notified=False, items_seen=0, created_at=now)


def find_feed(session: Session, url: str) -> models.Feed | None:
    """The feed stored under ``url`` (or first configured as ``url``), or its numeric id."""
    cond = or_(models.Feed.url == url, models.Feed.config_url == url)
    if url.isdigit():
        cond = or_(cond, models.Feed.id == int(url))
    return session.scalars(select(models.Feed).where(cond).order_by(models.Feed.id)).first()


def sync_config_feeds(session: Session, feeds: Sequence[FeedConfig], now: datetime) -> None:
    """Make the database agree with the config's feeds.

    New ones are added (due at once); known ones get their name and interval; config feeds no
    longer in the config are disabled (their items stay). Feeds added by the CLI or OPML are left
    alone. A feed is recognised by the URL it was configured with even after a 301 moved it.
    """
    rows = list(session.scalars(select(models.Feed)))
    by_url: dict[str, models.Feed] = {}
    for row in rows:
        by_url.setdefault(row.url, row)
        if row.config_url:
            by_url[row.config_url] = row
    wanted: set[int] = set()
    for fc in feeds:
        interval = fc.interval.total_seconds() if fc.interval else None
        found = by_url.get(fc.url)
        if found is None:
            row = new_feed(fc.url, fc.name, interval, "config", now)
            session.add(row)
            session.flush()
            by_url[fc.url] = row
        else:
            row = found
            if row.origin == "config" or row.config_url is None:
                row.config_url = row.config_url or fc.url
            row.origin = "config"
            row.name = fc.name if fc.name is not None else row.name
            row.interval_seconds = interval
            row.enabled = True
        wanted.add(row.id)
    for row in rows:
        if row.origin == "config" and row.id not in wanted and row.enabled:
            row.enabled = False


def due_feeds(session: Session, now: datetime, *, force: bool = False) -> list[FeedState]:
    """Enabled feeds whose next poll time has come (all enabled feeds when ``force``)."""
    q = select(models.Feed).where(models.Feed.enabled.is_(True))
    if not force:
        q = q.where(or_(models.Feed.next_poll_at.is_(None), models.Feed.next_poll_at <= now))
    return [_state(f) for f in session.scalars(q.order_by(models.Feed.id))]


def _due(now: datetime, force: bool) -> list[Any]:
    F = models.Feed  # noqa: N806 - short alias for the query
    conds: list[Any] = [F.enabled.is_(True), or_(F.lease_until.is_(None), F.lease_until <= now)]
    if not force:
        conds.append(or_(F.next_poll_at.is_(None), F.next_poll_at <= now))
    return conds


def count_due_feeds(session: Session, now: datetime, *, force: bool = False) -> int:
    """How many feeds are due and not leased by a replica."""
    return int(session.scalar(select(func.count()).select_from(models.Feed).where(*_due(now, force))) or 0)


def claim_due_feeds(session: Session, now: datetime, *, owner: str, lease: timedelta, limit: int,
                    after_id: int = 0, force: bool = False) -> list[FeedState]:
    """Claim up to ``limit`` due feeds with an id above ``after_id`` for this replica: a lease
    until ``now + lease`` on each, so other replicas skip them (PostgreSQL: ``FOR UPDATE SKIP
    LOCKED``; SQLite: the caller's write lock). Due: enabled, no live lease, next poll time come
    (any time when ``force``). A replica killed mid-cycle leaves its leases to run out; then its
    feeds are due for the others again. Writing the feed's poll state ends the lease.
    """
    F = models.Feed  # noqa: N806
    q = select(F).where(F.id > after_id, *_due(now, force)).order_by(F.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    rows = list(session.scalars(q))
    if rows:
        session.execute(update(F).where(F.id.in_([r.id for r in rows]))
                        .values(lease_until=now + lease, lease_owner=owner[:64]))
    return [_state(r) for r in rows]


def release_leases(session: Session, feed_ids: Sequence[int], owner: str) -> None:
    """Give back this replica's leases (the feeds' poll state is written)."""
    F = models.Feed  # noqa: N806
    for i in range(0, len(feed_ids), 500):
        session.execute(update(F).where(F.id.in_(feed_ids[i:i + 500]), F.lease_owner == owner[:64])
                        .values(lease_until=None))


def list_feeds(session: Session, *, include_disabled: bool = True) -> list[models.Feed]:
    q = select(models.Feed).order_by(models.Feed.id)
    if not include_disabled:
        q = q.where(models.Feed.enabled.is_(True))
    return list(session.scalars(q))


def add_feed(session: Session, url: str, *, name: str | None, interval: float | None, origin: str,
             now: datetime) -> tuple[models.Feed, bool]:
    """Add (or re-enable) a feed; returns the row and whether it was new."""
    row = find_feed(session, url)
    if row is not None:
        row.enabled = True
        if name:
            row.name = name
        if interval:
            row.interval_seconds = interval
        return row, False
    row = new_feed(url, name, interval, origin, now)
    session.add(row)
    session.flush()
    return row, True


def remove_feed(session: Session, url: str) -> models.Feed | None:
    """Delete a feed and its items (hits on them go too); returns the deleted row or None."""
    row = find_feed(session, url)
    if row is not None:
        session.delete(row)
        session.flush()
    return row

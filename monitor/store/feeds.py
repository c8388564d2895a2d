"""Feeds in the database: sync from the config, add/remove, due feeds, poll-state snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, cast

from sqlalchemy import Table, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from monitor.config.feeds import FeedConfig
from monitor.redact import hide_credentials
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
    headers: tuple[tuple[str, str], ...] = ()
    auth_username: str | None = None
    auth_password: str | None = field(default=None, repr=False)
    user_agent: str | None = None
    items_seen: int = 0         # items stored for the feed (none: no stored entry to skip when parsing)
    item_digests: bytes | None = field(default=None, repr=False)   # the last body's items

    @property
    def label(self) -> str:
        """The name, else the URL without its credentials: for logs and messages."""
        return self.name or hide_credentials(self.url)


# What ``FeedState`` is made of, read as plain rows where a poll claims its feeds (no ORM objects:
# a claim is 32 rows, 63 times per cycle of 2,000 feeds)
_STATE_COLUMNS = (models.Feed.id, models.Feed.url, models.Feed.name, models.Feed.etag, models.Feed.last_modified,
                  models.Feed.body_hash, models.Feed.interval_seconds, models.Feed.ttl_seconds,
                  models.Feed.error_streak, models.Feed.broken_notified, models.Feed.request_headers,
                  models.Feed.auth_username, models.Feed.auth_password, models.Feed.user_agent,
                  models.Feed.items_seen, models.Feed.item_digests)


_FEEDS = cast(Table, models.Feed.__table__)


def _state(f: Any) -> FeedState:
    """The FeedState of a Feed row, or of a row of _STATE_COLUMNS (the same attribute names)."""
    return FeedState(id=f.id, url=f.url, name=f.name, etag=f.etag, last_modified=f.last_modified,
                     body_hash=f.body_hash, interval_seconds=f.interval_seconds, ttl_seconds=f.ttl_seconds,
                     error_streak=f.error_streak or 0, broken_notified=bool(f.broken_notified),
                     headers=tuple(sorted((str(k), str(v)) for k, v in (f.request_headers or {}).items())),
                     auth_username=f.auth_username, auth_password=f.auth_password, user_agent=f.user_agent,
                     items_seen=f.items_seen or 0, item_digests=f.item_digests)


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """What ``feeds add`` and OPML import may set besides the URL (None leaves a value alone)."""

    name: str | None = None
    interval: float | None = None
    category: str | None = None
    html_url: str | None = None
    headers: dict[str, str] | None = None
    auth_username: str | None = None
    auth_password: str | None = field(default=None, repr=False)
    user_agent: str | None = None


def apply_options(row: models.Feed, options: FeedOptions) -> None:
    """Set every option that is given on ``row``."""
    for key in ("name", "category", "html_url", "auth_username", "auth_password", "user_agent"):
        value = getattr(options, key)
        if value is not None:
            setattr(row, key, value)
    if options.interval:
        row.interval_seconds = options.interval
    if options.headers is not None:
        row.request_headers = dict(options.headers) or None


def _apply_config(row: models.Feed, fc: FeedConfig) -> None:
    """A config feed's name and category when given; its headers, auth and user agent follow the
    file (removed there means removed here)."""
    if fc.name is not None:
        row.name = fc.name
    if fc.category is not None:
        row.category = fc.category
    row.request_headers = dict(fc.headers) or None
    row.auth_username = fc.auth.username if fc.auth else None
    row.auth_password = fc.auth.password if fc.auth else None
    row.user_agent = fc.user_agent


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
            row.interval_seconds = interval
            row.enabled = True
        _apply_config(row, fc)
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


_COUNTERS_READ = select(models.Feed.id, models.Feed.interval_seconds, models.Feed.ttl_seconds,
                        models.Feed.idle_polls).where(models.Feed.id.in_(bindparam("ids", expanding=True)))
_COLUMNS_WRITE = _FEEDS.update().where(_FEEDS.c.id == bindparam("feed_id"))


def poll_counters(session: Session, ids: Sequence[int]) -> dict[int, Any]:
    """The interval, ttl and idle polls of feeds ``ids``, read as plain rows (attributes of those
    names), by feed id."""
    conn = session.connection()
    out: dict[int, Any] = {}
    for i in range(0, len(ids), 500):
        out.update((r.id, r) for r in conn.execute(_COUNTERS_READ, {"ids": list(ids[i:i + 500])}))
    return out


def write_feed_columns(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Set the columns each of ``rows`` gives (``feed_id`` names the feed): one executemany per set
    of columns, no ORM objects."""
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        by_columns.setdefault(tuple(row), []).append(row)
    conn = session.connection()
    for params in by_columns.values():     # SET: the columns of the parameters
        conn.execute(_COLUMNS_WRITE, params)


def claim_due_feeds(session: Session, now: datetime, *, owner: str, lease: timedelta, limit: int,
                    after_id: int = 0, force: bool = False) -> list[FeedState]:
    """Claim up to ``limit`` due feeds with an id above ``after_id`` for this replica: a lease
    until ``now + lease`` on each, so other replicas skip them (PostgreSQL: ``FOR UPDATE SKIP
    LOCKED``; SQLite: the caller's write lock). Due: enabled, no live lease, next poll time come
    (any time when ``force``). A replica killed mid-cycle leaves its leases to run out; then its
    feeds are due for the others again. Writing the feed's poll state ends the lease.
    """
    F = models.Feed  # noqa: N806
    q = select(*_STATE_COLUMNS).where(F.id > after_id, *_due(now, force)).order_by(F.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    conn = session.connection()
    rows = list(conn.execute(q))
    if rows:
        conn.execute(update(_FEEDS).where(_FEEDS.c.id.in_([r.id for r in rows]))
                     .values(lease_until=now + lease, lease_owner=owner[:64]))
    return [_state(r) for r in rows]


def release_leases(session: Session, ids: Sequence[int], *, owner: str) -> None:
    """End ``owner``'s leases on feeds ``ids`` without touching their poll state: claimed and not
    polled (the daemon is stopping), they are due again at once, for any replica."""
    conn = session.connection()
    for i in range(0, len(ids), 500):
        conn.execute(update(_FEEDS).where(_FEEDS.c.id.in_(list(ids[i:i + 500])), _FEEDS.c.lease_owner == owner[:64])
                     .values(lease_until=None))


def list_feeds(session: Session, *, include_disabled: bool = True) -> list[models.Feed]:
    q = select(models.Feed).order_by(models.Feed.id)
    if not include_disabled:
        q = q.where(models.Feed.enabled.is_(True))
    return list(session.scalars(q))


AddOutcome = Literal["added", "present", "re-enabled"]


def add_feed(session: Session, url: str, *, origin: str, now: datetime,
             options: FeedOptions = FeedOptions()) -> tuple[models.Feed, AddOutcome]:
    """Add a feed with ``options``; returns the row and what happened.

    ``added``: a new row. ``present``: a feed with this URL exists and is left exactly as it was
    (name, interval, category, auth...: as Miniflux, adding a duplicate changes nothing).
    ``re-enabled``: it was a config feed disabled since it left the config file; it is polled
    again as a feed of ``origin`` (so the next config sync keeps it), its settings unchanged.
    """
    row = find_feed(session, url)
    if row is None:
        row = new_feed(url, options.name, options.interval, origin, now)
        session.add(row)
        apply_options(row, options)
        session.flush()
        return row, "added"
    if row.enabled:
        return row, "present"
    row.enabled = True
    row.origin = origin
    session.flush()
    return row, "re-enabled"


def remove_feed(session: Session, url: str) -> models.Feed | None:
    """Delete a feed and its items (hits on them go too); returns the deleted row or None."""
    row = find_feed(session, url)
    if row is not None:
        session.delete(row)
        session.flush()
    return row

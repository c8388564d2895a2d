"""Outbox in the database: deliveries, destination state and silences."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from monitor.store import models
from monitor.store.models import Delivery, Destination, Silence

PENDING, SENT, DEAD, SILENCED, FOLDED = "pending", "sent", "dead", "silenced", "folded"


def disabled_destinations(session: Session) -> set[str]:
    """Names of destinations disabled for good (410, revoked token...)."""
    rows = session.scalars(select(Destination.name).where(Destination.disabled_at.is_not(None)))
    return set(rows)


def add_notice(session: Session, *, destination: str, kind: str, payload: dict[str, Any], key: str,
               now: datetime) -> None:
    """Queue one operator notice; it is its own message (never grouped or silenced)."""
    exists = session.scalar(select(Delivery.id).where(Delivery.idempotency_key == key))
    if exists is not None:
        return
    webhook_id = models.new_webhook_id()      # the message is its own batch: its key is its webhook-id
    session.add(Delivery(hit_id=None, kind="notice", destination=destination, idempotency_key=key,
                         webhook_id=webhook_id, batch_key=webhook_id, status=PENDING, payload={"kind": kind, **payload},
                         attempts=0, next_attempt_at=now, created_at=now))


# destinations ---------------------------------------------------------------------------------

def ensure_destinations(session: Session, names: Sequence[str]) -> None:
    """Create missing state rows; safe when several workers do it at once."""
    dialect = session.get_bind().dialect.name
    for name in names:
        if session.get(Destination, name) is not None:
            continue
        if dialect in ("sqlite", "postgresql"):
            insert = sqlite_insert if dialect == "sqlite" else pg_insert
            session.execute(insert(Destination).values(name=name, failure_streak=0)
                            .on_conflict_do_nothing(index_elements=["name"]))
        else:
            session.add(Destination(name=name, failure_streak=0))
            session.flush()


def destination(session: Session, name: str) -> Destination:
    """The state row of ``name``, created on first use."""
    row = session.get(Destination, name)
    if row is None:
        ensure_destinations(session, [name])
        row = session.get_one(Destination, name)
    return row


def sync_destinations(session: Session, hashes: dict[str, str | None]) -> None:
    """Re-enable a disabled destination whose settings (URL...) changed since it was disabled."""
    for row in session.scalars(select(Destination).where(Destination.disabled_at.is_not(None))):
        if row.name in hashes and row.config_hash != hashes[row.name]:
            enable(row)


def enable(row: Destination) -> None:
    row.disabled_at = row.disabled_reason = row.config_hash = row.blocked_until = None
    row.failure_streak = 0


def active_silences(session: Session, now: datetime) -> list[Silence]:
    return list(session.scalars(select(Silence).where(Silence.until > now).order_by(Silence.id)))


# grouping -------------------------------------------------------------------------------------

class PendingHit(NamedTuple):
    """What grouping needs of one pending hit delivery: its row's id and age, the hit's denial and
    story, the feed's name and URL (for silences). Columns, not ORM objects: a cycle with
    thousands of hits does not load their evidence, texts and feed rows."""

    delivery_id: int
    created_at: datetime
    denial_id: str
    story_id: int | None
    feed_name: str | None
    feed_url: str


def unbatched_hits(session: Session, dest: str) -> list[PendingHit]:
    """Pending hit deliveries of ``dest`` not yet put in a message, oldest first."""
    q = (select(Delivery.id, Delivery.created_at, models.Hit.denial_id, models.Hit.story_id,
                models.Feed.name, models.Feed.url)
         .join(models.Hit, Delivery.hit_id == models.Hit.id)
         .join(models.Item, models.Hit.item_id == models.Item.id)
         .join(models.Feed, models.Item.feed_id == models.Feed.id)
         .where(Delivery.destination == dest, Delivery.status == PENDING,
                Delivery.batch_key.is_(None), Delivery.kind == "hit")
         .order_by(Delivery.id))
    if session.get_bind().dialect.name == "postgresql":   # another worker's rows are skipped
        q = q.with_for_update(skip_locked=True, of=Delivery)
    return [PendingHit(*row) for row in session.execute(q)]


def last_sent(session: Session, dest: str, denial_id: str) -> datetime | None:
    """When the last message of the (destination, denial) group was acknowledged."""
    return session.scalar(
        select(func.max(Delivery.sent_at)).join(models.Hit, Delivery.hit_id == models.Hit.id)
        .where(Delivery.destination == dest, Delivery.status == SENT, models.Hit.denial_id == denial_id))


def announced_stories(session: Session, dest: str, story_ids: Sequence[int],
                      since: datetime) -> set[tuple[str, int]]:
    """The (denial id, story id) pairs among ``story_ids`` that already went (or are going) to
    ``dest`` since ``since``: sent since then, or pending in a formed message. One query per chunk
    of stories for a whole pass of pending hits (a query per hit scanned the destination's
    deliveries once per hit on SQLite: quadratic, 6 s for the 1,000 hits of a cold benchmark run)."""
    out: set[tuple[str, int]] = set()
    ids = sorted(set(story_ids))
    for i in range(0, len(ids), 400):
        q = (select(models.Hit.denial_id, models.Hit.story_id).distinct()
             .join(Delivery, Delivery.hit_id == models.Hit.id)
             .where(Delivery.destination == dest, models.Hit.story_id.in_(ids[i:i + 400]),
                    or_(and_(Delivery.status == SENT, Delivery.sent_at > since),
                        and_(Delivery.status == PENDING, Delivery.batch_key.is_not(None)))))
        out.update((denial, story) for denial, story in session.execute(q) if story is not None)
    return out


def set_status(session: Session, ids: Sequence[int], status: str) -> None:
    if ids:
        session.execute(update(Delivery).where(Delivery.id.in_(ids), Delivery.status == PENDING)
                        .values(status=status))


def assign_batch(session: Session, ids: Sequence[int], key: str) -> bool:
    """Put deliveries in message ``key`` once and for all; False if another worker got there first."""
    res = session.execute(update(Delivery).where(Delivery.id.in_(ids), Delivery.batch_key.is_(None),
                                                 Delivery.status == PENDING).values(batch_key=key))
    return bool(res.rowcount == len(ids))  # type: ignore[attr-defined]


# claiming and outcomes ------------------------------------------------------------------------

def claim_head(session: Session, dest: str, now: datetime, lease: timedelta, *,
               ignore_schedule: bool = False) -> str | None:
    """Lease the oldest due message of ``dest`` and return its key (``ignore_schedule``: the
    oldest pending one, even if its retry time has not come: ``run --once``).

    Messages of a destination go out in order: if the oldest is leased by another worker or
    not due yet, nothing is claimed. PostgreSQL also locks the rows (FOR UPDATE SKIP LOCKED).
    """
    head = session.execute(
        select(Delivery.batch_key, func.min(Delivery.id).label("first"),
               func.max(Delivery.next_attempt_at), func.max(Delivery.lease_until))
        .where(Delivery.destination == dest, Delivery.status == PENDING, Delivery.batch_key.is_not(None))
        .group_by(Delivery.batch_key).order_by("first").limit(1)).first()
    if head is None:
        return None
    key, _first, due, leased = head
    if (due > now and not ignore_schedule) or (leased is not None and leased > now):
        return None
    free = or_(Delivery.lease_until.is_(None), Delivery.lease_until <= now)
    if session.get_bind().dialect.name == "postgresql":
        locked = session.scalars(select(Delivery.id).where(Delivery.batch_key == key,
                                                           Delivery.status == PENDING, free)
                                 .with_for_update(skip_locked=True)).all()
        if not locked:
            return None
    res = session.execute(update(Delivery).where(Delivery.batch_key == key, Delivery.status == PENDING,
                                                 free).values(lease_until=now + lease))
    return key if res.rowcount else None  # type: ignore[attr-defined]


def batch_rows(session: Session, key: str) -> list[Delivery]:
    return list(session.scalars(select(Delivery).where(Delivery.batch_key == key,
                                                       Delivery.status == PENDING).order_by(Delivery.id)))


def mark_sent(session: Session, key: str, now: datetime) -> None:
    """Acknowledged: never sent again."""
    session.execute(update(Delivery).where(Delivery.batch_key == key, Delivery.status == PENDING)
                    .values(status=SENT, sent_at=now, lease_until=None, last_error=None,
                            attempts=Delivery.attempts + 1))


def mark_failed(session: Session, key: str, *, error: str, status: int | None,
                next_at: datetime | None) -> None:
    """A failed try: queued again for ``next_at``, or dead-lettered when it is None."""
    values: dict[str, Any] = {"lease_until": None, "last_error": error[:1000], "last_status": status,
                              "attempts": Delivery.attempts + 1}
    if next_at is None:
        values["status"] = DEAD
    else:
        values["next_attempt_at"] = next_at
    session.execute(update(Delivery).where(Delivery.batch_key == key, Delivery.status == PENDING)
                    .values(**values))


def release(session: Session, key: str, error: str) -> None:
    """Give the lease back without counting a try (destination disabled: kept for later)."""
    session.execute(update(Delivery).where(Delivery.batch_key == key, Delivery.status == PENDING)
                    .values(lease_until=None, last_error=error[:1000]))


# operations (CLI, metrics) --------------------------------------------------------------------

def queue_stats(session: Session, names: Sequence[str]) -> tuple[dict[str, int], datetime | None]:
    """Pending deliveries per configured destination, and the creation time of the oldest one."""
    pending = (Delivery.status == PENDING) & Delivery.destination.in_(names)
    depth = dict(session.execute(select(Delivery.destination, func.count()).where(pending)
                                 .group_by(Delivery.destination)).all())
    oldest = session.scalar(select(func.min(Delivery.created_at)).where(pending))
    return depth, oldest


def list_deliveries(session: Session, *, status: str | None = None, destination: str | None = None,
                    limit: int = 100) -> list[Delivery]:
    q = select(Delivery).order_by(Delivery.id.desc()).limit(limit)
    if status:
        q = q.where(Delivery.status == status)
    if destination:
        q = q.where(Delivery.destination == destination)
    return list(session.scalars(q))


def requeue(session: Session, *, ids: Sequence[int] = (), destination: str | None = None,
            now: datetime) -> int:
    """Put dead-lettered deliveries back in the queue (fresh schedule, same webhook-id)."""
    q = update(Delivery).where(Delivery.status == DEAD)
    if ids:
        q = q.where(Delivery.id.in_(ids))
    if destination:
        q = q.where(Delivery.destination == destination)
    res = session.execute(q.values(status=PENDING, attempts=0, next_attempt_at=now, lease_until=None,
                                   created_at=now))
    return int(res.rowcount)  # type: ignore[attr-defined]


def purge(session: Session, *, older_than: datetime, statuses: Sequence[str]) -> int:
    """Delete finished deliveries (sent, dead...) created before ``older_than``."""
    res = session.execute(delete(Delivery).where(Delivery.status.in_(statuses),
                                                 Delivery.created_at < older_than))
    return int(res.rowcount)  # type: ignore[attr-defined]


def add_silence(session: Session, *, target: str, value: str, until: datetime, comment: str | None,
                now: datetime) -> Silence:
    row = Silence(target=target, value=value, until=until, comment=comment, created_at=now)
    session.add(row)
    session.flush()
    return row


def list_silences(session: Session, *, now: datetime | None = None) -> list[Silence]:
    q = select(Silence).order_by(Silence.id)
    if now is not None:
        q = q.where(Silence.until > now)
    return list(session.scalars(q))


def remove_silence(session: Session, silence_id: int) -> bool:
    res = session.execute(delete(Silence).where(Silence.id == silence_id))
    return bool(res.rowcount)  # type: ignore[attr-defined]

"""Queries for operators: feeds by health, the hits stored since an id, and the retention purge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, delete, exists, func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from monitor.store import models

PURGE_BATCH = 2000
MAX_HIT_LINES = 500        # hits logged one per line after a cycle; the rest are counted


@dataclass(frozen=True)
class NewHit:
    """One stored hit, as it goes into a log line."""

    id: int
    denial_id: str
    verdict: str
    score: float
    title: str
    link: str | None
    feed: str


def ping(engine: Engine) -> None:
    """Raise unless the database answers and holds our schema."""
    with engine.connect() as conn:
        conn.execute(text("SELECT version_num FROM alembic_version")).first()


def feed_health_counts(session: Session) -> dict[str, int]:
    """health -> number of feeds (disabled feeds count as 'disabled')."""
    health = case((models.Feed.enabled.is_(False), "disabled"), else_=models.Feed.health)
    rows = session.execute(select(health, func.count()).group_by(health))
    return {str(h): int(n) for h, n in rows}


def last_hit_id(session: Session) -> int:
    return int(session.scalar(select(func.max(models.Hit.id))) or 0)


def hits_after(session: Session, after_id: int, limit: int = MAX_HIT_LINES) -> list[NewHit]:
    """The hits with an id above ``after_id``, oldest first, at most ``limit``."""
    q = (select(models.Hit.id, models.Hit.denial_id, models.Hit.verdict, models.Hit.score,
                func.substr(models.Item.title, 1, 300), func.substr(models.Item.link, 1, 2048),
                func.coalesce(models.Feed.name, models.Feed.url))
         .join(models.Item, models.Item.id == models.Hit.item_id)
         .join(models.Feed, models.Feed.id == models.Item.feed_id)
         .where(models.Hit.id > after_id).order_by(models.Hit.id).limit(limit))
    return [NewHit(int(i), str(d), str(v), float(s), t or "", lk, str(f))
            for i, d, v, s, t, lk, f in session.execute(q)]


def hit_counts_after(session: Session, after_id: int) -> list[tuple[str, str, int, int]]:
    """(verdict, denial id, count, highest id) of the hits with an id above ``after_id``."""
    q = (select(models.Hit.verdict, models.Hit.denial_id, func.count(), func.max(models.Hit.id))
         .where(models.Hit.id > after_id).group_by(models.Hit.verdict, models.Hit.denial_id))
    return [(str(v), str(d), int(n), int(m)) for v, d, n, m in session.execute(q)]


def purge_items(session: Session, cutoff: datetime, batch: int = PURGE_BATCH) -> int:
    """Delete up to ``batch`` items fetched before ``cutoff`` that gave no hit; returns how many.
    Items with hits stay, so every hit keeps its item, evidence and deliveries."""
    has_hit = exists().where(models.Hit.item_id == models.Item.id)
    ids = list(session.scalars(select(models.Item.id)
                               .where(models.Item.fetched_at < cutoff, ~has_hit)
                               .order_by(models.Item.id).limit(batch)))
    if ids:
        session.execute(delete(models.Item).where(models.Item.id.in_(ids)))
    return len(ids)


def purge_orphan_stories(session: Session) -> int:
    """Delete stories that no item and no hit refers to any more."""
    no_item = ~exists().where(models.Item.story_id == models.Story.id)
    no_hit = ~exists().where(models.Hit.story_id == models.Story.id)
    result = session.execute(delete(models.Story).where(no_item, no_hit))
    return int(getattr(result, "rowcount", 0) or 0)

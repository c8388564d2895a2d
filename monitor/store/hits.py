"""Hits and denials in the database: record a hit with its outbox rows, list hits."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.config.denials import DenialConfig
from monitor.match.types import Hit as MatchHit
from monitor.redact import hide_credentials
from monitor.store import models


def idempotency_key(hit_id: int, destination: str) -> str:
    """The dedup key of (hit, destination): a second delivery row for them cannot be inserted.
    (Not the webhook-id: that is random per row, see ``models.new_webhook_id``.)"""
    digest = hashlib.sha256(f"hit:{hit_id}:{destination}".encode()).hexdigest()[:26]
    return f"msg_{digest}"


def record_hit(session: Session, item: models.Item, hit: MatchHit, destinations: Sequence[str],
               now: datetime) -> models.Hit | None:
    """Insert ``hit`` for ``item`` and one pending delivery per destination, in the caller's
    transaction. Returns None when this (item, denial) hit is already stored."""
    exists = session.scalar(select(models.Hit.id).where(models.Hit.item_id == item.id,
                                                         models.Hit.denial_id == hit.denial_id))
    if exists is not None:
        return None
    row = models.Hit(item_id=item.id, denial_id=hit.denial_id, story_id=item.story_id,
                     verdict=hit.verdict.value, score=float(hit.score), reason=hit.reason,
                     evidence=[e.to_dict() for e in hit.evidence], created_at=now)
    session.add(row)
    session.flush()
    for name in destinations:
        session.add(models.Delivery(hit_id=row.id, kind="hit", destination=name,
                                    idempotency_key=idempotency_key(row.id, name), status="pending",
                                    attempts=0, next_attempt_at=now, created_at=now))
    return row


def _denial_hash(denial: DenialConfig) -> str:
    return hashlib.sha256(json.dumps(denial.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()


def sync_denials(session: Session, denials: Sequence[DenialConfig], now: datetime) -> None:
    """Upsert the configured denials so stored hits keep a readable denial row."""
    existing = {d.id: d for d in session.scalars(select(models.Denial))}
    for denial in denials:
        digest = _denial_hash(denial)
        row = existing.get(denial.id)
        if row is None:
            session.add(models.Denial(id=denial.id, title=denial.title, claim=denial.claim,
                                      source=denial.source, url=denial.url, config_hash=digest,
                                      updated_at=now))
        elif row.config_hash != digest:
            row.title, row.claim, row.source, row.url = denial.title, denial.claim, denial.source, denial.url
            row.config_hash, row.updated_at = digest, now


def stored_denial_ids(session: Session) -> list[str]:
    """Ids of the denials stored so far (configured now or earlier)."""
    return list(session.scalars(select(models.Denial.id)))


@dataclass(frozen=True)
class HitView:
    """A stored hit joined with its item, feed and denial, as the CLI shows it."""

    id: int
    created_at: datetime
    denial_id: str
    denial_title: str
    verdict: str
    score: float
    reason: str
    evidence: list[Any]
    title: str
    link: str | None
    feed: str
    published_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "created_at": self.created_at.isoformat(), "denial": self.denial_id,
                "denial_title": self.denial_title, "verdict": self.verdict, "score": round(self.score, 3),
                "reason": self.reason, "title": self.title, "link": self.link, "feed": self.feed,
                "published": self.published_at.isoformat() if self.published_at else None,
                "evidence": self.evidence}


def list_hits(session: Session, *, limit: int | None = None, denial: str | None = None,
              verdict: str | None = None, since: datetime | None = None) -> list[HitView]:
    """Stored hits, oldest first (the last ``limit`` if given)."""
    q = (select(models.Hit, models.Item, models.Feed, models.Denial)
         .join(models.Item, models.Hit.item_id == models.Item.id)
         .join(models.Feed, models.Item.feed_id == models.Feed.id)
         .join(models.Denial, models.Hit.denial_id == models.Denial.id)
         .order_by(models.Hit.id.desc()))
    if denial:
        q = q.where(models.Hit.denial_id == denial)
    if verdict:
        q = q.where(models.Hit.verdict == verdict)
    if since:
        q = q.where(models.Hit.created_at >= since)
    if limit:
        q = q.limit(limit)
    rows = session.execute(q).all()
    views = [HitView(id=h.id, created_at=h.created_at, denial_id=h.denial_id, denial_title=d.title,
                     verdict=h.verdict, score=h.score, reason=h.reason, evidence=list(h.evidence or []),
                     title=i.title, link=i.link, feed=f.name or hide_credentials(f.url), published_at=i.published_at)
             for h, i, f, d in rows]
    views.reverse()
    return views

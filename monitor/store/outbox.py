"""Outbox in the database: deliveries, destination state and silences."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.store import models


def disabled_destinations(session: Session) -> set[str]:
    """Names of destinations disabled for good (410, revoked token...)."""
    rows = session.scalars(select(models.Destination.name)
                           .where(models.Destination.disabled_at.is_not(None)))
    return set(rows)


def add_notice(session: Session, *, destination: str, kind: str, payload: dict[str, Any], key: str,
               now: datetime) -> None:
    """Queue one operator notice; it is its own message (never grouped or silenced)."""
    exists = session.scalar(select(models.Delivery.id).where(models.Delivery.idempotency_key == key))
    if exists is not None:
        return
    session.add(models.Delivery(hit_id=None, kind="notice", destination=destination,
                                idempotency_key=key, batch_key=key, status="pending",
                                payload={"kind": kind, **payload}, attempts=0,
                                next_attempt_at=now, created_at=now))

"""Enqueue operator notices (feed broken, destination disabled) into the outbox."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from monitor.config.model import Config
from monitor.store import outbox as store


def notice_key(kind: str, payload: dict[str, Any], destination: str, now: datetime) -> str:
    """The dedup key of one notice to one destination (its webhook-id is random, per row)."""
    raw = json.dumps([kind, payload, destination, now.isoformat()], sort_keys=True, default=str)
    return "msg_" + hashlib.sha256(raw.encode()).hexdigest()[:26]


def enqueue_notice(session: Session, config: Config, kind: str, payload: dict[str, Any],
                   now: datetime) -> None:
    """Queue a notice of ``kind`` to every enabled destination, in the caller's transaction.

    A destination named in ``payload["destination"]`` (the one the notice is about) is skipped.
    """
    disabled = store.disabled_destinations(session)
    about = payload.get("destination")
    for name in config.notifier_names():
        if name in disabled or name == about:
            continue
        store.add_notice(session, destination=name, kind=kind, payload=payload,
                         key=notice_key(kind, payload, name, now), now=now)

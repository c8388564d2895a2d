"""Retention: purge items older than ``retention.items`` that gave no hit, in bounded batches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from monitor.app import App
from monitor.stop import Stop
from monitor.store.db import session_scope
from monitor.store.ops import purge_items, purge_orphan_stories

MAX_BATCHES = 50          # per run; a backlog is worked off over the next runs


@dataclass(frozen=True)
class Purged:
    items: int
    stories: int
    cutoff: datetime


def purge(app: App, stop: Stop | None = None) -> Purged | None:
    """One retention run (None when retention is off). Each batch is its own transaction, so a
    long purge never holds the database for long; ``stop`` ends it between two batches."""
    keep = app.config.retention.items
    if keep is None:
        return None
    cutoff = app.now() - keep
    items = 0
    for _ in range(MAX_BATCHES):
        with session_scope(app.sessions) as session:
            n = purge_items(session, cutoff)
        items += n
        if n == 0 or (stop and stop.is_set()):
            break
    with session_scope(app.sessions) as session:
        stories = purge_orphan_stories(session)
    return Purged(items=items, stories=stories, cutoff=cutoff)

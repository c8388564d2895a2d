"""Noise control decisions: when a group of hits is sent, and which silences apply (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from monitor.config.notifiers import GroupConfig


@dataclass(frozen=True, slots=True)
class SilenceRule:
    target: str            # denial | feed | destination
    value: str
    until: datetime


def group_ready_at(first_pending: datetime, last_sent: datetime | None, cfg: GroupConfig) -> datetime:
    """When the pending hits of a (destination, denial) group may go out.

    A new group waits ``wait`` for more hits; a group that was sent before waits until
    ``interval`` has passed since its last message (Alertmanager's group_wait/group_interval).
    """
    ready = first_pending + cfg.wait
    if last_sent is not None:
        ready = max(ready, last_sent + cfg.interval)
    return ready


def is_silenced(rules: Iterable[SilenceRule], now: datetime, *, destination: str, denial_id: str,
                feeds: Sequence[str]) -> bool:
    """Whether an active silence mutes this hit for this destination (``feeds``: name and URL)."""
    for r in rules:
        if r.until <= now:
            continue
        if ((r.target == "destination" and r.value == destination)
                or (r.target == "denial" and r.value == denial_id)
                or (r.target == "feed" and r.value in feeds)):
            return True
    return False


def chunks(ids: Sequence[int], size: int) -> list[list[int]]:
    """Split a group's deliveries into messages of at most ``size`` hits, oldest first."""
    return [list(ids[i:i + size]) for i in range(0, len(ids), size)]

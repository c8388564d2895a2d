"""What a notifier sends: one message about one or more hits of a denial, or an operator notice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class DenialInfo:
    id: str
    title: str
    claim: str
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ItemInfo:
    title: str
    link: str | None
    feed: str                       # the feed's name, else its URL
    feed_url: str | None = None
    published: datetime | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """The story an item belongs to, and how far it has spread (syndicated copies)."""

    id: int
    outlets: tuple[str, ...]        # distinct feeds that carried it, first seen first
    copies: int                     # items of the story
    first_seen: datetime
    last_seen: datetime
    hit_ids: tuple[int, ...] = ()   # hits of this message folded into this entry

    @property
    def spread(self) -> str:
        """e.g. "7 outlets in 3 h"."""
        n = len(self.outlets)
        hours = (self.last_seen - self.first_seen).total_seconds() / 3600
        if n < 2:
            return "1 outlet"
        if hours < 1 / 60:
            return f"{n} outlets within a minute"
        return f"{n} outlets in " + (f"{round(hours)} h" if hours >= 1 else f"{round(hours * 60)} min")


@dataclass(frozen=True, slots=True)
class HitInfo:
    id: int
    verdict: str
    score: float
    reason: str
    evidence: tuple[dict[str, Any], ...]
    item: ItemInfo
    created_at: datetime
    story: StoryInfo | None = None

    def _terms(self, kinds: tuple[str, ...]) -> list[str]:
        seen: dict[str, None] = {}
        for e in self.evidence:
            term = str(e.get("term", ""))
            if term and e.get("kind", "entity") in kinds:
                seen.setdefault(term, None)
        return list(seen)

    @property
    def terms(self) -> list[str]:
        """Matched entities and keywords, distinct, in evidence order."""
        return self._terms(("entity", "keyword"))

    @property
    def cues(self) -> list[str]:
        """Denial and hedge wording found, distinct."""
        return self._terms(("cue", "hedge"))


@dataclass(frozen=True, slots=True)
class Message:
    """One outgoing message. ``id`` is the stable webhook-id, the same on every try."""

    id: str
    destination: str
    timestamp: datetime             # when the event happened (stable across retries)
    denial: DenialInfo | None = None
    hits: tuple[HitInfo, ...] = ()
    notice: dict[str, Any] | None = None   # {"kind": ..., ...} for operator notices
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def type(self) -> str:
        """The event type: hit.created, hit.grouped or notice.<kind>."""
        if self.notice is not None:
            return f"notice.{self.notice.get('kind', 'generic')}"
        return "hit.created" if len(self.hits) == 1 else "hit.grouped"


class Notifier(Protocol):
    """A destination. ``send`` returns after a 2xx (or equivalent) and raises otherwise:
    RetryableDeliveryError (timeouts, 429, 5xx, network), PermanentDeliveryError (other 4xx),
    DestinationDisabled (410, revoked Slack webhook). Errors never contain secrets."""

    name: str
    min_interval: float             # seconds between two messages to this destination

    async def send(self, message: Message) -> None:
        ...

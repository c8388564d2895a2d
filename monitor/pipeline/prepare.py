"""The CPU side of a poll, outside any write transaction: parse, dedup keys, what is new, MinHash, match.

``prepare_feed`` runs in a worker process of the pool (pipeline/workers.py) or in a thread; it
only reads the database (which keys the feed has stored), so the writer's transaction that
follows is short and never waits on parsing or matching.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from monitor.dedup.layers import Keyed, keyed, known_in_feed, new_in_feed, signed
from monitor.match.types import Document, Hit, Matcher
from monitor.parse import Entry, Known, ParsedFeed, TextLimits, parse_feed
from monitor.redact import hide_credentials
from monitor.sanitize import for_terminal
from monitor.store.db import session_scope

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FreshItem:
    """A new entry of the feed with its keys, signature and hits, ready to be written."""

    entry: Entry
    key: Keyed
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the writer needs from one changed feed body."""

    feed_id: int
    title: str | None
    ttl_seconds: float | None
    fresh: tuple[FreshItem, ...]
    duplicates: int
    item_digests: bytes | None = None      # the body's item digests, stored for the next body


@dataclass(frozen=True, slots=True)
class Job:
    """One changed feed body to prepare (picklable: it crosses to a worker process)."""

    feed_id: int
    label: str | None              # the feed's name, if configured; else the parsed title is used
    url: str
    body: bytes
    content_type: str | None
    limits: TextLimits | None = None   # config ``limits``: caps per item
    stored: bool = True                # whether the feed may have stored items (False: no look-up of known ones)
    repeated: bytes | None = None      # the last body's item digests: its items are not parsed again


def parse_and_key(body: bytes, url: str, content_type: str | None, limits: TextLimits | None = None,
                  known: Known | None = None, repeated: bytes | None = None) -> tuple[ParsedFeed, list[Keyed]]:
    """Parse the feed (entries capped and cleaned, those ``known`` names and the ``repeated``
    items of the last body left out) and compute every entry's dedup keys."""
    parsed = parse_feed(body, url, content_type, limits, known, repeated)
    return parsed, [keyed(i, e.title, e.text, e.guid, e.link) for i, e in enumerate(parsed.entries)]


def prepare_feed(job: Job, sessions: sessionmaker[Session], matcher: Matcher) -> Prepared:
    """Parse ``job.body``, drop entries the feed has stored, sign and classify the rest.

    Entries whose guid or link the feed has stored are dropped right after feedparser, before
    their text is prepared (a changed feed is mostly old entries); a feed that has stored
    nothing (``job.stored`` False, a cold start) skips that look-up. Raises what parse_feed raises
    (PermanentFetchError for a body that is not a feed).
    """
    with session_scope(sessions) as session:     # one read transaction for both look-ups
        def known(ids: Sequence[tuple[str | None, str | None]]) -> set[int]:
            return known_in_feed(session, job.feed_id, ids)

        parsed, keys = parse_and_key(job.body, job.url, job.content_type, job.limits,
                                     known if job.stored else None, job.repeated)
        fresh_keys, duplicates = new_in_feed(session, job.feed_id, keys)
    duplicates += parsed.skipped
    label = job.label or parsed.title or hide_credentials(job.url)
    fresh = []
    for k in fresh_keys:
        e = parsed.entries[k.index]
        doc = Document(id=k.key, title=e.title, text=e.text, url=e.link, language=e.language,
                       published=e.published, feed=label)
        fresh.append(FreshItem(entry=e, key=signed(k, e.title, e.text), hits=_classify(matcher, doc, job.url, e.guid)))
    return Prepared(feed_id=job.feed_id, title=parsed.title, ttl_seconds=parsed.ttl_seconds,
                    fresh=tuple(fresh), duplicates=duplicates, item_digests=parsed.item_digests)


def _classify(matcher: Matcher, doc: Document, feed_url: str, guid: str | None) -> tuple[Hit, ...]:
    """The item's hits; a matcher bug on one item costs that item's hits only (logged loudly)."""
    try:
        return tuple(matcher.classify(doc))
    except Exception:
        log.exception("feed %s: item %s could not be matched; stored without hits",
                      for_terminal(hide_credentials(feed_url)), for_terminal((guid or "")[:200]))
        return ()


def item_rows(feed_id: int, fresh: Sequence[FreshItem], stories: dict[int, tuple[int, bool]],
              now: datetime) -> list[dict[str, object]]:
    """The items table rows of ``fresh`` (text fields cut to their column sizes)."""
    return [{"feed_id": feed_id, "dedup_key": f.key.key, "guid": _cut(f.entry.guid), "link": _cut(f.entry.link),
             "canonical_url": _cut(f.key.canonical), "content_hash": f.key.chash, "title": f.entry.title,
             "text": f.entry.text, "language": (f.entry.language or "")[:16] or None,
             "published_at": f.entry.published, "fetched_at": now, "story_id": stories[f.key.index][0],
             "minhash": None}
            for f in fresh]


def _cut(value: str | None, limit: int = 2048) -> str | None:
    return value[:limit] if value else value

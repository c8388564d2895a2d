"""Layered dedup: per feed (guid, link, content hash), then stories across feeds (URL, text, MinHash)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from monitor.dedup.keys import canonical_url, content_hash, dedup_key
from monitor.dedup.near import THRESHOLD, StoryIndex, signature, similarity
from monitor.store import items as store

INDEX_WINDOW = timedelta(days=7)   # near-duplicates are looked for among items of the last week


@dataclass(frozen=True, slots=True)
class Keyed:
    """An entry's dedup keys (computed once, off the database)."""

    index: int                  # position in the feed's entry list
    key: str
    guid: str | None
    link: str | None
    canonical: str | None
    chash: str
    signature: bytes | None


def keyed(index: int, title: str, text: str, guid: str | None, link: str | None) -> Keyed:
    chash = content_hash(title, text)
    return Keyed(index=index, key=dedup_key(guid, link, chash), guid=guid, link=link,
                 canonical=canonical_url(link), chash=chash, signature=signature(title, text))


def new_in_feed(session: Session, feed_id: int, entries: Sequence[Keyed]) -> tuple[list[Keyed], int]:
    """Entries the feed has not stored yet, and how many were duplicates.

    An entry is old when its key, its guid, its link or its content hash is already stored for
    the feed; the link and hash layers catch feeds whose guids change on every fetch.
    """
    seen = store.seen_in_feed(session, feed_id, (e.key for e in entries),
                              (e.guid for e in entries if e.guid), (e.link for e in entries if e.link),
                              (e.chash for e in entries))
    fresh: list[Keyed] = []
    for e in entries:
        if (e.key in seen.keys or (e.guid and e.guid in seen.guids) or (e.link and e.link in seen.links)
                or e.chash in seen.hashes):
            continue
        fresh.append(e)
        seen.keys.add(e.key)
        seen.hashes.add(e.chash)
        if e.guid:
            seen.guids.add(e.guid)
        if e.link:
            seen.links.add(e.link)
    return fresh, len(entries) - len(fresh)


class StoryAssigner:
    """Gives each new item a story: the story of an item with the same canonical URL or the same
    text in any feed, else of a near-duplicate (MinHash LSH), else a new one.

    The LSH index lives in memory but is rebuilt from the stored signatures on first use, so a
    restart loses nothing.
    """

    def __init__(self, window: timedelta = INDEX_WINDOW) -> None:
        self.window = window
        self._index: StoryIndex | None = None

    def _ensure_index(self, session: Session, now: datetime) -> StoryIndex:
        if self._index is None:
            self._index = StoryIndex.from_rows(store.signatures_since(session, now - self.window))
        return self._index

    def assign(self, session: Session, entries: Iterable[Keyed], now: datetime) -> dict[int, tuple[int, bool]]:
        """entry index -> (story id, whether the story was already known)."""
        batch = list(entries)
        index = self._ensure_index(session, now)
        by_url = store.stories_by_canonical_url(session, (e.canonical for e in batch if e.canonical))
        by_hash = store.stories_by_content_hash(session, (e.chash for e in batch))
        out: dict[int, tuple[int, bool]] = {}
        for e in batch:
            story = (by_url.get(e.canonical) if e.canonical else None) or by_hash.get(e.chash)
            if story is None and e.signature is not None:
                story = self._near(session, index, e.signature)
            if story is not None:
                store.add_sighting(session, story, now)
                out[e.index] = (story, True)
            else:
                story = store.new_story(session, now).id
                out[e.index] = (story, False)
            if e.canonical:
                by_url.setdefault(e.canonical, story)
            by_hash.setdefault(e.chash, story)
            if e.signature is not None:
                index.add(story, e.signature)
        return out

    @staticmethod
    def _near(session: Session, index: StoryIndex, sig: bytes) -> int | None:
        for candidate in index.candidates(sig)[:5]:
            other = store.story_signature(session, candidate)
            if other is not None and similarity(sig, other) >= THRESHOLD:
                return candidate
        return None

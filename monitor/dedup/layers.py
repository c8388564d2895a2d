"""Layered dedup: per feed (guid, link, content hash), then stories across feeds (URL, text, MinHash)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import numpy as np
from sqlalchemy.orm import Session

from monitor.dedup.keys import canonical_url, content_hash, dedup_key
from monitor.dedup.near import (
    BAND_BYTES,
    SIGNATURE_BYTES,
    THRESHOLD,
    StoryIndex,
    band_keys_many,
    batch_overlaps,
    signature,
    similarity,
)
from monitor.store import items as store

INDEX_WINDOW = timedelta(days=7)      # near-duplicates are looked for among stories of the last week
_Ref = tuple[str, int]                # ("old", story id) or ("new", slot in this batch)


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
    """The cheap keys; the MinHash signature is added by ``signed`` for new entries only."""
    chash = content_hash(title, text)
    return Keyed(index=index, key=dedup_key(guid, link, chash), guid=guid, link=link,
                 canonical=canonical_url(link), chash=chash, signature=None)


def signed(k: Keyed, title: str, text: str) -> Keyed:
    return replace(k, signature=signature(title, text))


def known_in_feed(session: Session, feed_id: int, ids: Sequence[tuple[str | None, str | None]]) -> set[int]:
    """Positions in ``ids`` ((guid, link) of each item) whose guid or link the feed has stored:
    ``new_in_feed`` would drop them, so they need no text preparation (parse_feed's ``known``)."""
    seen = store.seen_in_feed(session, feed_id, (), (g for g, _ in ids if g), (lk for _, lk in ids if lk), ())
    return {n for n, (guid, link) in enumerate(ids)
            if (guid and guid in seen.guids) or (link and link in seen.links)}


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

    The database is the truth: each story row carries its representative signature. The LSH index
    in memory is a cache, built from the stories of the last week on first use and refreshed from
    the stories table (new ones of every replica) at most every REFRESH_EVERY.
    """

    REFRESH_EVERY = 2.0      # seconds between look-ups of stories other replicas created
    REFRESH_LAG = 2_000      # story ids re-read below the highest seen: a transaction that took an
                             # id earlier may commit later

    def __init__(self, window: timedelta = INDEX_WINDOW, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._index: StoryIndex | None = None
        self._known: set[int] = set()
        self._max_id = 0
        self._refreshed = 0.0

    def forget(self) -> None:
        """Drop the index (rebuilt from the database when next used): after a rolled-back write,
        it may hold stories that were never stored."""
        self._index = None
        self._known = set()
        self._max_id = 0

    def _add(self, story: int, sig: bytes, keys: np.ndarray | None = None) -> None:
        assert self._index is not None
        if story not in self._known:
            self._index.add(story, sig, keys)
            self._known.add(story)
            self._max_id = max(self._max_id, story)

    def _ensure_index(self, session: Session, now: datetime) -> StoryIndex:
        if self._index is None:
            count, rows = store.story_band_signatures_since(session, now - self.window, BAND_BYTES, SIGNATURE_BYTES)
            self._index = StoryIndex.from_rows(rows, expected=count)
            self._known = self._index.story_ids()
            self._max_id = max(self._known, default=0)
            self._refreshed = self._clock()
        elif self._clock() - self._refreshed >= self.REFRESH_EVERY:
            floor = self._max_id - self.REFRESH_LAG
            unknown = [story for story in store.story_ids_after(session, floor) if story not in self._known]
            signatures = store.story_signatures(session, unknown) if unknown else {}
            for story in sorted(signatures):    # in id order, as the stories came
                self._add(story, signatures[story])
            self._known = {s for s in self._known if s > floor - self.REFRESH_LAG}
            self._refreshed = self._clock()
        return self._index

    def assign(self, session: Session, entries: Iterable[Keyed], now: datetime) -> dict[int, tuple[int, bool]]:
        """entry index -> (story id, whether the story was already known). Set-based: a handful of
        queries per batch, whatever its size."""
        batch = list(entries)
        index = self._ensure_index(session, now)
        by_url: dict[str, _Ref] = {u: ("old", s) for u, s in store.stories_by_canonical_url(
            session, (e.canonical for e in batch if e.canonical)).items()}
        by_hash: dict[str, _Ref] = {h: ("old", s) for h, s in store.stories_by_content_hash(
            session, (e.chash for e in batch)).items()}
        sigs = [(e.index, e.signature) for e in batch if e.signature is not None]
        band_rows = band_keys_many([sig for _, sig in sigs])      # once per entry, for lookup and add
        rows = {index_: n for n, (index_, _) in enumerate(sigs)}  # entry index -> its row of band keys
        earlier, later = batch_overlaps(band_rows)          # rows that look in, and go into, ``local``
        candidates = {index_: found[:5]
                      for (index_, _), found in zip(sigs, index.candidates_many(band_rows), strict=True)}
        known_sigs = store.story_signatures(session, {c for cs in candidates.values() for c in cs})
        local = StoryIndex()                                # this batch's new stories, by slot
        local_sigs: list[bytes | None] = []
        local_rows: list[int | None] = []                   # their rows of band keys
        refs: dict[int, _Ref] = {}
        for e in batch:
            ref = (by_url.get(e.canonical) if e.canonical else None) or by_hash.get(e.chash)
            row = rows.get(e.index)
            if ref is None and e.signature is not None and row is not None:
                ref = self._near(e.signature, band_rows[row], candidates.get(e.index, ()), known_sigs,
                                 local if earlier[row] else None, local_sigs)
            if ref is None:
                ref = ("new", len(local_sigs))
                local_sigs.append(e.signature)
                local_rows.append(row)
                if e.signature is not None and row is not None and later[row]:
                    local.add(ref[1], e.signature, band_rows[row])
            refs[e.index] = ref
            if e.canonical:
                by_url.setdefault(e.canonical, ref)
            by_hash.setdefault(e.chash, ref)
        sightings = Counter(value for kind, value in refs.values() if kind == "new")
        new_ids = store.new_stories(session, [(sightings[slot], sig) for slot, sig in enumerate(local_sigs)], now)
        store.add_sightings(session, [r[1] for r in refs.values() if r[0] == "old"], now)
        out: dict[int, tuple[int, bool]] = {}
        for e in batch:
            kind, value = refs[e.index]
            story = value if kind == "old" else new_ids[value]
            out[e.index] = (story, kind == "old")
        for slot, sig in enumerate(local_sigs):
            if sig is not None:
                self._add(new_ids[slot], sig, _row(band_rows, local_rows[slot]))
        return out

    @staticmethod
    def _near(sig: bytes, keys: np.ndarray, candidates: Iterable[int], known: dict[int, bytes],
              local: StoryIndex | None, local_sigs: list[bytes | None]) -> _Ref | None:
        """A story ``sig`` (band keys ``keys``) is a near-duplicate of: a stored one among
        ``candidates``, else one this batch created (``local``: None when no item before it in
        the batch shares a band with it)."""
        for story in candidates:
            other = known.get(story)
            if other is not None and similarity(sig, other) >= THRESHOLD:
                return ("old", story)
        for slot in local.candidates_many(keys.reshape(1, -1))[0][:5] if local is not None else ():
            other = local_sigs[slot]
            if other is not None and similarity(sig, other) >= THRESHOLD:
                return ("new", slot)
        return None


def _row(band_rows: np.ndarray, row: int | None) -> np.ndarray | None:
    return None if row is None else band_rows[row]

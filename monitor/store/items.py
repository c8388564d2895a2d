"""Items and stories in the database: what a feed has already, sightings, stored signatures."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from monitor.store import models

_CHUNK = 400  # keeps IN (...) lists under every backend's parameter limit
_ITEMS = cast(Table, models.Item.__table__)
_STORIES = cast(Table, models.Story.__table__)


@dataclass
class Seen:
    """Keys one feed already has stored, by kind."""

    keys: set[str] = field(default_factory=set)
    guids: set[str] = field(default_factory=set)
    links: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


_KINDS = ("keys", "guids", "links", "hashes")


@functools.cache
def _seen_query(kinds: tuple[str, ...]) -> Select[str, str | None, str | None, str]:
    """The look-up of ``seen_in_feed`` for these kinds of value, built once: its IN lists are
    expanding parameters (constructing the statement cost more than running it)."""
    I = models.Item  # noqa: E741, N806 - short alias for the query
    columns = {"keys": I.dedup_key, "guids": I.guid, "links": I.link, "hashes": I.content_hash}
    return select(I.dedup_key, I.guid, I.link, I.content_hash).where(
        I.feed_id == bindparam("feed_id"), or_(*(columns[kind].in_(bindparam(kind, expanding=True)) for kind in kinds)))


def seen_in_feed(session: Session, feed_id: int, keys: Iterable[str], guids: Iterable[str],
                 links: Iterable[str], hashes: Iterable[str]) -> Seen:
    """Which of the given dedup keys, guids, links and content hashes this feed has stored: one
    query for the four kinds (each value is looked for in its own column), not one per kind."""
    seen = Seen()
    wanted = {"keys": sorted(set(keys)), "guids": sorted(set(guids)), "links": sorted(set(links)),
              "hashes": sorted(set(hashes))}
    size = _CHUNK // len(wanted)          # the four IN lists of one query stay under _CHUNK in all
    rounds = max(-(-len(values) // size) for values in wanted.values())
    for n in range(rounds):
        part = {kind: values[n * size:(n + 1) * size] for kind, values in wanted.items()}
        kinds = tuple(kind for kind in _KINDS if part[kind])
        params: dict[str, Any] = {kind: part[kind] for kind in kinds}
        params["feed_id"] = feed_id
        found = {kind: set(values) for kind, values in part.items()}
        for row in session.connection().execute(_seen_query(kinds), params):
            for kind, value in zip(_KINDS, row, strict=True):
                if value and value in found[kind]:
                    getattr(seen, kind).add(value)
    return seen


@functools.cache
def _stories_query(column: str) -> Select[str, int | None]:
    """value of ``column`` and story id of stored items having one of the ``values`` (built once)."""
    col = getattr(models.Item, column)
    return select(col, models.Item.story_id).where(col.in_(bindparam("values", expanding=True)),
                                                    models.Item.story_id.is_not(None))


def _stories_by(session: Session, column: str, values: Iterable[str]) -> dict[str, int]:
    """value of ``column`` -> story id, for values some stored item (of any feed) already has."""
    out: dict[str, int] = {}
    for chunk in _chunks(sorted(set(values))):
        for value, story in session.connection().execute(_stories_query(column), {"values": chunk}):
            if value and story is not None:
                out.setdefault(value, story)
    return out


def stories_by_canonical_url(session: Session, urls: Iterable[str]) -> dict[str, int]:
    """canonical URL -> story id, across feeds."""
    return _stories_by(session, "canonical_url", urls)


def stories_by_content_hash(session: Session, hashes: Iterable[str]) -> dict[str, int]:
    """content hash -> story id, across feeds (exact copies of the same text)."""
    return _stories_by(session, "content_hash", hashes)


_SIGNATURES = (select(models.Story.id, models.Story.minhash)
               .where(models.Story.id.in_(bindparam("ids", expanding=True)), models.Story.minhash.is_not(None)))


def story_signatures(session: Session, story_ids: Iterable[int]) -> dict[int, bytes]:
    """story id -> its representative MinHash signature (one row per story, whatever its size)."""
    out: dict[int, bytes] = {}
    ids = sorted(set(story_ids))
    for i in range(0, len(ids), _CHUNK):
        for story, sig in session.connection().execute(_SIGNATURES, {"ids": ids[i:i + _CHUNK]}):
            if sig:
                out[story] = sig
    return out


def story_band_signatures_since(session: Session, since: datetime, size: int,
                                full: int) -> tuple[int, Iterator[tuple[int, bytes]]]:
    """How many stories were first seen since ``since`` (at most), and (story id, the first
    ``size`` bytes of its signature) of those whose signature has ``full`` bytes, in id order:
    what the near-duplicate index is built from, without reading the rest of each signature."""
    where = (models.Story.first_seen_at >= since, func.length(models.Story.minhash) == full)
    count = session.scalar(select(func.count()).select_from(models.Story).where(*where)) or 0
    q = (select(models.Story.id, func.substr(models.Story.minhash, 1, size)).where(*where)
         .order_by(models.Story.id).execution_options(yield_per=2000))
    return count, ((story, bytes(sig)) for story, sig in session.connection().execute(q) if sig)


def story_ids_after(session: Session, story_id: int) -> list[int]:
    """Ids of stories with a signature and an id above ``story_id``, in order: the index's
    refresh, which then reads the signatures of only those it does not have."""
    q = (select(models.Story.id).where(models.Story.id > story_id, models.Story.minhash.is_not(None))
         .order_by(models.Story.id))
    return list(session.connection().scalars(q))


def new_stories(session: Session, stories: list[tuple[int, bytes | None]], now: datetime) -> list[int]:
    """Insert one story per (sighting count, signature); returns their ids in order (no ORM
    objects: this runs once per feed in the writer). On SQLite one executemany
    (``_sqlite_new_ids``), elsewhere one INSERT with RETURNING in parameter order."""
    if not stories:
        return []
    table = _STORIES
    rows = [{"first_seen_at": now, "last_seen_at": now, "sightings": n, "minhash": sig} for n, sig in stories]
    if session.get_bind().dialect.name == "sqlite":
        ids = _sqlite_new_ids(session, rows)
        if ids is not None:
            return ids
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [r[0] for r in session.connection().execute(stmt, rows)]


_MAX_ROWID = 2 ** 63 - 1


def _sqlite_new_ids(session: Session, rows: list[dict[str, Any]]) -> list[int] | None:
    """SQLite: the ids of ``rows`` inserted by one executemany (SQLAlchemy, asked for RETURNING
    in parameter order, sends one statement per row there). A rowid table gives each new row the
    largest rowid plus one while that is below 2^63 - 1, and the writer holds the database's
    write lock: the rows' ids are the ones after the largest before them, in order. None, with
    nothing inserted, when the largest id is too close to the limit (SQLite then draws rowids at
    random): the caller inserts row by row."""
    table = _STORIES
    last = select(func.max(table.c.id))
    before = session.connection().scalar(last) or 0
    if before > _MAX_ROWID - len(rows):
        return None
    session.connection().execute(insert(table), rows)
    after = session.connection().scalar(last) or 0
    if after - before != len(rows):
        raise RuntimeError(f"stories: {len(rows)} rows inserted, ids {before} -> {after}")
    return list(range(before + 1, after + 1))


def insert_items(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert items of one feed, skipping any (feed, dedup key) already stored, also by another
    replica at the same moment (``ON CONFLICT DO NOTHING``): a race is never an error.
    Returns dedup key -> id of the rows this call inserted."""
    if not rows:
        return {}
    table = _ITEMS
    make = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    stmt = (make(table).on_conflict_do_nothing(index_elements=["feed_id", "dedup_key"])
            .returning(table.c.id, table.c.dedup_key))
    return {key: ident for ident, key in session.connection().execute(stmt, rows)}


def add_sightings(session: Session, story_ids: Iterable[int], now: datetime) -> None:
    """Count one more sighting per occurrence of a story id (one executemany)."""
    counts: dict[int, int] = {}
    for sid in story_ids:
        counts[sid] = counts.get(sid, 0) + 1
    if not counts:
        return
    table = _STORIES
    stmt = (update(table).where(table.c.id == bindparam("sid"))
            .values(sightings=table.c.sightings + bindparam("n"), last_seen_at=bindparam("at")))
    session.connection().execute(stmt, [{"sid": sid, "n": n, "at": now} for sid, n in counts.items()])


def story_spread(session: Session, story_id: int) -> tuple[int, int]:
    """(sightings, distinct feeds) of a story."""
    rows = session.execute(select(models.Item.feed_id).where(models.Item.story_id == story_id)).all()
    return len(rows), len({r[0] for r in rows})


def items_of_feed_matching(session: Session, feed_id: int, guid: str | None, link: str | None) -> bool:
    """Whether the feed has an item with this guid or link (used by tests and the CLI)."""
    conds = []
    if guid:
        conds.append(models.Item.guid == guid)
    if link:
        conds.append(models.Item.link == link)
    if not conds:
        return False
    return session.scalar(select(models.Item.id).where(models.Item.feed_id == feed_id, or_(*conds))
                          .limit(1)) is not None

"""What the console reads from the store: a page of hits (keyset), spread, per-denial counts, feeds, outbox."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, exists, func, select, text
from sqlalchemy.orm import Session

from monitor.redact import hide_credentials
from monitor.store import models

LIST_TEXT_MAX = 20_000       # characters of an item's text read for a list page
DETAIL_TEXT_MAX = 100_000    # ... for one hit's page
TITLE_MAX = 2_000
REVIEW_FILTERS = ("unreviewed", "confirmed", "false_positive", "wrong_verdict")
RANGE_PROBE = 1000           # a time range with at most this many hits is read by id, not walked


@dataclass(frozen=True)
class HitFilter:
    """Filters of the hits page and ``GET /api/v1/hits``; None means any."""

    denial: str | None = None
    verdict: str | None = None
    feed: int | None = None
    language: str | None = None
    review: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class ReviewInfo:
    state: str
    right_verdict: str | None
    reviewer: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class HitRow:
    """A hit with its item (title and text capped), feed, denial and current review."""

    id: int
    created_at: datetime
    denial_id: str
    denial_title: str
    verdict: str
    score: float
    reason: str
    evidence: list[dict[str, Any]]
    item_id: int
    title: str
    text: str
    link: str | None
    language: str | None
    feed_id: int
    feed: str
    published_at: datetime | None
    story_id: int | None
    review: ReviewInfo | None = None
    history: list[ReviewInfo] = field(default_factory=list)


@dataclass(frozen=True)
class Spread:
    """How far a story went: outlets (distinct feeds), copies (items), first and last seen."""

    story_id: int
    outlets: int
    copies: int
    first_seen: datetime
    last_seen: datetime


def _info(r: models.Review) -> ReviewInfo:
    return ReviewInfo(r.state, r.right_verdict, r.reviewer, r.note, r.created_at)


def _reviewed() -> ColumnElement[bool]:
    return exists(select(models.Review.id).where(models.Review.hit_id == models.Hit.id, models.Review.current))


def _hit_query(text_max: int) -> Select[Any]:
    return (select(models.Hit, models.Item.id, func.substr(models.Item.title, 1, TITLE_MAX),
                   func.substr(models.Item.text, 1, text_max), models.Item.link, models.Item.language,
                   models.Item.published_at, models.Feed.id, models.Feed.name, models.Feed.url)
            .join(models.Item, models.Hit.item_id == models.Item.id)
            .join(models.Feed, models.Item.feed_id == models.Feed.id))


def _time_filter(q: Select[Any], f: HitFilter, sqlite: bool) -> Select[Any]:
    if not sqlite:
        if f.since:
            q = q.where(models.Hit.created_at >= f.since)
        return q.where(models.Hit.created_at < f.until) if f.until else q
    # SQLite would walk ix_hits_created_at and sort every hit of the range before the first page;
    # the unary + keeps it on the newest-first rowid walk, which stops after one page
    for op, name, value in ((">=", "since", f.since), ("<", "until", f.until)):
        if value is not None:
            q = q.where(text(f"+hits.created_at {op} :{name}").bindparams(
                bindparam(name, value, type_=models.UTCDateTime())))
    return q


def _apply(q: Select[Any], f: HitFilter, *, sqlite: bool = False) -> Select[Any]:
    if f.denial:
        q = q.where(models.Hit.denial_id == f.denial)
    if f.verdict:
        q = q.where(models.Hit.verdict == f.verdict)
    if f.feed is not None or f.language:
        # a materialized set: PostgreSQL hashes the matching items once instead of fetching each hit's item
        # (a filter that matches nothing would otherwise cost an index probe per stored hit)
        items = select(models.Item.id)
        if f.feed is not None:
            items = items.where(models.Item.feed_id == f.feed)
        if f.language:
            items = items.where(models.Item.language == f.language)
        matching = items.cte("matching_items").prefix_with("MATERIALIZED", dialect="postgresql")
        q = q.where(models.Hit.item_id.in_(select(matching.c.id)))
    if f.review == "unreviewed":
        q = q.where(~_reviewed())
    elif f.review:
        # the hits in the set of current reviews of that state (reviews are few next to hits): a test per
        # hit walked (EXISTS) cost 60 ms on SQLite at 100,000 hits when nothing matched, the set 11 ms
        q = q.where(models.Hit.id.in_(select(models.Review.hit_id).where(models.Review.current,
                                                                           models.Review.state == f.review)))
    return _time_filter(q, f, sqlite)


def _rows(session: Session, q: Select[Any]) -> list[HitRow]:
    rows = session.execute(q).all()
    reviews: dict[int, ReviewInfo] = {}
    titles: dict[str, str] = {}
    if rows:
        ids = [r[0].id for r in rows]
        reviews = {r.hit_id: _info(r) for r in session.scalars(
            select(models.Review).where(models.Review.hit_id.in_(ids), models.Review.current))}
        titles = {d: t for d, t in session.execute(select(models.Denial.id, models.Denial.title)
                                                   .where(models.Denial.id.in_({r[0].denial_id for r in rows})))}
    return [HitRow(id=h.id, created_at=h.created_at, denial_id=h.denial_id, denial_title=titles.get(h.denial_id, ""),
                   verdict=h.verdict,
                   score=h.score, reason=h.reason, evidence=[e for e in (h.evidence or []) if isinstance(e, dict)],
                   item_id=item_id, title=title or "", text=text or "", link=link, language=lang, feed_id=feed_id,
                   feed=fname or hide_credentials(furl), published_at=published, story_id=h.story_id, review=reviews.get(h.id))
            for h, item_id, title, text, link, lang, published, feed_id, fname, furl in rows]


def _few_in_range(session: Session, f: HitFilter) -> list[int] | None:
    """On SQLite, the ids of the hits in the filter's time range when there are at most RANGE_PROBE of them
    (read from the created_at index), else None. The newest-first walk would read every stored hit to fill
    a page from an empty or sparse range (428 ms under load at 100,000 hits for ``since=2100-01-01``)."""
    q = select(models.Hit.id)
    if f.since is not None:
        q = q.where(models.Hit.created_at >= f.since)
    if f.until is not None:
        q = q.where(models.Hit.created_at < f.until)
    ids = list(session.scalars(q.limit(RANGE_PROBE + 1)))
    return ids if len(ids) <= RANGE_PROBE else None


def hit_page(session: Session, f: HitFilter, *, before: int | None, limit: int) -> tuple[list[HitRow], int | None]:
    """Up to ``limit`` hits newest first, older than hit id ``before``; and the cursor of the next page."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    q = _apply(_hit_query(LIST_TEXT_MAX), f, sqlite=sqlite).order_by(models.Hit.id.desc()).limit(limit + 1)
    if sqlite and (f.since is not None or f.until is not None):
        few = _few_in_range(session, f)
        if few is not None:
            if not few:
                return [], None
            q = q.where(models.Hit.id.in_(few))
    if before is not None:
        q = q.where(models.Hit.id < before)
    rows = _rows(session, q)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def hit_detail(session: Session, hit_id: int) -> HitRow | None:
    """One hit with its review history (newest first)."""
    rows = _rows(session, _hit_query(DETAIL_TEXT_MAX).where(models.Hit.id == hit_id))
    if not rows:
        return None
    history = [_info(r) for r in session.scalars(select(models.Review).where(models.Review.hit_id == hit_id)
                                                 .order_by(models.Review.id.desc()))]
    row = rows[0]
    return HitRow(**{**row.__dict__, "history": history})


def spreads(session: Session, story_ids: Iterable[int | None]) -> dict[int, Spread]:
    """The spread of each story."""
    ids = sorted({i for i in story_ids if i is not None})
    if not ids:
        return {}
    outlets = dict(session.execute(select(models.Item.story_id, func.count(func.distinct(models.Item.feed_id)))
                                   .where(models.Item.story_id.in_(ids)).group_by(models.Item.story_id)).all())
    return {s.id: Spread(s.id, int(outlets.get(s.id, 0)), s.sightings, s.first_seen_at, s.last_seen_at)
            for s in session.scalars(select(models.Story).where(models.Story.id.in_(ids)))}


def _day(session: Session, column: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone("UTC", column))
    return func.date(column)


def hits_per_day(session: Session, start: datetime, end: datetime | None = None) -> dict[str, dict[tuple[date, str], int]]:
    """Per denial: hits per (UTC day, verdict) created in [start, end)."""
    day = _day(session, models.Hit.created_at)
    q = (select(models.Hit.denial_id, day, models.Hit.verdict, func.count())
         .where(models.Hit.created_at >= start).group_by(models.Hit.denial_id, day, models.Hit.verdict))
    if end is not None:
        q = q.where(models.Hit.created_at < end)
    out: dict[str, dict[tuple[date, str], int]] = {}
    for denial_id, d, verdict, n in session.execute(q):
        key = d if isinstance(d, date) else date.fromisoformat(str(d))
        out.setdefault(denial_id, {})[(key, verdict)] = int(n)
    return out


def hit_totals(session: Session) -> dict[str, dict[str, int]]:
    """Per denial: all stored hits by verdict."""
    out: dict[str, dict[str, int]] = {}
    for denial_id, verdict, n in session.execute(select(models.Hit.denial_id, models.Hit.verdict, func.count())
                                                 .group_by(models.Hit.denial_id, models.Hit.verdict)):
        out.setdefault(denial_id, {})[verdict] = int(n)
    return out


def items_per_day(session: Session, now: datetime, days: int = 7) -> dict[int, float]:
    """Per feed id: items fetched per day over the last ``days`` days."""
    q = (select(models.Item.feed_id, func.count()).where(models.Item.fetched_at >= now - timedelta(days=days))
         .group_by(models.Item.feed_id))
    return {int(fid): n / days for fid, n in session.execute(q)}


def deliveries_page(session: Session, *, status: str | None, before: int | None,
                    limit: int) -> tuple[list[models.Delivery], int | None]:
    """Outbox rows newest first (optionally of one status), keyset-paged by id."""
    q = select(models.Delivery).order_by(models.Delivery.id.desc()).limit(limit + 1)
    if status:
        q = q.where(models.Delivery.status == status)
    if before is not None:
        q = q.where(models.Delivery.id < before)
    rows = list(session.scalars(q))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (rows[-1].id if more and rows else None)


def delivery_counts(session: Session) -> dict[str, int]:
    return {s: int(n) for s, n in session.execute(select(models.Delivery.status, func.count())
                                                  .group_by(models.Delivery.status))}



def appearances(session: Session, denial_id: str, limit: int) -> list[tuple[str | None, str, datetime | None]]:
    """(link, title, published) of the newest items that repeat the denial's claim: contradict hits not
    reviewed as false positive or another verdict, and hits reviewed as really contradicting."""
    wrong = exists(select(models.Review.id).where(
        models.Review.hit_id == models.Hit.id, models.Review.current,
        (models.Review.state == "false_positive") | (models.Review.state == "wrong_verdict")))
    fixed = exists(select(models.Review.id).where(
        models.Review.hit_id == models.Hit.id, models.Review.current, models.Review.right_verdict == "contradict"))
    web = func.lower(func.substr(models.Item.link, 1, 5)).in_(("http:", "https"))   # only these can appear
    q = (select(models.Item.link, func.substr(models.Item.title, 1, 300), models.Item.published_at)
         .join(models.Hit, models.Hit.item_id == models.Item.id)
         .where(models.Hit.denial_id == denial_id, ((models.Hit.verdict == "contradict") & ~wrong) | fixed, web)
         .order_by(models.Hit.id.desc()).limit(limit))
    return [(link, title or "", published) for link, title, published in session.execute(q)]

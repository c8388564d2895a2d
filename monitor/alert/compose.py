"""Build the message of one outbox batch from the stored hits, items, feeds and denials."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from monitor.alert.types import DenialInfo, HitInfo, ItemInfo, Message, StoryInfo
from monitor.redact import hide_credentials
from monitor.store import models


def feed_label(feed: models.Feed) -> str:
    return feed.name or hide_credentials(feed.url)


def story_info(session: Session, story_id: int, hit_ids: tuple[int, ...]) -> StoryInfo | None:
    """Outlets (distinct feeds, first seen first), copies and time span of a story."""
    seen = func.coalesce(models.Item.published_at, models.Item.fetched_at)
    rows = session.execute(
        select(models.Feed.name, models.Feed.url, func.min(seen), func.max(seen), func.count())
        .join(models.Item, models.Item.feed_id == models.Feed.id)
        .where(models.Item.story_id == story_id)
        .group_by(models.Feed.id, models.Feed.name, models.Feed.url)
        .order_by(func.min(seen), models.Feed.id)).all()
    if not rows:
        return None
    return StoryInfo(id=story_id, outlets=tuple(name or hide_credentials(url) for name, url, *_ in rows),
                     copies=sum(r[4] for r in rows), first_seen=min(r[2] for r in rows),
                     last_seen=max(r[3] for r in rows), hit_ids=hit_ids)


def fold_stories(rows: Sequence[tuple[models.Hit, models.Item, models.Feed]],
                 ) -> list[tuple[tuple[models.Hit, models.Item, models.Feed], tuple[int, ...]]]:
    """Syndicated copies (hits sharing a story) become one entry: the first copy, with all hit ids."""
    by_story: dict[int, list[int]] = {}
    out: list[tuple[tuple[models.Hit, models.Item, models.Feed], list[int]]] = []
    for row in rows:
        sid = row[0].story_id
        if sid is not None and sid in by_story:
            by_story[sid].append(row[0].id)
            continue
        ids = [row[0].id]
        if sid is not None:
            by_story[sid] = ids
        out.append((row, ids))
    return [(row, tuple(ids)) for row, ids in out]


def compose(session: Session, rows: Sequence[models.Delivery], key: str) -> Message | None:
    """The message of batch ``key`` (its pending rows, oldest first); None if nothing is left."""
    if not rows:
        return None
    first = rows[0]
    stamp = min(r.created_at for r in rows)
    if first.kind == "notice":
        return Message(id=key, destination=first.destination, timestamp=stamp,
                       notice=dict(first.payload or {"kind": "notice"}))
    hit_rows = session.execute(
        select(models.Hit, models.Item, models.Feed)
        .join(models.Item, models.Hit.item_id == models.Item.id)
        .join(models.Feed, models.Item.feed_id == models.Feed.id)
        .where(models.Hit.id.in_([r.hit_id for r in rows if r.hit_id is not None]))
        .order_by(models.Hit.id)).all()
    if not hit_rows:
        return None
    denial_id = hit_rows[0][0].denial_id
    d = session.get(models.Denial, denial_id)
    denial = (DenialInfo(id=d.id, title=d.title, claim=d.claim, source=d.source, url=d.url) if d
              else DenialInfo(id=denial_id, title=denial_id, claim=""))
    hits = []
    for (hit, item, feed), ids in fold_stories(hit_rows):
        story = story_info(session, hit.story_id, ids) if hit.story_id is not None else None
        hits.append(HitInfo(
            id=hit.id, verdict=hit.verdict, score=hit.score, reason=hit.reason,
            evidence=tuple(e for e in (hit.evidence or []) if isinstance(e, dict)),
            item=ItemInfo(title=item.title, link=item.link, feed=feed_label(feed), feed_url=hide_credentials(feed.url),
                          published=item.published_at, language=item.language),
            created_at=hit.created_at, story=story))
    return Message(id=key, destination=first.destination, timestamp=stamp, denial=denial,
                   hits=tuple(hits))

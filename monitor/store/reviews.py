"""Analysts' reviews of hits: record them, the current state per hit, reviewed precision, regression cases."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from monitor.errors import MonitorError
from monitor.store import models

STATES = ("confirmed", "false_positive", "wrong_verdict")
VERDICTS = ("match", "contradict", "mention")
NOTE_MAX = 4000        # characters kept of a note
REVIEWER_MAX = 128


class ReviewError(MonitorError):
    """A review that cannot be stored: unknown hit, unknown state, missing or needless right verdict."""


def normalise_state(value: str) -> str:
    """``false-positive``, ``False positive`` and ``false_positive`` are one state."""
    return "_".join(value.strip().lower().replace("-", " ").split())


def add_review(session: Session, hit_id: int, state: str, *, reviewer: str, now: datetime,
               right_verdict: str | None = None, note: str = "") -> models.Review:
    """Store a review of ``hit_id`` as its current one (earlier ones are kept). Raises ReviewError."""
    state = normalise_state(state)
    if state not in STATES:
        raise ReviewError(f"unknown review state {state!r} (one of: {', '.join(STATES)})")
    # a locking read (PostgreSQL: FOR UPDATE; SQLite writes one at a time anyway): a concurrent review
    # of the same hit waits here until this one commits, then sees it as the current one to replace
    hit = session.get(models.Hit, hit_id, with_for_update=True, populate_existing=True)
    if hit is None:
        raise ReviewError(f"no hit with id {hit_id}")
    if state == "wrong_verdict":
        if right_verdict not in VERDICTS:
            raise ReviewError(f"hit {hit_id}: wrong_verdict needs the right verdict (one of: {', '.join(VERDICTS)})")
        if right_verdict == hit.verdict:
            raise ReviewError(f"hit {hit_id}: the right verdict {right_verdict!r} is the verdict it has")
    elif right_verdict:
        raise ReviewError(f"hit {hit_id}: a right verdict goes only with wrong_verdict")
    reviewer = reviewer.strip()[:REVIEWER_MAX]
    if not reviewer:
        raise ReviewError(f"hit {hit_id}: a review needs a reviewer")
    session.execute(update(models.Review).where(models.Review.hit_id == hit_id, models.Review.current)
                    .values(current=False))
    row = models.Review(hit_id=hit_id, state=state, right_verdict=right_verdict if state == "wrong_verdict" else None,
                        note=note[:NOTE_MAX], reviewer=reviewer, current=True, created_at=now)
    session.add(row)
    session.flush()
    return row


def current_reviews(session: Session, hit_ids: Iterable[int]) -> dict[int, models.Review]:
    """The current review of each of ``hit_ids`` that has one."""
    ids = list(hit_ids)
    if not ids:
        return {}
    rows = session.scalars(select(models.Review).where(models.Review.hit_id.in_(ids), models.Review.current))
    return {r.hit_id: r for r in rows}


def reviews_of(session: Session, hit_id: int) -> list[models.Review]:
    """Every review of a hit, newest first."""
    return list(session.scalars(select(models.Review).where(models.Review.hit_id == hit_id)
                                .order_by(models.Review.id.desc())))


def list_reviews(session: Session, *, before: int | None = None, limit: int = 50) -> list[models.Review]:
    """Reviews newest first; ``before`` is the id of the last one of the previous page."""
    q = select(models.Review).order_by(models.Review.id.desc()).limit(limit)
    if before is not None:
        q = q.where(models.Review.id < before)
    return list(session.scalars(q))


@dataclass(frozen=True)
class Precision:
    """Reviewed hits of one denial by current state; precision = confirmed / reviewed."""

    denial_id: str
    confirmed: int = 0
    false_positive: int = 0
    wrong_verdict: int = 0

    @property
    def reviewed(self) -> int:
        return self.confirmed + self.false_positive + self.wrong_verdict

    @property
    def precision(self) -> float | None:
        return self.confirmed / self.reviewed if self.reviewed else None

    def to_dict(self) -> dict[str, object]:
        p = self.precision
        return {"denial": self.denial_id, "reviewed": self.reviewed, "confirmed": self.confirmed,
                "false_positive": self.false_positive, "wrong_verdict": self.wrong_verdict,
                "precision": None if p is None else round(p, 4)}


def reviewed_precision(session: Session, denial_ids: Sequence[str] = ()) -> dict[str, Precision]:
    """Per denial: its hits' current reviews counted by state (denials without reviews: zeros)."""
    q = (select(models.Hit.denial_id, models.Review.state, func.count())
         .join(models.Review, models.Review.hit_id == models.Hit.id)
         .where(models.Review.current).group_by(models.Hit.denial_id, models.Review.state))
    counts: dict[str, dict[str, int]] = {d: {} for d in denial_ids}
    for denial_id, state, n in session.execute(q):
        counts.setdefault(denial_id, {})[state] = int(n)
    return {d: Precision(d, **{s: c.get(s, 0) for s in STATES}) for d, c in counts.items()}


@dataclass(frozen=True)
class Case:
    """A reviewed hit replayed as a regression case: what the denial should say about the item."""

    hit_id: int
    denial_id: str
    state: str
    stored: str                   # the verdict the hit was stored with
    expected: str | None          # the verdict it should get; None: no hit at all (a false positive)
    item_id: int
    title: str
    text: str
    link: str | None
    language: str | None
    published_at: datetime | None
    feed: str


def regression_cases(session: Session, denial: str | None = None) -> list[Case]:
    """Every hit with a current review, as a case (oldest hit first)."""
    q = (select(models.Hit, models.Review, models.Item, models.Feed)
         .join(models.Review, (models.Review.hit_id == models.Hit.id) & models.Review.current)
         .join(models.Item, models.Item.id == models.Hit.item_id)
         .join(models.Feed, models.Feed.id == models.Item.feed_id).order_by(models.Hit.id))
    if denial:
        q = q.where(models.Hit.denial_id == denial)
    out = []
    for hit, review, item, feed in session.execute(q).all():
        expected = {"confirmed": hit.verdict, "false_positive": None,
                    "wrong_verdict": review.right_verdict}[review.state]
        out.append(Case(hit_id=hit.id, denial_id=hit.denial_id, state=review.state, stored=hit.verdict,
                        expected=expected,
                        item_id=item.id, title=item.title, text=item.text, link=item.link,
                        language=item.language, published_at=item.published_at, feed=feed.name or feed.url))
    return out


def case_outcome(case: Case, got: str | None) -> str:
    """What the rules' verdict now (None: no hit) does to a reviewed hit: ``kept`` (confirmed and
    still right), ``fixed`` (was wrong, now right), ``broken`` (was right, now wrong) or ``still wrong``."""
    if got == case.expected:
        return "kept" if case.state == "confirmed" else "fixed"
    return "broken" if case.state == "confirmed" else "still wrong"

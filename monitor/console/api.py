"""The JSON API under /api/v1: hits with evidence, stories, denials, feeds, deliveries, reviews."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.security import HTTPBasic, HTTPBearer

from monitor.console.app import console_of
from monitor.console.queries import (
    HitFilter,
    HitRow,
    ReviewInfo,
    Spread,
    deliveries_page,
    hit_detail,
    hit_page,
    hit_totals,
    items_per_day,
    spreads,
)
from monitor.console.schemas import (
    API_TEXT_MAX,
    Delivery,
    DeliveryPage,
    Denial,
    Evidence,
    Feed,
    Hit,
    HitDetail,
    HitPage,
    Review,
    ReviewIn,
    ReviewOut,
    ReviewPage,
    Story,
    Verdict,
)
from monitor.console.text import safe_link
from monitor.redact import hide_credentials
from monitor.store import models
from monitor.store.db import session_scope, write_scope
from monitor.store.feeds import list_feeds
from monitor.store.reviews import ReviewError, add_review, list_reviews, reviewed_precision

ReviewFilter = Literal["unreviewed", "confirmed", "false_positive", "wrong_verdict"]
Cursor = Annotated[str | None, Query(max_length=20, pattern=r"^[0-9]{1,18}$",
                                     description="next_cursor of the previous page")]
Limit = Annotated[int, Query(ge=1, le=200)]


_bearer = HTTPBearer(auto_error=False, description="console.token")
_basic = HTTPBasic(auto_error=False, description="a console user, or any name with console.token")


def api_user(request: Request, _b: Annotated[Any, Depends(_bearer)], _u: Annotated[Any, Depends(_basic)]) -> str:
    """The caller named by the Authorization header (Bearer token or Basic); else 401.
    (The two dependencies only document the schemes in the OpenAPI document.)"""
    user = console_of(request.app).auth.from_header(request.headers.get("authorization"))
    if user is None:
        raise HTTPException(status_code=401, detail="authentication required",
                            headers={"WWW-Authenticate": 'Basic realm="disinfo-monitor", charset="UTF-8"'})
    return user


router = APIRouter(prefix="/api/v1", dependencies=[Depends(api_user)],
                   responses={401: {"description": "no or wrong credentials"}})


def _review(r: ReviewInfo) -> Review:
    return Review(state=r.state, right_verdict=r.right_verdict, reviewer=r.reviewer, note=r.note,  # type: ignore[arg-type]
                  created_at=r.created_at)


def _story(s: Spread | None) -> Story | None:
    return None if s is None else Story(id=s.story_id, outlets=s.outlets, copies=s.copies,
                                        first_seen=s.first_seen, last_seen=s.last_seen)


def _evidence(raw: list[dict[str, Any]]) -> list[Evidence]:
    out = []
    for e in raw:
        try:
            out.append(Evidence.model_validate(e))
        except ValueError:
            continue
    return out


def _hit(r: HitRow, story: Spread | None) -> dict[str, Any]:
    return dict(id=r.id, created_at=r.created_at, denial=r.denial_id, verdict=r.verdict, score=r.score,
                reason=r.reason, evidence=_evidence(r.evidence), item_id=r.item_id, title=r.title,
                text=r.text[:API_TEXT_MAX], link=safe_link(r.link), language=r.language, feed=r.feed,
                published_at=r.published_at, story=_story(story), review=_review(r.review) if r.review else None)


def _cursor(value: str | None) -> int | None:
    return int(value) if value else None


@router.get("/hits", response_model=HitPage, summary="Hits, newest first",
            responses={422: {"description": "a bad filter (names it)"}})
def get_hits(request: Request, cursor: Cursor = None, limit: Limit = 50,
             denial: Annotated[str | None, Query(max_length=128, description="a configured denial id")] = None,
             verdict: Verdict | None = None, feed: Annotated[int | None, Query(ge=0, le=2**62)] = None,
             language: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9_-]{1,16}$")] = None,
             review: ReviewFilter | None = None, since: datetime | None = None,
             until: datetime | None = None) -> HitPage:
    console = console_of(request.app)
    if denial is not None and denial not in {d.id for d in console.config.denials}:
        raise HTTPException(status_code=422, detail=f"denial: no denial {denial[:128]!r}")
    flt = HitFilter(denial=denial, verdict=verdict, feed=feed, language=language, review=review,
                    since=since, until=until)
    with session_scope(console.sessions) as session:
        rows, nxt = hit_page(session, flt, before=_cursor(cursor), limit=limit)
        spread = spreads(session, (r.story_id for r in rows))
    return HitPage(items=[Hit(**_hit(r, spread.get(r.story_id or -1))) for r in rows],
                   next_cursor=str(nxt) if nxt else None)


@router.get("/hits/{hit_id}", response_model=HitDetail, responses={404: {"description": "no such hit"}})
def get_hit(request: Request, hit_id: Annotated[int, PathParam(ge=0, le=2**62)]) -> HitDetail:
    with session_scope(console_of(request.app).sessions) as session:
        row = hit_detail(session, hit_id)
        if row is None:
            raise HTTPException(status_code=404, detail=f"no hit with id {hit_id}")
        spread = spreads(session, [row.story_id]).get(row.story_id or -1)
    return HitDetail(**_hit(row, spread), reviews=[_review(r) for r in row.history])


@router.post("/hits/{hit_id}/reviews", response_model=ReviewOut, status_code=201,
             responses={404: {"description": "no such hit"}, 422: {"description": "a review that cannot be"}})
def post_review(request: Request, hit_id: Annotated[int, PathParam(ge=0, le=2**62)], body: ReviewIn,
                user: Annotated[str, Depends(api_user)]) -> ReviewOut:
    console = console_of(request.app)
    try:
        with write_scope(console.sessions) as session:
            r = add_review(session, hit_id, body.state, reviewer=user, now=console.now(),
                           right_verdict=body.right_verdict, note=body.note)
            return ReviewOut(id=r.id, hit_id=r.hit_id, state=r.state, right_verdict=r.right_verdict,  # type: ignore[arg-type]
                             reviewer=r.reviewer, note=r.note, created_at=r.created_at)
    except ReviewError as exc:
        raise HTTPException(status_code=404 if "no hit" in str(exc) else 422, detail=str(exc)) from None


@router.get("/reviews", response_model=ReviewPage, summary="Reviews, newest first")
def get_reviews(request: Request, cursor: Cursor = None, limit: Limit = 50) -> ReviewPage:
    with session_scope(console_of(request.app).sessions) as session:
        rows = list_reviews(session, before=_cursor(cursor), limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return ReviewPage(items=[ReviewOut(id=r.id, hit_id=r.hit_id, state=r.state,  # type: ignore[arg-type]
                                       right_verdict=r.right_verdict, reviewer=r.reviewer,  # type: ignore[arg-type]
                                       note=r.note, created_at=r.created_at) for r in rows],
                      next_cursor=str(rows[-1].id) if more and rows else None)


@router.get("/stories/{story_id}", response_model=Story, responses={404: {"description": "no such story"}})
def get_story(request: Request, story_id: Annotated[int, PathParam(ge=0, le=2**62)]) -> Story:
    with session_scope(console_of(request.app).sessions) as session:
        story = _story(spreads(session, [story_id]).get(story_id))
    if story is None:
        raise HTTPException(status_code=404, detail=f"no story with id {story_id}")
    return story


@router.get("/denials", response_model=list[Denial], summary="Configured denials, hit counts, reviewed precision")
def get_denials(request: Request) -> list[Denial]:
    console = console_of(request.app)
    ids = [d.id for d in console.config.denials]
    with session_scope(console.sessions) as session:
        totals = hit_totals(session)
        prec = reviewed_precision(session, ids)
    return [Denial(id=d.id, title=d.title, claim=d.claim, source=d.source, url=d.url, hits=totals.get(d.id, {}),
                   reviewed=prec[d.id].reviewed, confirmed=prec[d.id].confirmed,
                   false_positive=prec[d.id].false_positive, wrong_verdict=prec[d.id].wrong_verdict,
                   precision=prec[d.id].precision) for d in console.config.denials]


@router.get("/feeds", response_model=list[Feed])
def get_feeds(request: Request) -> list[Feed]:
    console = console_of(request.app)
    with session_scope(console.sessions) as session:
        per_day = items_per_day(session, console.now())
        return [Feed(id=f.id, name=f.name, url=hide_credentials(f.url), enabled=f.enabled, health=f.health,
                     last_polled_at=f.last_polled_at, last_success_at=f.last_success_at,
                     error_streak=f.error_streak, last_error=f.last_error, items_per_day=per_day.get(f.id, 0.0))
                for f in list_feeds(session)]


@router.get("/deliveries", response_model=DeliveryPage, summary="The outbox, newest first")
def get_deliveries(request: Request, cursor: Cursor = None, limit: Limit = 50,
                   status: Literal["pending", "sent", "dead", "silenced", "folded"] | None = None) -> DeliveryPage:
    with session_scope(console_of(request.app).sessions) as session:
        rows, nxt = deliveries_page(session, status=status, before=_cursor(cursor), limit=limit)
        items = [Delivery.model_validate(_delivery(d)) for d in rows]
    return DeliveryPage(items=items, next_cursor=str(nxt) if nxt else None)


def _delivery(d: models.Delivery) -> dict[str, Any]:
    return {k: getattr(d, k) for k in Delivery.model_fields}


@router.get("/claimreview", response_model=list[dict[str, Any]],
            summary="Configured denials as schema.org ClaimReview JSON-LD, with the items that repeat the claim")
def get_claim_reviews(request: Request, max_appearances: Annotated[int, Query(ge=0, le=1000)] = 100
                      ) -> list[dict[str, Any]]:
    from monitor.console.claimreview import export_claim_reviews

    console = console_of(request.app)
    with session_scope(console.sessions) as session:
        return export_claim_reviews(session, console.config.denials, max_appearances)

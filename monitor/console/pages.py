"""The console's HTML pages: login, hits, one hit with its review form, denials, feeds, deliveries."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import yaml
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from monitor.console.app import Console, console_of
from monitor.console.chart import day_chart
from monitor.console.forms import VERDICTS, hit_filter, parse_int
from monitor.console.queries import (
    TITLE_MAX,
    deliveries_page,
    delivery_counts,
    hit_detail,
    hit_page,
    hit_totals,
    hits_per_day,
    items_per_day,
    spreads,
)
from monitor.console.security import csrf_ok, csrf_token
from monitor.console.text import evidence_lines, evidence_spans, excerpt, highlight, safe_link
from monitor.errors import MonitorError
from monitor.match.types import Document
from monitor.redact import hide_credentials
from monitor.sanitize import cap, clean_text
from monitor.store import models
from monitor.store.db import session_scope, write_scope
from monitor.store.feeds import list_feeds
from monitor.store.logins import end_login, login_user, start_login
from monitor.store.outbox import requeue
from monitor.store.reviews import STATES, ReviewError, add_review, reviewed_precision

router = APIRouter(include_in_schema=False)
TEST_TEXT_MAX = 200_000
STATEMENT_MAX = 20_000
LIST_TITLE_MAX = 500
CHART_DAYS = 30
PAST_DAYS_TTL = 600.0      # seconds the per-day counts of past days are reused


def _user(request: Request) -> str:
    """The logged-in analyst; a cookie whose login ended (logout, expiry) goes back to the login page."""
    user = request.session.get("user")
    if isinstance(user, str):
        console = console_of(request.app)
        with session_scope(console.sessions) as session:
            if login_user(session, request.session.get("login"), now=console.now()) == user:
                return user
        request.session.pop("user", None)      # the login ended; the CSRF token stays for the login form
        request.session.pop("login", None)
    raise HTTPException(status_code=303, headers={"Location": "/login"})


def _render(request: Request, name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
    console = console_of(request.app)
    html = console.templates.get_template(name).render(
        request=request, user=request.session.get("user"), csrf=csrf_token(request), page=name, **ctx)
    return HTMLResponse(html, status_code=code)


async def _form(request: Request) -> dict[str, str]:
    """The posted form (strings only); a wrong CSRF token or origin is 403."""
    form = await request.form(max_files=0, max_fields=20, max_part_size=TEST_TEXT_MAX * 4)
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    if not csrf_ok(request, values.get("csrf")):
        raise HTTPException(status_code=403, detail="CSRF check failed: reload the page and try again")
    return values


def _denial_ids(console: Console) -> list[str]:
    return [d.id for d in console.config.denials]


@router.get("/login")
def login_page(request: Request) -> HTMLResponse:
    return _render(request, "login.html", error=None)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await _form(request)
    console = console_of(request.app)
    client = request.client.host if request.client else "?"
    if console.login_blocked(client):
        return _render(request, "login.html", code=429, error="too many failed logins: wait a few minutes")
    name = console.auth.login(form.get("name", ""), form.get("secret", ""))
    if name is None:
        console.login_failed(client)
        return _render(request, "login.html", code=401, error="wrong name or secret")
    with write_scope(console.sessions) as session:
        secret = start_login(session, name, now=console.now())
    request.session.clear()
    request.session["user"] = name
    request.session["login"] = secret
    return RedirectResponse("/hits", status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    await _form(request)
    with write_scope(console_of(request.app).sessions) as session:
        end_login(session, request.session.get("login"))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/")
def index(request: Request) -> Response:
    _user(request)
    return RedirectResponse("/hits", status_code=303)


@router.get("/hits")
def hits_page(request: Request) -> HTMLResponse:
    _user(request)
    console = console_of(request.app)
    params = request.query_params
    flt, errors = hit_filter(params, _denial_ids(console))
    try:
        cursor = parse_int(params.get("cursor"), "cursor")
    except ValueError as exc:
        errors.append(str(exc))
        cursor = None
    with session_scope(console.sessions) as session:
        rows, next_cursor = hit_page(session, flt, before=cursor, limit=console.config.console.page_size)
        spread = spreads(session, (r.story_id for r in rows))
        feeds = [(f.id, f.name or hide_credentials(f.url)) for f in list_feeds(session)]
    shown = [(r, highlight(r.title, evidence_spans(r.evidence, "title"), end=LIST_TITLE_MAX),
              excerpt(r.text, evidence_spans(r.evidence, "text")), spread.get(r.story_id or -1)) for r in rows]
    keep = {k: params[k] for k in ("denial", "verdict", "feed", "language", "review", "since", "until")
            if params.get(k)}
    next_url = f"/hits?{urlencode({**keep, 'cursor': next_cursor})}" if next_cursor else None
    return _render(request, "hits.html", rows=shown, errors=errors, params=keep, next_url=next_url,
                   first_url=f"/hits?{urlencode(keep)}" if cursor else None, denials=console.config.denials,
                   feeds=feeds, verdicts=VERDICTS, reviews=("unreviewed", *STATES))


@router.get("/hits/{hit_id}")
def hit_page_one(request: Request, hit_id: int) -> HTMLResponse:
    _user(request)
    console = console_of(request.app)
    with session_scope(console.sessions) as session:
        row = hit_detail(session, hit_id)
        if row is None:
            return _render(request, "error.html", code=404, message=f"no hit with id {hit_id}")
        spread = spreads(session, [row.story_id]).get(row.story_id or -1)
        precision = reviewed_precision(session, [row.denial_id])[row.denial_id]
    return _render(request, "hit.html", hit=row, spread=spread, precision=precision,
                   evidence=evidence_lines(row.evidence),
                   title=highlight(row.title, evidence_spans(row.evidence, "title"), end=TITLE_MAX - 1),
                   text=highlight(row.text, evidence_spans(row.evidence, "text")),
                   verdicts=VERDICTS, states=STATES, message=request.query_params.get("saved"))


@router.post("/hits/{hit_id}/review")
async def review_hit(request: Request, hit_id: int) -> Response:
    user = _user(request)
    form = await _form(request)
    console = console_of(request.app)
    try:
        with write_scope(console.sessions) as session:
            add_review(session, hit_id, form.get("state", ""), reviewer=user, now=console.now(),
                       right_verdict=form.get("right_verdict") or None, note=form.get("note", ""))
    except ReviewError as exc:
        return _render(request, "error.html", code=400, message=str(exc))
    return RedirectResponse(f"/hits/{hit_id}?saved=1", status_code=303)


def _denial_rows(console: Console) -> list[dict[str, Any]]:
    now = console.now()
    days = [(now - timedelta(days=i)).date() for i in range(CHART_DAYS - 1, -1, -1)]
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = today - timedelta(days=CHART_DAYS - 1)
    with session_scope(console.sessions) as session:
        past = console.cached(("hits_per_day", start), PAST_DAYS_TTL, lambda: hits_per_day(session, start, today))
        per_day = {d: dict(c) for d, c in past.items()}
        for denial_id, counts in hits_per_day(session, today).items():     # today: always live
            per_day.setdefault(denial_id, {}).update(counts)
        totals = hit_totals(session)
        precision = reviewed_precision(session, _denial_ids(console))
    return [{"denial": d, "totals": totals.get(d.id, {}), "precision": precision[d.id],
             "chart": day_chart(days, per_day.get(d.id, {}), label=f"hits per day for {d.id}")}
            for d in console.config.denials]


@router.get("/denials")
def denials_page(request: Request) -> HTMLResponse:
    _user(request)
    return _render(request, "denials.html", denials=_denial_rows(console_of(request.app)), result=None)


async def _page_text(console: Console, url: str) -> tuple[str, str]:
    """(title, visible text) of the web page at ``url``, fetched as ``test-rule --url`` does: the
    fetch stage's URL policy, private-address guard, size cap and deadline; never ``file:``."""
    from monitor.fetch import Fetcher, FetchLimits
    from monitor.fetch.guard import private_networks_allowed
    from monitor.fetch.page import page_text
    from monitor.fetch.urls import UnsafeURL, check_feed_url

    cfg = console.config.fetch
    try:
        url = check_feed_url(url, allow_file=False, allow_private=private_networks_allowed(cfg.allow_private_networks))
    except UnsafeURL as exc:
        raise MonitorError(str(exc)) from None
    async with Fetcher(FetchLimits.from_config(cfg, allow_file_urls=False)) as fetcher:
        result = await fetcher.fetch(url)
    title, text = await asyncio.to_thread(page_text, result.body or b"")
    return title[:2000], text[:TEST_TEXT_MAX]


@router.post("/denials/{denial_id}/test")
async def test_denial(request: Request, denial_id: str) -> HTMLResponse:
    _user(request)
    form = await _form(request)
    console = console_of(request.app)
    denial = next((d for d in console.config.denials if d.id == denial_id), None)
    if denial is None:
        return _render(request, "error.html", code=404, message=f"no denial {denial_id!r}")
    text, url = form.get("text", "")[:TEST_TEXT_MAX], form.get("url", "").strip()
    title = form.get("title", "").strip()[:2000]
    error = None
    if url:
        if safe_link(url) is None:
            error = "url: only http(s) URLs can be fetched"
        else:
            try:
                page_title, text = await _page_text(console, url)
                title = title or page_title
            except MonitorError as exc:
                error = f"url: {exc}"
    if not title and "\n" in text.strip():
        title, _, text = text.strip().partition("\n")
    title, text, notice = _as_the_daemon_reads(console, title, text)
    result = None
    if error is None:
        from monitor.match.explain import explain

        doc = Document(id="test", title=title, text=text, url=url or None,
                       language=(form.get("language") or "").strip()[:16] or None)
        hit, lines = await asyncio.to_thread(explain, denial, doc)
        result = {"hit": hit, "lines": lines,
                  "title": highlight(title, [(e.start, e.end) for e in (hit.evidence if hit else ()) if e.field == "title"]),
                  "text": highlight(text, [(e.start, e.end) for e in (hit.evidence if hit else ()) if e.field == "text"])}
    return _render(request, "denials.html", denials=_denial_rows(console), result=result, tested=denial_id,
                   error=error, notice=notice if error is None else None, form=form)


def _as_the_daemon_reads(console: Console, title: str, text: str) -> tuple[str, str, str | None]:
    """``title`` and ``text`` cut to the config's item caps and cleaned, as the pipeline stores feed items
    and ``test-rule`` reads its input (so the box gives the daemon's verdict, at bounded cost); and a
    notice saying what was cut, or None."""
    limits = console.config.limits
    title, title_cut = cap(title, limits.title_chars)
    text, text_cut = cap(text, limits.text_chars)
    cut = [f"{name} cut to {limit:,} characters" for name, limit, flag in
           (("title", limits.title_chars, title_cut), ("text", limits.text_chars, text_cut)) if flag]
    notice = f"input truncated ({'; '.join(cut)}), as the daemon cuts feed items (limits in the config)" \
        if cut else None
    return clean_text(title), clean_text(text), notice


@router.get("/denials/new")
def new_denial_page(request: Request) -> HTMLResponse:
    _user(request)
    return _render(request, "new_denial.html", yaml_text=None, error=None, form={})


@router.post("/denials/new")
async def new_denial(request: Request) -> HTMLResponse:
    _user(request)
    form = await _form(request)
    from monitor.suggest import suggest_denial

    statement = form.get("statement", "")[:STATEMENT_MAX]
    denial_id = "".join(c for c in form.get("id", "").strip()[:64] if c.isalnum() or c in "-_") or "new-denial"
    try:
        entry = await asyncio.to_thread(suggest_denial, statement, denial_id=denial_id)
    except MonitorError as exc:
        return _render(request, "new_denial.html", yaml_text=None, error=str(exc), form=form)
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100)
    return _render(request, "new_denial.html", yaml_text=text, error=None, form=form)


@router.get("/feeds")
def feeds_page(request: Request) -> HTMLResponse:
    _user(request)
    console = console_of(request.app)
    with session_scope(console.sessions) as session:
        feeds = list_feeds(session)
        per_day = items_per_day(session, console.now())
    return _render(request, "feeds.html", feeds=feeds, per_day=per_day)


@router.get("/deliveries")
def deliveries(request: Request) -> HTMLResponse:
    _user(request)
    console = console_of(request.app)
    status = request.query_params.get("status") or None
    if status not in (None, "pending", "sent", "dead", "silenced", "folded"):
        status = None
    try:
        cursor = parse_int(request.query_params.get("cursor"), "cursor")
    except ValueError:
        cursor = None
    with session_scope(console.sessions) as session:
        rows, next_cursor = deliveries_page(session, status=status, before=cursor, limit=50)
        counts = delivery_counts(session)
        titles = dict(session.query(models.Hit.id, models.Item.title).join(models.Item)
                      .filter(models.Hit.id.in_([r.hit_id for r in rows if r.hit_id])).all())
    next_url = f"/deliveries?{urlencode({'status': status or '', 'cursor': next_cursor})}" if next_cursor else None
    return _render(request, "deliveries.html", rows=rows, counts=counts, status=status, titles=titles,
                   next_url=next_url, message=request.query_params.get("retried"))


@router.post("/deliveries/retry")
async def retry(request: Request) -> Response:
    _user(request)
    form = await _form(request)
    console = console_of(request.app)
    try:
        one = parse_int(form.get("id"), "id")
    except ValueError as exc:
        return _render(request, "error.html", code=400, message=str(exc))
    with session_scope(console.sessions) as session:
        n = requeue(session, ids=[one] if one is not None else [], now=console.now())
    return RedirectResponse(f"/deliveries?status=dead&retried={n}", status_code=303)


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)

"""Build the console's ASGI app: pages, the JSON API under /api/v1, sessions, security headers."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from fastapi import FastAPI
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session, sessionmaker
from starlette.middleware.sessions import SessionMiddleware
from starlette.staticfiles import StaticFiles

from monitor import __version__
from monitor.config.model import Config
from monitor.console.chart import VERDICT_COLOURS
from monitor.console.security import Auth, security_headers
from monitor.console.text import clean, safe_link
from monitor.redact import hide_credentials

STATIC = Path(__file__).with_name("static")
T = TypeVar("T")
LOGIN_FAILURES = 10        # failed logins from one address ...
LOGIN_WINDOW = 300.0       # ... within this many seconds, and it must wait


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Console:
    """What every request handler needs: the config, database sessions, logins, templates, a clock."""

    config: Config
    sessions: sessionmaker[Session]
    auth: Auth
    templates: Environment
    now: Callable[[], datetime] = utc_now
    _cache: dict[Hashable, tuple[float, Any]] = field(default_factory=dict)
    _failed_logins: dict[str, list[float]] = field(default_factory=dict)

    def login_blocked(self, client: str) -> bool:
        """True after LOGIN_FAILURES failed logins from ``client`` within LOGIN_WINDOW seconds."""
        now = time.monotonic()
        recent = [t for t in self._failed_logins.get(client, []) if now - t < LOGIN_WINDOW]
        self._failed_logins[client] = recent
        return len(recent) >= LOGIN_FAILURES

    def login_failed(self, client: str) -> None:
        if len(self._failed_logins) > 10_000:
            self._failed_logins.clear()
        self._failed_logins.setdefault(client, []).append(time.monotonic())

    def cached(self, key: Hashable, ttl: float, compute: Callable[[], T]) -> T:
        """``compute()``, remembered for ``ttl`` seconds under ``key`` (for aggregates of past days,
        which only a purge changes; nothing here is state: a restart just recomputes it)."""
        hit = self._cache.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return cast(T, hit[1])
        value = compute()
        if len(self._cache) > 100:
            self._cache.clear()
        self._cache[key] = (time.monotonic() + ttl, value)
        return value

    def clear_cache(self) -> None:
        """Forget every cached aggregate (a reloaded config may count other denials)."""
        self._cache.clear()


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def make_templates() -> Environment:
    """Jinja2 with autoescaping on for every template; feed strings go through ``clean``."""
    env = Environment(loader=PackageLoader("monitor.console", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True), auto_reload=False)
    env.filters.update(clean=clean, safe_link=safe_link, when=_when, hide_credentials=hide_credentials)
    env.globals.update(version=__version__, verdict_colours=dict(VERDICT_COLOURS))
    return env


def create_console(config: Config, sessions: sessionmaker[Session], auth: Auth, *,
                   now: Callable[[], datetime] = utc_now, secret_key: str | None = None) -> FastAPI:
    """The console app. ``secret_key`` signs session cookies (random: sessions end on restart)."""
    from monitor.console import api, pages

    app = FastAPI(title="disinfo-monitor console API", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/v1/openapi.json")
    app.state.console = Console(config=config, sessions=sessions, auth=auth, templates=make_templates(), now=now)
    app.middleware("http")(security_headers)
    app.add_middleware(SessionMiddleware, secret_key=secret_key or config.console.secret_key or
                       secrets.token_urlsafe(32), session_cookie="dm_console", same_site="strict",
                       https_only=False, max_age=12 * 3600)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.openapi = lambda: _openapi(app, [d.id for d in config.denials])  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI, denial_ids: list[str]) -> dict[str, Any]:
    """The OpenAPI document, with the configured denial ids as the ``denial`` filter's enum."""
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        doc = get_openapi(title=app.title, version=app.version, routes=app.routes)
        for param in doc["paths"]["/api/v1/hits"]["get"]["parameters"]:
            if param["name"] == "denial":
                param["schema"] = {"anyOf": [{"type": "string", "enum": denial_ids}, {"type": "null"}],
                                   "title": "Denial"}
        app.openapi_schema = doc
    return app.openapi_schema


def console_of(app: Any) -> Console:
    console: Console = app.state.console
    return console

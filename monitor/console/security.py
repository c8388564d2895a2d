"""Who may use the console: token or user login, HTTP auth for the API, CSRF tokens, security headers."""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response

from monitor.config.console import ConsoleConfig
from monitor.config.env import lookup
from monitor.errors import ConfigError

TOKEN_ENV = "DISINFO_MONITOR_CONSOLE_TOKEN"
NAME_MAX = 128
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
           "X-Frame-Options": "DENY", "Cache-Control": "no-store"}


@dataclass(frozen=True)
class Auth:
    """The shared token (any analyst name) and named users with passwords."""

    token: str | None
    users: Mapping[str, str] = field(default_factory=dict)

    def login(self, name: str, secret: str) -> str | None:
        """The analyst's name when ``secret`` is their password or the token, else None."""
        name = name.strip()[:NAME_MAX]
        if not name or not secret:
            return None
        password = self.users.get(name)
        if password is not None:
            return name if _same(secret, password) else None
        if self.token is not None and _same(secret, self.token):
            return name
        return None

    def from_header(self, header: str | None) -> str | None:
        """The user of an ``Authorization`` header (Bearer token, or Basic name:password|token)."""
        if not header:
            return None
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and self.token is not None and _same(value.strip(), self.token):
            return "api"
        if scheme.lower() == "basic":
            try:
                name, _, secret = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return None
            return self.login(name, secret)
        return None


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def auth_from(config: ConsoleConfig, env: Mapping[str, str] = os.environ) -> Auth:
    """The console's logins: ``console.token`` (or $DISINFO_MONITOR_CONSOLE_TOKEN) and ``console.users``.
    A ConfigError when there is none: the console never runs open."""
    token = lookup(TOKEN_ENV, env) or config.token          # or the file named by $..._FILE
    if token is not None and len(token) < 16:
        # named by its variable, not by a line of the file (as every value from the environment is)
        raise ConfigError("must be at least 16 characters", file=f"${TOKEN_ENV}", key="console.token")
    auth = Auth(token=token, users={u.name: u.password for u in config.users})
    if auth.token is None and not auth.users:
        raise ConfigError(f"the console needs a login: set console.token or console.users in the config, "
                          f"or ${TOKEN_ENV}", key="console")
    return auth


def csrf_token(request: Request) -> str:
    """This session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_ok(request: Request, submitted: object) -> bool:
    """The form's token is this session's, and the request comes from this origin (if it says)."""
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not isinstance(submitted, str) or not _same(submitted, expected):
        return False
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin == f"{request.url.scheme}://{request.url.netloc}"
    return origin != "null"


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Every response: CSP without scripts, no framing, no sniffing, no referrer to other sites (same-origin:
    with no-referrer Chromium sends Origin: null on our own forms), not cached."""
    response = await call_next(request)
    for key, value in HEADERS.items():
        response.headers.setdefault(key, value)
    return response

"""Console logins the server can end: the cookie carries a random secret, the database its hash.

A signed session cookie alone cannot be taken back: logging out clears the browser's copy, but a
copy made before (a stolen cookie, another browser profile) stays valid until it expires. With a
row per login, logging out deletes the row and every copy stops working, on every replica.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from monitor.store import models

LOGIN_HOURS = 12


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def start_login(session: Session, user: str, *, now: datetime, hours: int = LOGIN_HOURS) -> str:
    """Record a login of ``user`` and return its secret (for the cookie); expired logins are dropped."""
    session.execute(delete(models.ConsoleLogin).where(models.ConsoleLogin.expires_at < now))
    secret = secrets.token_urlsafe(32)
    session.add(models.ConsoleLogin(digest=_digest(secret), user=user[:128], created_at=now,
                                    expires_at=now + timedelta(hours=hours)))
    return secret


def login_user(session: Session, secret: object, *, now: datetime) -> str | None:
    """The user of a live login with ``secret``, else None (unknown, logged out or expired)."""
    if not isinstance(secret, str) or not secret or len(secret) > 128:
        return None
    row = session.execute(select(models.ConsoleLogin.user, models.ConsoleLogin.expires_at)
                          .where(models.ConsoleLogin.digest == _digest(secret))).first()
    return row.user if row is not None and row.expires_at > now else None


def end_login(session: Session, secret: object) -> None:
    """Forget the login with ``secret`` (logout); nothing happens if there is none."""
    if isinstance(secret, str) and secret:
        session.execute(delete(models.ConsoleLogin).where(models.ConsoleLogin.digest == _digest(secret)))

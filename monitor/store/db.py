"""Open the database, apply Alembic migrations, hand out sessions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from monitor.errors import MonitorError
from monitor.redact import hide_credentials

MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseError(MonitorError):
    """The database cannot be opened or migrated (names the redacted URL)."""


def redact_url(url: str) -> str:
    """The database URL with any password masked (in the user info and in ``?password=``)."""
    from sqlalchemy.engine import make_url

    try:
        return hide_credentials(make_url(url).render_as_string(hide_password=True))
    except Exception:  # noqa: BLE001 - a URL we cannot parse is shown as a placeholder
        return "<unparseable database URL>"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        if path and path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest Alembic revision."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(url: str) -> Engine:
    """Create the engine and apply migrations; errors name the (redacted) URL."""
    try:
        engine = create_db_engine(url)
        migrate(engine)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot open database {redact_url(url)}: {exc.__class__.__name__}: "
                            f"{str(exc).splitlines()[0]}") from exc
    return engine


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False, future=True)


@contextmanager
def database_sessions(url: str) -> Iterator[sessionmaker[Session]]:
    """Open (and migrate) the database for a short command; dispose of its engine afterwards."""
    engine = open_database(url)
    try:
        yield make_sessions(engine)
    finally:
        engine.dispose()


@contextmanager
def session_scope(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A transaction: commit on success, roll back on error."""
    with sessions() as session, session.begin():
        yield session


def default_data_dir() -> Path:
    """``$DISINFO_MONITOR_DATA_DIR``, else ``$XDG_DATA_HOME/disinfo-monitor``, else ~/.local/share."""
    env = os.environ.get("DISINFO_MONITOR_DATA_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "disinfo-monitor"

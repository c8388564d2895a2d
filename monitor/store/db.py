"""Open the database, apply Alembic migrations, hand out sessions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from monitor.errors import MonitorError

MIGRATIONS = Path(__file__).with_name("migrations")
# pg_advisory_xact_lock key of schema migrations: replicas starting at once migrate one at a time
MIGRATION_LOCK = 0x6D6F6E69746F72   # "monitor"


class DatabaseError(MonitorError):
    """The database cannot be opened or migrated (names the redacted URL)."""


def redact_url(url: str) -> str:
    """The database URL with any password masked."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL we cannot parse is shown as a placeholder
        return "<unparseable database URL>"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own BEGIN is off: _sqlite_begin emits it, IMMEDIATE for write transactions.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    # WAL + NORMAL: no fsync per commit (one per checkpoint); a crash of the process loses nothing,
    # a power cut at most the last commits, never the file. The writer commits once per feed.
    cur.execute("PRAGMA synchronous=NORMAL")
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
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(conn: Connection) -> None:
    """BEGIN, or BEGIN IMMEDIATE on a ``writer`` engine: the write lock is taken (waiting up to
    busy_timeout) before anything is read, so a short write never fails half-way with "database
    is locked" because another process wrote after its snapshot."""
    immediate = conn.get_execution_options().get("sqlite_immediate", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The same engine (and pool) whose transactions take SQLite's write lock at BEGIN."""
    return engine.execution_options(sqlite_immediate=True)


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest Alembic revision. On PostgreSQL under an advisory lock:
    replicas started at once on an empty database migrate one after the other (the later ones
    find the schema at head), instead of racing to create the same types."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
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

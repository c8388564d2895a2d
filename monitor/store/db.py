"""Open the database, apply Alembic migrations, hand out sessions."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from monitor.errors import ConfigError, MonitorError
from monitor.paths import default_data_dir as default_data_dir  # re-exported: callers import it from here
from monitor.redact import hide_credentials

MIGRATIONS = Path(__file__).with_name("migrations")
# pg_advisory_xact_lock key of schema migrations: replicas starting at once migrate one at a time
MIGRATION_LOCK = 0x6D6F6E69746F72   # "monitor"
# The newest migration (tests/test_migrations.py checks it against Alembic's head): a database
# already at it is opened without importing Alembic (about 90 ms and 10 MB of every process start)
HEAD_REVISION = "0008_console_logins"
log = logging.getLogger(__name__)


class DatabaseError(MonitorError):
    """The database cannot be opened or migrated (names the redacted URL)."""


def redact_url(url: str) -> str:
    """The database URL with any password masked (in the user info and in ``?password=``)."""
    try:
        return hide_credentials(make_url(url).render_as_string(hide_password=True))
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


POSTGRES_EXTRA = "pip install 'disinfo-monitor[postgres]'"


def driver_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` use psycopg 3 (SQLAlchemy would want psycopg2)."""
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents readable by the owner only (0700).
    Raises OSError."""
    missing = []
    while not path.exists():
        missing.append(path)
        if path.parent == path:
            break
        path = path.parent
    for directory in reversed(missing):
        directory.mkdir(mode=0o700, exist_ok=True)


def write_private_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` (0600, directory 0700, created if missing). Raises OSError."""
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def _prepare_sqlite_file(database: str) -> None:
    """Create the SQLite file 0600 in a 0700 directory before SQLite does (it would use 0644;
    its -wal and -shm files take the database file's mode)."""
    path = Path(database).expanduser()
    try:
        ensure_private_dir(path.parent)
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        elif path.stat().st_mode & 0o077:
            log.warning("database file %s can be read by other users (mode %o); chmod 600 it",
                        path, path.stat().st_mode & 0o777)
    except OSError as exc:
        what = "data directory" if not path.parent.is_dir() else "database file"
        target = path.parent if what == "data directory" else path
        raise ConfigError(f"cannot create the {what} {target}: {exc.strerror or exc}",
                          key="database.url") from None


def _parse(url: str) -> URL:
    """``url`` parsed; a ConfigError (the URL redacted) when it cannot be, or names an in-memory
    SQLite database (a daemon's database must be a file or a server: memory is lost on exit)."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):    # ValueError: a bad port, e.g. an unclosed IPv6 bracket
        raise ConfigError(f"cannot parse the database URL {redact_url(url)}", key="database.url") from None
    if parsed.get_backend_name() == "sqlite" and (
            not parsed.database or parsed.database == ":memory:" or "mode=memory" in parsed.database
            or parsed.query.get("mode") == "memory"):
        raise ConfigError(f"{redact_url(url)} is an in-memory database, lost on exit: give a file "
                          "(sqlite:///path/monitor.db) or a server", key="database.url")
    return parsed


def check_database_url(url: str) -> None:
    """Raise ConfigError when ``url`` cannot work: unparseable, in memory, unknown database, driver
    missing. Touches neither the network nor the file system."""
    parsed = _parse(driver_url(url))
    try:
        parsed.get_dialect().import_dbapi()
    except ArgumentError as exc:
        raise ConfigError(f"unsupported database URL {redact_url(url)}: {exc}", key="database.url") from None
    except ImportError as exc:
        raise _missing_driver(parsed.get_backend_name(), parsed.drivername, exc) from None


def _missing_driver(backend: str, driver: str, exc: ImportError) -> ConfigError:
    if backend == "postgresql":
        return ConfigError(f"PostgreSQL needs the psycopg driver: {POSTGRES_EXTRA}", key="database.url")
    return ConfigError(f"the driver for {driver} is not installed ({exc})", key="database.url")


def create_db_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout. A URL that cannot
    work (unparseable, unknown database, driver not installed) is a ConfigError."""
    url = driver_url(url)
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not parsed.database.startswith("file:"):
        _prepare_sqlite_file(parsed.database)
    try:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    except ImportError as exc:
        raise _missing_driver(parsed.get_backend_name(), parsed.drivername, exc) from None
    except ArgumentError as exc:
        raise ConfigError(f"unsupported database URL {redact_url(url)}: {exc}", key="database.url") from None
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


def _version(conn: Connection) -> list[str]:
    """The schema's Alembic revision(s), read from alembic_version (none on an empty database)."""
    if not inspect(conn).has_table("alembic_version"):
        return []
    return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to the newest Alembic revision (or ``revision``). On PostgreSQL under an
    advisory lock: replicas started at once on an empty database migrate one after the other (the later ones
    find the schema at head), instead of racing to create the same types. A schema already at
    HEAD_REVISION is left as it is without importing Alembic."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        if revision == "head" and _version(conn) == [HEAD_REVISION]:
            return
        from alembic import command
        from alembic.config import Config as AlembicConfig
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, revision)
        except CommandError as exc:          # the schema is from a newer release (or not ours)
            known = ScriptDirectory.from_config(cfg).get_current_head()
            raise DatabaseError(f"its schema is at a migration this version does not know ({exc}; the newest "
                                f"known is {known}): run the release that migrated it, or a newer one") from exc


def open_database(url: str) -> Engine:
    """Create the engine and apply migrations; errors name the (redacted) URL."""
    try:
        engine = create_db_engine(url)
        migrate(engine)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot open database {redact_url(url)}: {exc.__class__.__name__}: "
                            f"{str(exc).splitlines()[0]}") from exc
    except DatabaseError as exc:
        raise DatabaseError(f"cannot open database {redact_url(url)}: {exc}") from exc
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


@contextmanager
def write_scope(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A transaction that reads and then writes (a review, an operator's command): on SQLite it
    takes the write lock at BEGIN, so a concurrent writer makes it wait (busy_timeout) instead of
    failing half-way with "database is locked"; on PostgreSQL the same as ``session_scope``."""
    bind = sessions.kw["bind"]
    with sessions(bind=writer(bind)) as session, session.begin():
        yield session

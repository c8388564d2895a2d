"""One daemon per SQLite file: an exclusive lock beside the database (replicas need PostgreSQL)."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from monitor.store.db import DatabaseError


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for other databases and in-memory SQLite."""
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - not a URL we can read: not a SQLite file either
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database).expanduser()


@contextmanager
def single_daemon(url: str) -> Iterator[None]:
    """Hold ``<database>.daemon.lock`` while the daemon runs on a SQLite file; DatabaseError when
    another daemon holds it. Other databases (PostgreSQL) take any number of replicas."""
    path = sqlite_path(url)
    if path is None:
        yield
        return
    lock = path.with_name(path.name + ".daemon.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseError(f"another daemon is already running on the SQLite file {path}; "
                                "one SQLite file takes one daemon: run several replicas on PostgreSQL "
                                "(docs/scaling.md)") from None
        yield
    finally:
        os.close(fd)

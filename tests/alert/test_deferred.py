"""A delivery pass that cannot use the database: lock contention is routine (INFO), anything
else is a WARNING naming the error, so a broken database is not hidden as a 'deferral'."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from monitor.pipeline.deliver import BatchConflict, deferral_level, deliver_due
from tests.alert.helpers import Clock, make_app, make_config, seed_hit


def _op(message: str) -> OperationalError:
    return OperationalError("UPDATE deliveries ...", {}, sqlite3.OperationalError(message))


@pytest.mark.parametrize(("exc", "level"), [
    (_op("database is locked"), logging.INFO),
    (_op("database table is locked: deliveries"), logging.INFO),
    (_op("could not serialize access due to concurrent update"), logging.INFO),
    (BatchConflict("hook"), logging.INFO),
    (_op("no such table: deliveries"), logging.WARNING),
    (_op("disk I/O error"), logging.WARNING),
    (_op('connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused'), logging.WARNING),
], ids=lambda v: str(v)[:40] if not isinstance(v, int) else logging.getLevelName(v))
def test_deferral_level(exc: Exception, level: int) -> None:
    assert deferral_level(exc) == level


def test_a_broken_database_is_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(make_config(f"sqlite:///{tmp_path}/m.db", [{"type": "console"}]), Clock())
    try:
        seed_hit(app, 1)
        with app.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE deliveries RENAME TO deliveries_away")
        caplog.set_level(logging.INFO, "monitor.deliver")
        with pytest.raises(OperationalError):     # the queue gauges at the end fail too: the daemon logs it
            asyncio.run(deliver_due(app, flush=True))
    finally:
        app.close()
    deferred = [r for r in caplog.records if r.getMessage() == "delivery deferred"]
    assert deferred and all(r.levelno == logging.WARNING for r in deferred), caplog.text
    assert "no such table: deliveries" in deferred[0].error       # type: ignore[attr-defined]
    assert deferred[0].destination == "console"                   # type: ignore[attr-defined]

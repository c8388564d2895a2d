"""The store on SQLite and PostgreSQL: migrations, hits with their outbox rows, listing."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect, select

from monitor.config.denials import DenialConfig
from monitor.match.types import Evidence, Hit, Verdict
from monitor.store import models
from monitor.store.db import make_sessions, open_database, session_scope
from monitor.store.hits import idempotency_key, list_hits, record_hit, sync_denials

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DENIAL = DenialConfig(id="d1", title="Denial one", claim="X met Y.")


def test_migrations_create_every_table_and_are_idempotent(database_url: str) -> None:
    engine = open_database(database_url)
    tables = set(inspect(engine).get_table_names())
    assert set(models.Base.metadata.tables) <= tables
    engine.dispose()
    open_database(database_url).dispose()  # a second start finds the schema at head


def test_record_hit_writes_outbox_rows_once(database_url: str) -> None:
    engine = open_database(database_url)
    sessions = make_sessions(engine)
    hit = Hit("d1", Verdict.CONTRADICT, 0.8, "claim repeated",
              (Evidence("entity", "X", "title", 0, 1, "X met Y"),))
    with session_scope(sessions) as s:
        sync_denials(s, [DENIAL], NOW)
        feed = models.Feed(url="https://a.invalid/rss", name="a", created_at=NOW)
        s.add(feed)
        s.flush()
        item = models.Item(feed_id=feed.id, dedup_key="g1", guid="g1", link="https://a.invalid/1",
                           content_hash="h", title="X met Y", text="", fetched_at=NOW)
        s.add(item)
        s.flush()
        row = record_hit(s, item, hit, ["slack", "hook"], NOW)
        assert row is not None
        assert record_hit(s, item, hit, ["slack", "hook"], NOW) is None
    with session_scope(sessions) as s:
        deliveries = s.scalars(select(models.Delivery).order_by(models.Delivery.destination)).all()
        assert [(d.destination, d.status, d.idempotency_key) for d in deliveries] == [
            ("hook", "pending", idempotency_key(row.id, "hook")),
            ("slack", "pending", idempotency_key(row.id, "slack"))]
        views = list_hits(s)
        assert [(v.denial_id, v.verdict, v.title, v.feed) for v in views] == [("d1", "contradict", "X met Y", "a")]
        assert views[0].evidence[0]["snippet"] == "X met Y"
        assert views[0].created_at == NOW  # timezone-aware round trip on both backends
    engine.dispose()


def test_sync_denials_updates_changed_rows(database_url: str) -> None:
    engine = open_database(database_url)
    sessions = make_sessions(engine)
    with session_scope(sessions) as s:
        sync_denials(s, [DENIAL], NOW)
    with session_scope(sessions) as s:
        sync_denials(s, [DENIAL.model_copy(update={"title": "Renamed"})], NOW)
    with session_scope(sessions) as s:
        assert s.get(models.Denial, "d1").title == "Renamed"  # type: ignore[union-attr]
    engine.dispose()

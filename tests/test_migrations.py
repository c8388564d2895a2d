"""Migrations: released revisions never change, and a database of the previous release upgrades
to head with its data, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, Integer, MetaData, create_engine, inspect, select, text

from monitor.match.types import Hit, Verdict
from monitor.store import models
from monitor.store.db import (
    HEAD_REVISION,
    MIGRATIONS,
    DatabaseError,
    create_db_engine,
    make_sessions,
    migrate,
    open_database,
    session_scope,
)
from monitor.store.hits import record_hit

# Every released revision and the sha256 of its file. A released revision is never edited (a
# database made from the old text would never get the change): add a new revision instead, and
# add it here when it is released. Only the head revision may be missing from this table.
RELEASED = {
    "0001_initial_schema.py": "5e717dbdabb628703f374e13d6d42d6b2701ca795c2f7684fcbb3d75e485733e",
    "0002_delivery_webhook_id.py": "3e7c8e6e584405e5ed8a575144a61ca7247172bb67c4e73490adfd9edbf97e5f",
    "0003_feed_request_options.py": "07451532ec35738d33781357a2c53b39a85ae1cef8c567034b3ec09a2528a570",
    # frozen when 0005 (feed leases) was added on top of it (a revision below head can no longer change)
    "0004_reviews.py": "c2bcd34dc0b95ec0582b81a4844447c9c3b1ffce899d531f41bd90e05bef7bd4",
    # frozen when 0006 (one current review per hit) was added on top of it
    "0005_feed_leases.py": "872837b788bfaf70c24631a94bf1187aab9cccf551a402c515b96ded1725ce9d",
    # frozen when 0007 (feeds.item_digests) was added on top of it
    "0006_one_current_review.py": "837a7dd1daf4276910847a43173d7590fd4d3dae17bf36393ac0e9838ae8f8c2",
    # frozen when 0008 (console logins) was added on top of it
    "0007_feed_item_digests.py": "b6d8ceca3f36d35c98a619279e566284cd6fc74847e9cc2b8bb9c19c11db8f70",
}
RELEASE_DB = Path(__file__).with_name("fixtures") / "release-c778727.db"   # made by make_release_db.py
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _scripts() -> ScriptDirectory:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def test_released_revisions_are_frozen() -> None:
    for name, digest in RELEASED.items():
        actual = hashlib.sha256((MIGRATIONS / "versions" / name).read_bytes()).hexdigest()
        assert actual == digest, f"{name} was released and must not change: add a new revision"


def test_one_linear_chain_and_only_the_head_is_unreleased() -> None:
    scripts = _scripts()
    assert len(scripts.get_heads()) == 1
    chain = list(scripts.walk_revisions())            # head first
    assert [r.down_revision for r in chain][-1] is None
    for rev in chain[1:]:
        assert Path(str(rev.path)).name in RELEASED, f"revision {rev.revision} is below head: freeze it"


def test_head_revision_is_alembics_head(tmp_path: Path) -> None:
    """open_database skips Alembic for a database at HEAD_REVISION: it must be the real head, and
    a database at an older revision is still migrated."""
    assert _scripts().get_current_head() == HEAD_REVISION
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    try:
        migrate(engine, "0006_one_current_review")
        migrate(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
            assert "item_digests" in {c["name"] for c in inspect(conn).get_columns("feeds")}
    finally:
        engine.dispose()


def test_the_models_match_the_migrated_schema(database_url: str) -> None:
    engine = open_database(database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), models.Base.metadata)
    engine.dispose()
    assert diff == []


def _copy_release_rows(target: Engine) -> None:
    """Copy every row of the release database into ``target`` (a schema at revision 0001)."""
    source = create_engine(f"sqlite:///{RELEASE_DB}")
    old, new = MetaData(), MetaData()
    old.reflect(source)
    new.reflect(target)
    with source.connect() as src, target.begin() as dst:
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            rows = [dict(r._mapping) for r in src.execute(select(table))]
            if rows:
                dst.execute(new.tables[table.name].insert(), rows)
            serial = "id" in table.c and isinstance(new.tables[table.name].c.id.type, Integer)
            if target.dialect.name == "postgresql" and serial and rows:
                dst.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                 f"(SELECT max(id) FROM {table.name}))"))
    source.dispose()


def _release_database(url: str, tmp_path: Path) -> str:
    """A database as the previous release left it: the fixture file itself on SQLite; on
    PostgreSQL its schema (revision 0001) and the fixture's rows."""
    if url.startswith("sqlite"):
        copy = tmp_path / "release.db"
        shutil.copyfile(RELEASE_DB, copy)
        return f"sqlite:///{copy}"
    engine = create_db_engine(url)
    migrate(engine, "0001")
    _copy_release_rows(engine)
    engine.dispose()
    return url


def test_a_database_of_the_previous_release_upgrades_with_its_data(database_url: str,
                                                                   tmp_path: Path) -> None:
    url = _release_database(database_url, tmp_path)
    engine = open_database(url)                       # upgrades to head
    sessions = make_sessions(engine)
    with session_scope(sessions) as s:
        feeds = {f.url: f for f in s.scalars(select(models.Feed))}
        assert feeds["https://news.example/rss"].idle_polls == 3
        assert feeds["https://news.example/rss"].etag == '"v1"'
        assert feeds["https://other.example/feed"].last_error == "HTTP 503"
        items = s.scalars(select(models.Item).order_by(models.Item.id)).all()
        assert [i.title for i in items] == ["Sugovushan meeting confirmed", "Ministry denies Sugovushan reports"]
        assert items[0].minhash is None                 # 0005 drops signatures of the old MinHash family
        hits = s.scalars(select(models.Hit).order_by(models.Hit.id)).all()
        assert [h.verdict for h in hits] == ["contradict", "match"]
        assert hits[0].evidence[0]["term"] == "Sugovushan"
        rows = s.scalars(select(models.Delivery).order_by(models.Delivery.id)).all()
        assert [r.status for r in rows] == ["sent", "pending", "pending"]
        assert rows[2].payload == {"kind": "feed_broken", "feed": "x"}
        ids = [r.webhook_id for r in rows]
        assert len(set(ids)) == 3 and all(i.startswith("msg_") and len(i) == 36 for i in ids)
        sent_as = rows[0].batch_key                   # a message already sent keeps its id
        assert sent_as is not None and sent_as == rows[0].idempotency_key
        assert s.scalar(select(models.Silence.comment)) == "noisy"
        # the upgraded database takes new rows: a new hit gets its own random webhook-id
        s.add(models.Denial(id="new", title="t", claim="c", config_hash="x", updated_at=NOW))
        s.flush()
        assert record_hit(s, items[1], Hit("new", Verdict.MATCH, 0.5, "r", ()), ["hook"], NOW) is not None
    with session_scope(sessions) as s:
        newest = s.scalars(select(models.Delivery).order_by(models.Delivery.id.desc())).first()
        assert newest is not None and newest.webhook_id not in ids
    engine.dispose()
    open_database(url).dispose()                      # a second start finds it at head


def test_a_database_from_the_first_0001_gets_idle_polls(tmp_path: Path) -> None:
    """0001 was rewritten to add feeds.idle_polls after databases were made from it."""
    url = f"sqlite:///{tmp_path}/early.db"
    engine = create_db_engine(url)
    migrate(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("ALTER TABLE feeds DROP COLUMN idle_polls"))
    engine.dispose()
    engine = open_database(url)
    assert "idle_polls" in {c["name"] for c in inspect(engine).get_columns("feeds")}
    with session_scope(make_sessions(engine)) as s:
        s.add(models.Feed(url="https://a.example/rss", created_at=NOW))
    engine.dispose()


def test_the_release_fixture_is_at_the_released_revision() -> None:
    engine = create_engine(f"sqlite:///{RELEASE_DB}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
    engine.dispose()


def test_a_database_migrated_by_a_newer_release_is_one_clear_error(database_url: str) -> None:
    engine = open_database(database_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    engine.dispose()
    with pytest.raises(DatabaseError) as caught:
        open_database(database_url)
    message = str(caught.value)
    assert message.startswith("cannot open database "), message
    assert "'0099_from_the_future'" in message and str(_scripts().get_current_head()) in message
    assert "run the release that migrated it" in message and "\n" not in message

"""What replicas rely on in the store, on SQLite and PostgreSQL: leases, idempotent inserts,
stories that other replicas created, the migration lock."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from monitor.dedup.layers import StoryAssigner, keyed, signed
from monitor.store import models
from monitor.store.db import make_sessions, open_database, session_scope, writer
from monitor.store.feeds import _state, claim_due_feeds, count_due_feeds, new_feed
from monitor.store.items import insert_items, new_stories

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
STORY = ("Rescue workers made a final push Thursday to find survivors of the earthquake in Turkey and "
         "Syria that rendered many communities unrecognizable to their inhabitants. The death toll "
         "topped 20,000 and crews had to pick and choose where to help.")


def _feeds(database_url: str, n: int) -> Any:
    engine = open_database(database_url)
    sessions = make_sessions(engine)
    with session_scope(sessions) as s:
        s.add_all(new_feed(f"https://f{i}.invalid/rss", None, None, "config", NOW) for i in range(n))
    return engine, sessions


def test_claims_are_disjoint_and_leases_run_out(database_url: str) -> None:
    engine, sessions = _feeds(database_url, 10)
    wsessions = make_sessions(writer(engine))
    with session_scope(wsessions) as s:
        a = claim_due_feeds(s, NOW, owner="a", lease=LEASE, limit=4)
    with session_scope(wsessions) as s:
        b = claim_due_feeds(s, NOW, owner="b", lease=LEASE, limit=100)
    assert len(a) == 4 and len(b) == 6 and not {f.id for f in a} & {f.id for f in b}
    with session_scope(wsessions) as s:
        assert claim_due_feeds(s, NOW + LEASE / 2, owner="c", lease=LEASE, limit=100) == []
        assert count_due_feeds(s, NOW + LEASE / 2) == 0
    with session_scope(wsessions) as s:   # replica "a" died: its leases run out, its feeds come back
        s.execute(models.Feed.__table__.update().where(models.Feed.id.in_([f.id for f in b]))
                  .values(next_poll_at=NOW + timedelta(hours=1), lease_until=None))
    with session_scope(wsessions) as s:
        again = claim_due_feeds(s, NOW + LEASE, owner="c", lease=LEASE, limit=100)
    assert sorted(f.id for f in again) == sorted(f.id for f in a)
    with session_scope(wsessions) as s:
        assert claim_due_feeds(s, NOW + LEASE, owner="d", lease=LEASE, limit=100, after_id=10**6,
                               force=True) == []
    engine.dispose()


def test_claimed_state_is_the_rows_state(database_url: str) -> None:
    """A claim reads plain rows, not ORM objects: each FeedState is the one of its ORM row (headers,
    auth, digests and counters included), and the lease is written on exactly the claimed feeds."""
    engine, sessions = _feeds(database_url, 3)
    with session_scope(sessions) as s:
        row = s.scalars(select(models.Feed).order_by(models.Feed.id)).first()
        assert row is not None
        row.name, row.etag, row.last_modified, row.body_hash = "Feed", '"e1"', "Mon, 30 Nov 2026", "ab" * 32
        row.interval_seconds, row.ttl_seconds, row.error_streak, row.broken_notified = 600.0, 1800.0, 2, True
        row.request_headers, row.auth_username, row.auth_password = {"X-Key": "k", "A": "1"}, "user", "pw"
        row.user_agent, row.items_seen, row.item_digests = "agent/1", 7, b"\x01" * 16
    with session_scope(make_sessions(writer(engine))) as s:
        claimed = claim_due_feeds(s, NOW, owner="a", lease=LEASE, limit=2)
    with session_scope(sessions) as s:
        rows = list(s.scalars(select(models.Feed).order_by(models.Feed.id)))
        assert claimed == [_state(r) for r in rows[:2]]
        assert claimed[0].headers == (("A", "1"), ("X-Key", "k")) and claimed[0].item_digests == b"\x01" * 16
        assert [(r.lease_owner, r.lease_until is not None) for r in rows] == [("a", True), ("a", True), (None, False)]
    engine.dispose()


@pytest.mark.postgres
def test_concurrent_claims_skip_locked_rows(postgres_url: str) -> None:
    """Two transactions claim at the same moment: the second skips the rows the first holds."""
    engine, _ = _feeds(postgres_url, 6)
    sessions = make_sessions(engine)
    first = sessions()
    first.begin()
    held = claim_due_feeds(first, NOW, owner="a", lease=LEASE, limit=3)
    with session_scope(sessions) as s:          # "a" has not committed: its rows are locked
        other = claim_due_feeds(s, NOW, owner="b", lease=LEASE, limit=100)
    first.commit()
    first.close()
    assert len(held) == 3 and len(other) == 3 and not {f.id for f in held} & {f.id for f in other}
    engine.dispose()


def _row(feed_id: int, key: str) -> dict[str, Any]:
    return {"feed_id": feed_id, "dedup_key": key, "guid": key, "link": None, "canonical_url": None,
            "content_hash": "h" + key, "title": "t", "text": "", "language": None, "published_at": None,
            "fetched_at": NOW, "story_id": None, "minhash": None}


def test_insert_items_skips_what_is_stored(database_url: str) -> None:
    engine, sessions = _feeds(database_url, 1)
    with session_scope(sessions) as s:
        feed_id = s.scalar(select(models.Feed.id))
        first = insert_items(s, [_row(feed_id, "a"), _row(feed_id, "b")])
    with session_scope(sessions) as s:
        second = insert_items(s, [_row(feed_id, "b"), _row(feed_id, "c")])
    assert set(first) == {"a", "b"} and set(second) == {"c"}
    with session_scope(sessions) as s:
        assert sorted(s.scalars(select(models.Item.dedup_key))) == ["a", "b", "c"]
    engine.dispose()


def test_a_replica_sees_the_stories_another_one_created(database_url: str) -> None:
    engine, sessions = _feeds(database_url, 1)
    clock = [0.0]
    one, two = StoryAssigner(clock=lambda: clock[0]), StoryAssigner(clock=lambda: clock[0])
    first = signed(keyed(0, "Quake", STORY, "g1", "https://a.invalid/1"), "Quake", STORY)
    copy_text = STORY + " Officials said rescue work would go on overnight."
    copy = signed(keyed(0, "Quake", copy_text, "g2", "https://b.invalid/2"), "Quake", copy_text)
    with session_scope(sessions) as s:
        two.assign(s, [], NOW)                       # replica two builds its index first (empty)
        story = one.assign(s, [first], NOW)[0][0]
        assert s.get(models.Story, story).minhash == first.signature  # type: ignore[union-attr]
    clock[0] = StoryAssigner.REFRESH_EVERY           # two's cache is stale: it refreshes from the table
    with session_scope(sessions) as s:
        assert two.assign(s, [copy], NOW)[0] == (story, True)
    engine.dispose()


@pytest.mark.postgres
def test_the_migration_waits_for_the_advisory_lock(postgres_url: str) -> None:
    """While another session holds the lock, open_database waits; then it finds nothing to do."""
    from monitor.store.db import MIGRATION_LOCK, create_db_engine

    open_database(postgres_url).dispose()
    holder = create_db_engine(postgres_url)
    done = threading.Event()
    with holder.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
        t = threading.Thread(target=lambda: (open_database(postgres_url).dispose(), done.set()))
        t.start()
        assert not done.wait(1.5)                   # blocked on the lock
        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
        conn.commit()
    assert done.wait(30)
    t.join()
    holder.dispose()


@pytest.mark.postgres
def test_replicas_starting_together_both_sync_the_denials(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another replica inserts the same new denial between our read and our commit: the
    IntegrityError is retried and the app comes up."""
    import monitor.app
    from monitor.config.model import Config
    from monitor.store.hits import sync_denials

    database_url = postgres_url
    config = Config.model_validate({"database": {"url": database_url}, "notifiers": [{"type": "console"}],
                                    "denials": [{"id": "d1", "title": "t", "claim": "A met B.",
                                                 "entities": [{"name": "Alpha"}, {"name": "Beta"}]}]})
    calls = []

    def racing(session: Any, denials: Any, now: datetime) -> None:
        sync_denials(session, denials, now)          # adds d1, not flushed yet
        if not calls:
            other = open_database(database_url)
            with session_scope(make_sessions(other)) as s:
                sync_denials(s, denials, now)        # the other replica commits d1 first
            other.dispose()
        calls.append(1)

    monkeypatch.setattr(monitor.app, "sync_denials", racing)
    app = monitor.app.build_app(config)
    app.close()
    assert len(calls) == 2


def _real_articles() -> list[str]:
    path = Path(__file__).resolve().parent / "fixtures" / "real_news.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    return [t for t in texts if len(t.split()) >= 200][:4]


def test_a_batch_gives_each_copy_its_story(database_url: str) -> None:
    """Real articles A, B, C, D; D stored before. One batch: A, B, A's first 85% of words, C, B
    again under another guid and link, D's first 85%: each copy joins its story (A's and B's
    created in this batch, D's stored), each new story is stored with its first sighting's
    signature, and sightings are counted."""
    engine, sessions = _feeds(database_url, 1)
    a, b, c, d = _real_articles()

    def entry(n: int, text: str) -> Any:
        return signed(keyed(n, "", text, f"g{n}-{len(text)}", f"https://x.invalid/{n}/{len(text)}"), "", text)

    def prefix(text: str) -> str:
        words = text.split()
        return " ".join(words[: len(words) * 85 // 100])

    assigner = StoryAssigner()
    with session_scope(sessions) as s:
        stored = assigner.assign(s, [entry(0, d)], NOW)[0][0]
    batch = [entry(0, a), entry(1, b), entry(2, prefix(a)), entry(3, c), entry(4, b), entry(5, prefix(d))]
    with session_scope(sessions) as s:
        got = assigner.assign(s, batch, NOW)
        assert got[2] == (got[0][0], False) and got[4] == (got[1][0], False) and got[5] == (stored, True)
        assert len({got[n][0] for n in (0, 1, 3)} | {stored}) == 4
        for n in (0, 1, 3):
            story = s.get(models.Story, got[n][0])
            assert story is not None and story.minhash == batch[n].signature
        assert [s.get(models.Story, got[n][0]).sightings for n in (0, 1, 3)] == [2, 2, 1]  # type: ignore[union-attr]
    engine.dispose()


def test_new_stories_near_the_largest_rowid_are_inserted_row_by_row(sqlite_url: str) -> None:
    """SQLite draws rowids at random once the largest is 2^63 - 1: the ids then come from
    inserting row by row, each still the id of its own row."""
    engine, sessions = _feeds(sqlite_url, 1)
    with session_scope(sessions) as s:
        s.add(models.Story(id=2 ** 63 - 1, first_seen_at=NOW, last_seen_at=NOW, sightings=1, minhash=None))
    rows = [(1, bytes([n]) * 8) for n in range(5)]
    with session_scope(sessions) as s:
        ids = new_stories(s, rows, NOW)
        assert [s.get(models.Story, i).minhash for i in ids] == [sig for _, sig in rows]  # type: ignore[union-attr]
    with session_scope(sessions) as s:
        assert s.scalar(select(func.count()).select_from(models.Story)) == 6
    engine.dispose()

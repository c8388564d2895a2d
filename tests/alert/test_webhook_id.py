"""The webhook-id at a real receiver: different for different alerts even across databases,
the same on every try of one message (receivers drop repeats by it)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from standardwebhooks.webhooks import Webhook

from monitor.store import outbox as store
from monitor.store.db import session_scope
from tests.alert.helpers import SECRET, Clock, make_app, make_config, seed_hit
from tests.alert.receiver import Receiver
from tests.alert.test_delivery import deliver, hook_cfg


def test_two_fresh_databases_send_different_ids_for_their_first_hit(tmp_path: Path, database_url: str,
                                                                    hook: Receiver) -> None:
    """Staging and production (or a reset database, or a move to PostgreSQL) both have hit 1."""
    ids = []
    for url in (f"sqlite:///{tmp_path}/staging.db", database_url):
        app = make_app(make_config(url, [hook_cfg(hook.url())]), Clock())
        assert seed_hit(app, 1) == 1
        assert deliver(app).sent == 1
        app.close()
    for req in hook.accepted:
        Webhook(SECRET).verify(req.body, req.headers)
        ids.append(req.headers["webhook-id"])
    assert len(ids) == 2 and ids[0] != ids[1]
    assert all(i.startswith("msg_") and len(i) == 36 for i in ids)


def test_every_try_of_a_message_carries_the_same_id(database_url: str, hook: Receiver, clock: Clock) -> None:
    app = make_app(make_config(database_url, [hook_cfg(hook.url())]), clock)
    seed_hit(app, 1)
    seed_hit(app, 2)                               # one grouped message of two hits
    hook.answer(503, "busy")
    assert deliver(app).retrying == 1
    clock.advance(seconds=6)
    hook.answer(422, "no")                         # dead-lettered ...
    assert deliver(app).dead == 1
    with session_scope(app.sessions) as s:         # ... and queued again by the operator
        assert store.requeue(s, now=datetime.now(UTC)) == 2
    clock.t = datetime(2031, 1, 1, tzinfo=UTC)
    hook.answer(200)
    assert deliver(app).sent == 1
    ids = [r.headers["webhook-id"] for r in hook.received]
    assert len(ids) == 3 and len(set(ids)) == 1
    seed_hit(app, 3)                               # the next message has an id of its own
    assert deliver(app).sent == 1
    assert hook.received[-1].headers["webhook-id"] != ids[0]
    app.close()

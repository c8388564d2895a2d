"""Every payload type validates against docs/webhook-payload.schema.json; the checker can fail."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from monitor.pipeline.deliver import deliver_due
from tests.alert.helpers import Clock, make_app, make_config, seed_hit
from tests.alert.receiver import Receiver
from tests.alert.schema_check import errors
from tests.alert.test_delivery import hook_cfg

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "webhook-payload.schema.json")
                    .read_text())


def test_all_payload_types_match_the_documented_schema(sqlite_url: str, hook: Receiver,
                                                       hook2: Receiver, clock: Clock) -> None:
    gone = {"type": "webhook", "name": "gone", "url": hook2.url(), "group": {"wait": 0}}
    app = make_app(make_config(sqlite_url, [hook_cfg(hook.url()), gone]), clock)
    hook2.answer(410)
    seed_hit(app, 1, story=3, feed="A")
    seed_hit(app, 2, story=3, feed="B")                       # one hit.created with a story of 2
    seed_hit(app, 3, denial="washington", verdict="match")
    seed_hit(app, 4, denial="washington", score=0.4)          # one hit.grouped
    asyncio.run(deliver_due(app, flush=True))
    bodies: list[dict[str, Any]] = [r.json() for r in hook.accepted]
    assert sorted(b["type"] for b in bodies) == ["hit.created", "hit.grouped", "notice.destination_disabled"]
    for body in bodies:
        assert errors(body, SCHEMA, SCHEMA) == [], body["type"]


def test_the_schema_check_rejects_wrong_payloads() -> None:
    bad = [
        {"type": "hit.created", "version": "1", "timestamp": "t", "data": {"verdict": "maybe"}},
        {"type": "hit.grouped", "version": "1", "timestamp": "t", "data": {"count": 1, "hits": []}},
        {"type": "other", "version": "2", "timestamp": "t", "data": {}},
        {"type": "notice.x", "version": "1", "timestamp": "t", "data": {}, "extra": 1},
    ]
    for body in bad:
        assert errors(body, SCHEMA, SCHEMA)

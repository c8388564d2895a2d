"""Operator notices, re-enabling, concurrent workers and metrics."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from prometheus_client import REGISTRY

from monitor.alert import config_hash
from monitor.alert.outbox import enqueue_notice
from monitor.pipeline.deliver import deliver_due
from monitor.store import models
from monitor.store.db import session_scope
from tests.alert.helpers import Clock, make_app, make_config, seed_hit
from tests.alert.receiver import Receiver
from tests.alert.test_delivery import hook_cfg, statuses


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_notice_goes_to_every_enabled_destination(sqlite_url: str, hook: Receiver, hook2: Receiver,
                                                  clock: Clock) -> None:
    cfg = make_config(sqlite_url, [hook_cfg(hook.url(), name="a"), hook_cfg(hook2.url(), name="b")])
    app = make_app(cfg, clock)
    with session_scope(app.sessions) as s:
        s.add(models.Destination(name="b", disabled_at=clock(), failure_streak=0,
                                 config_hash=config_hash(cfg, "b")))
    with session_scope(app.sessions) as s:
        enqueue_notice(s, cfg, "feed_broken", {"feed": "Example", "error": "HTTP 404"}, clock())
        enqueue_notice(s, cfg, "feed_broken", {"feed": "Example", "error": "HTTP 404"}, clock())  # same: once
    report = asyncio.run(deliver_due(app))
    assert report.sent == 1 and hook2.received == []   # b is disabled: no notice for it
    body = hook.accepted[0].json()
    assert body["type"] == "notice.feed_broken" and body["data"] == {
        "kind": "feed_broken", "feed": "Example", "error": "HTTP 404"}
    # docs/webhooks.md: webhook-id is msg_ and 32 hex digits, for notices as for hits
    assert re.fullmatch(r"msg_[0-9a-f]{32}", hook.accepted[0].headers["webhook-id"]), hook.accepted[0].headers


def test_changed_settings_re_enable_a_disabled_destination(sqlite_url: str, hook: Receiver,
                                                           clock: Clock) -> None:
    app = make_app(make_config(sqlite_url, [hook_cfg(hook.url("/old"))]), clock)
    seed_hit(app, 1)
    hook.answer(410)
    assert asyncio.run(deliver_due(app)).disabled == ["hook"]
    assert asyncio.run(deliver_due(app)).sent == 0                    # same config: stays disabled
    hook.answer(200)
    app2 = make_app(make_config(sqlite_url, [hook_cfg(hook.url("/new"))]), clock)
    assert asyncio.run(deliver_due(app2)).sent == 1                   # new URL: the queued hit goes
    assert [r.path for r in hook.received] == ["/old", "/new"]


def test_two_workers_share_the_queue_without_double_sends(database_url: str, hook: Receiver,
                                                          clock: Clock) -> None:
    cfg = make_config(database_url, [hook_cfg(hook.url(), group={"wait": 0, "max_hits": 1})])
    app_a, app_b = make_app(cfg, clock), make_app(cfg, clock)
    ids = [seed_hit(app_a, n) for n in range(10)]

    async def both() -> Any:
        return await asyncio.gather(deliver_due(app_a, flush=True), deliver_due(app_b, flush=True))

    reports = asyncio.run(both())
    assert sum(r.sent for r in reports) == 10
    assert [r.json()["data"]["hit_id"] for r in hook.accepted] == ids
    assert statuses(app_a) == ["sent"] * 10


def test_metrics_count_attempts_failures_and_queue(sqlite_url: str, hook: Receiver, clock: Clock) -> None:
    app = make_app(make_config(sqlite_url, [hook_cfg(hook.url(), name="metrics-hook")]), clock)
    before = sample("disinfo_monitor_delivery_attempts_total", destination="metrics-hook")
    seed_hit(app, 1)
    hook.answer(503, "", {"Retry-After": "3600"})
    asyncio.run(deliver_due(app))
    assert sample("disinfo_monitor_delivery_failures_total", destination="metrics-hook",
                  reason="retry") >= 1
    assert sample("disinfo_monitor_delivery_queue_depth", destination="metrics-hook") == 1
    clock.advance(minutes=10)
    asyncio.run(deliver_due(app))                     # still waiting for Retry-After
    assert sample("disinfo_monitor_delivery_oldest_pending_seconds") == 600
    hook.answer(200)
    clock.advance(hours=1)
    asyncio.run(deliver_due(app))
    assert sample("disinfo_monitor_delivery_oldest_pending_seconds") == 0
    assert sample("disinfo_monitor_delivery_attempts_total", destination="metrics-hook") == before + 2
    assert sample("disinfo_monitor_delivery_queue_depth", destination="metrics-hook") == 0
    assert sample("disinfo_monitor_delivery_latency_seconds_count", destination="metrics-hook") >= 2

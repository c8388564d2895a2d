"""The optional Apprise notifier, against a real receiver (Apprise's json:// service)."""

from __future__ import annotations

import asyncio
import importlib.util

import pytest

from monitor.alert import build_notifiers
from monitor.errors import ConfigError
from monitor.pipeline.deliver import deliver_due
from tests.alert.helpers import Clock, make_app, make_config, seed_hit
from tests.alert.receiver import Receiver
from tests.alert.test_delivery import statuses

pytestmark = pytest.mark.skipif(importlib.util.find_spec("apprise") is None,
                                reason="the optional apprise package is not installed")


def apprise_cfg(hook: Receiver) -> dict[str, object]:
    port = hook.url().split(":")[2].split("/")[0]
    return {"type": "apprise", "name": "chat", "url": f"json://127.0.0.1:{port}/apprise/SECRETPATH",
            "group": {"wait": 0}, "min_interval": 0, "timeout": 2}


def test_apprise_delivers_and_our_queue_retries(sqlite_url: str, hook: Receiver, clock: Clock) -> None:
    app = make_app(make_config(sqlite_url, [apprise_cfg(hook)]), clock)
    seed_hit(app, 1)
    hook.answer(500)
    report = asyncio.run(deliver_due(app, flush=True))
    assert report.retrying == 1 and statuses(app) == ["pending"] and len(hook.received) == 1
    hook.answer(200)
    clock.advance(seconds=6)
    assert asyncio.run(deliver_due(app, flush=True)).sent == 1
    body = hook.accepted[0].json()
    assert body["title"].startswith("CONTRADICT: Sugovushan meeting")
    assert "Item 1" in body["message"] and "Feed A" in body["message"]


def test_a_url_apprise_does_not_know_is_a_config_error_that_hides_it(sqlite_url: str) -> None:
    config = make_config(sqlite_url, [{"type": "apprise", "url": "nosuchservice://SECRET@x/y"}])
    with pytest.raises(ConfigError) as err:
        build_notifiers(config)
    assert "SECRET" not in str(err.value) and "nosuchservice://***" in str(err.value)

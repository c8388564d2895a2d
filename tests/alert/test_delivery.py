"""The delivery loop against real receivers on 127.0.0.1 and a real database."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

from monitor.pipeline.deliver import DeliveryReport, deliver_due
from monitor.store import models
from monitor.store.db import session_scope
from tests.alert.helpers import SECRET, Clock, make_app, make_config, seed_hit
from tests.alert.receiver import Receiver

NO_WAIT = {"wait": 0, "interval": 0}


def deliver(app: Any, flush: bool = True) -> DeliveryReport:
    return asyncio.run(deliver_due(app, flush=flush))


def hook_cfg(url: str, **kw: Any) -> dict[str, Any]:
    return {"type": "webhook", "name": kw.pop("name", "hook"), "url": url, "secret": SECRET,
            "timeout": kw.pop("timeout", 2), "group": kw.pop("group", NO_WAIT), **kw}


def statuses(app: Any) -> list[str]:
    with session_scope(app.sessions) as s:
        return [d.status for d in s.scalars(select(models.Delivery).order_by(models.Delivery.id))]


def test_webhook_is_signed_sent_once_and_verifiable(database_url: str, hook: Receiver,
                                                    clock: Clock) -> None:
    app = make_app(make_config(database_url, [hook_cfg(hook.url())]), clock)
    hit_id = seed_hit(app, 1)
    report = deliver(app)
    assert report.sent == 1 and len(hook.accepted) == 1
    req = hook.accepted[0]
    payload = Webhook(SECRET).verify(req.body, req.headers)
    assert payload["type"] == "hit.created"
    data = payload["data"]
    assert (data["hit_id"], data["verdict"], data["denial"]["id"]) == (hit_id, "contradict", "sugovushan")
    assert data["item"]["title"].startswith("Item 1") and data["item"]["feed"] == "Feed A"
    assert data["terms"] == ["Sugovushan"] and data["cues"] == ["sources say"]
    assert req.headers["webhook-id"].startswith("msg_")
    assert deliver(app).sent == 0 and len(hook.received) == 1     # acknowledged: never again
    assert statuses(app) == ["sent"]


def test_500_stays_queued_and_is_retried_with_the_same_id(database_url: str, hook: Receiver,
                                                          clock: Clock) -> None:
    app = make_app(make_config(database_url, [hook_cfg(hook.url())]), clock)
    seed_hit(app, 1)
    hook.answer(500, "boom")
    assert deliver(app).retrying == 1 and statuses(app) == ["pending"]
    hook.answer(200)
    assert deliver(app).sent == 0                  # flush respects the retry time (5 s)
    clock.advance(seconds=6)
    assert deliver(app).sent == 1
    assert [r.headers["webhook-id"] for r in hook.received][0] == hook.accepted[0].headers["webhook-id"]
    assert len(hook.received) == 2 and statuses(app) == ["sent"]


def test_other_4xx_is_dead_lettered_and_does_not_block(database_url: str, hook: Receiver,
                                                       clock: Clock) -> None:
    app = make_app(make_config(database_url, [hook_cfg(hook.url())]), clock)
    seed_hit(app, 1)
    hook.answer(422, "bad")
    assert deliver(app).dead == 1
    hook.answer(200)
    seed_hit(app, 2)
    assert deliver(app).sent == 1
    assert statuses(app) == ["dead", "sent"]


@pytest.mark.parametrize(("kind", "status", "body"), [
    ("webhook", 410, "gone"), ("slack", 404, "channel_is_archived"), ("slack", 403, "invalid_token"),
    ("slack", 404, "no_service")])
def test_gone_destination_is_disabled_and_the_operator_told(sqlite_url: str, hook: Receiver,
                                                            hook2: Receiver, clock: Clock, kind: str,
                                                            status: int, body: str) -> None:
    gone = {"type": kind, "name": "gone", "url": hook.url("/services/T0/B0/SECRETPATH"), "group": NO_WAIT}
    app = make_app(make_config(sqlite_url, [gone, hook_cfg(hook2.url())]), clock)
    seed_hit(app, 1)
    hook.answer(status, body)
    report = deliver(app)
    assert report.disabled == ["gone"]
    types = [r.json()["type"] for r in hook2.accepted]
    assert types == ["hit.created", "notice.destination_disabled"]
    notice = hook2.accepted[1].json()["data"]
    assert notice["destination"] == "gone" and "SECRETPATH" not in notice["reason"]
    seed_hit(app, 2)
    deliver(app)
    assert len(hook.received) == 1                 # disabled: not tried again
    with session_scope(app.sessions) as s:
        assert s.get(models.Destination, "gone").disabled_at is not None  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", ["webhook", "slack"])
def test_429_retry_after_is_honoured(sqlite_url: str, hook: Receiver, clock: Clock, kind: str) -> None:
    dest = hook_cfg(hook.url()) if kind == "webhook" else {
        "type": "slack", "url": hook.url("/slack"), "group": NO_WAIT, "min_interval": 0}
    app = make_app(make_config(sqlite_url, [dest]), clock)
    seed_hit(app, 1)
    seed_hit(app, 2, denial="washington")
    hook.answer(429, "slow down", {"Retry-After": "120"})
    assert deliver(app).retrying == 1
    hook.answer(200)
    clock.advance(seconds=60)
    assert deliver(app).sent == 0                  # the whole destination waits
    clock.advance(seconds=61)
    assert deliver(app).sent == 2
    assert len(hook.received) == 3


def test_hanging_receiver_times_out_and_is_retried(sqlite_url: str, hook: Receiver, clock: Clock,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    url = hook.url("/hook/SECRETPATH?token=SECRETQ")
    app = make_app(make_config(sqlite_url, [hook_cfg(url, timeout=0.3)]), clock)
    seed_hit(app, 1)
    hook.hang_seconds = 1.0
    hook.script(lambda r: (0, "", {}))
    with caplog.at_level(logging.DEBUG):
        assert deliver(app).retrying == 1
    with session_scope(app.sessions) as s:
        error = s.scalars(select(models.Delivery.last_error)).one()
    assert error is not None and "timed out" in error
    for text in (error, caplog.text):
        assert "SECRETPATH" not in text and "SECRETQ" not in text and SECRET not in text
    hook.answer(200)
    clock.advance(seconds=6)
    assert deliver(app).sent == 1


def test_network_error_is_retried(sqlite_url: str, clock: Clock) -> None:
    app = make_app(make_config(sqlite_url, [hook_cfg("http://127.0.0.1:9/closed")]), clock)
    seed_hit(app, 1)
    assert deliver(app).retrying == 1 and statuses(app) == ["pending"]


def test_receiver_down_for_an_hour_gets_everything_in_order(database_url: str, hook: Receiver,
                                                             clock: Clock) -> None:
    app = make_app(make_config(database_url, [hook_cfg(hook.url())]), clock)
    hook.answer(503, "down")
    hits = []
    for n in range(12):                            # a hit every 5 minutes, the loop running
        hits.append(seed_hit(app, n, denial="sugovushan" if n % 2 else "washington"))
        deliver(app, flush=False)
        clock.advance(minutes=5)
    assert hook.accepted == [] and len(hook.received) >= 3
    hook.answer(200)
    for _ in range(4):                             # the loop keeps ticking until the retry is due
        clock.advance(hours=1)
        deliver(app, flush=False)
    got = [r.json()["data"]["hit_id"] for r in hook.accepted]
    assert got == hits                             # everything, once, in the order of the hits
    assert len({r.headers["webhook-id"] for r in hook.accepted}) == 12


def test_slack_is_paced_to_about_one_message_per_interval(sqlite_url: str, hook: Receiver,
                                                         clock: Clock) -> None:
    import time
    stamps: list[float] = []

    def note(_r: Any) -> tuple[int, str, dict[str, str]]:
        stamps.append(time.monotonic())
        return 200, "ok", {}

    hook.script(note)
    slack = {"type": "slack", "url": hook.url("/slack"), "min_interval": 0.3, "group": NO_WAIT}
    app = make_app(make_config(sqlite_url, [slack]), clock)
    seed_hit(app, 1)
    seed_hit(app, 2, denial="washington")
    seed_hit(app, 3, verdict="match", denial="washington", story=None)
    deliver(app)                                    # 2 messages (one per denial)
    assert len(stamps) == 2 and stamps[1] - stamps[0] >= 0.28
    body = hook.accepted[0].json()
    assert body["blocks"][0]["type"] == "header" and "text" in body


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/SECRETPATH", "http://[::1/SECRETPATH"])
def test_unusable_url_is_dead_lettered_without_showing_it(sqlite_url: str, clock: Clock, url: str,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(ValidationError) as refused:      # check-config refuses it, without showing it
        make_config(sqlite_url, [hook_cfg(url)])
    assert "notifiers" in str(refused.value)
    # the delivery side stays safe for a URL that got past the config anyway
    config = make_config(sqlite_url, [hook_cfg("http://127.0.0.1/x")])
    config = config.model_copy(update={"notifiers": [config.notifiers[0].model_copy(update={"url": url})]})
    app = make_app(config, clock)
    seed_hit(app, 1)
    with caplog.at_level(logging.DEBUG):
        report = deliver(app)
    assert report.dead + report.retrying == 1
    with session_scope(app.sessions) as s:
        error = s.scalars(select(models.Delivery.last_error)).one() or ""
    assert "SECRETPATH" not in error + caplog.text


class Broken:
    name = "broken"
    min_interval = 0.0

    async def send(self, message: Any) -> None:
        raise RuntimeError("bug while posting to https://hooks.example/services/SECRETPATH")


def test_a_buggy_notifier_is_logged_redacted_and_retried(sqlite_url: str, hook: Receiver, clock: Clock,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(make_config(sqlite_url, [hook_cfg(hook.url(), name="broken"),
                                            hook_cfg(hook.url(), name="fine")]), clock)
    app.notifiers["broken"] = Broken()
    seed_hit(app, 1)
    with caplog.at_level(logging.ERROR):
        report = deliver(app)
    assert report.sent == 1 and report.retrying == 1               # the other destination went on
    assert "RuntimeError" in caplog.text and "Traceback" in caplog.text
    assert "SECRETPATH" not in caplog.text and "hooks.example/***" in caplog.text


def test_console_prints_a_readable_alert(sqlite_url: str, clock: Clock,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    app = make_app(make_config(sqlite_url, [{"type": "console"}]), clock)
    seed_hit(app, 1, score=0.87)
    assert deliver(app, flush=False).sent == 1            # console: no group wait by default
    out = capsys.readouterr().out
    for expected in ("CONTRADICT", "Sugovushan meeting", "Item 1 <about> Sugovushan & more",
                     "https://news.example/1?a=1&b=2", "Feed A", "0.87", "terms:   Sugovushan",
                     "cues:    sources say"):
        assert expected in out

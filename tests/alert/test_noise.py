"""Noise control: grouping windows, syndicated stories, silences, routing; Slack's limits."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from monitor.alert.routing import destinations_for
from monitor.alert.slack_blocks import MAX_BLOCKS, build_slack_payload, escape
from monitor.alert.types import DenialInfo, HitInfo, ItemInfo, Message
from monitor.match.types import Hit, Verdict
from monitor.pipeline.deliver import deliver_due
from monitor.store import outbox as store
from monitor.store.db import session_scope
from tests.alert.helpers import T0, Clock, make_app, make_config, seed_hit
from tests.alert.receiver import Receiver
from tests.alert.test_delivery import hook_cfg, statuses


def deliver(app: Any, flush: bool = False) -> int:
    return asyncio.run(deliver_due(app, flush=flush)).sent


def test_group_wait_and_interval(sqlite_url: str, hook: Receiver, clock: Clock) -> None:
    group = {"wait": "30s", "interval": "5m"}
    app = make_app(make_config(sqlite_url, [hook_cfg(hook.url(), group=group)]), clock)
    seed_hit(app, 1)
    clock.advance(seconds=10)
    seed_hit(app, 2)
    assert deliver(app) == 0                       # waiting for more hits of the group
    clock.advance(seconds=21)
    assert deliver(app) == 1
    body = hook.accepted[0].json()
    assert body["type"] == "hit.grouped" and body["data"]["count"] == 2
    seed_hit(app, 3)
    clock.advance(seconds=60)
    assert deliver(app) == 0                       # within group_interval of the last message
    seed_hit(app, 4, denial="washington")          # another denial is another group
    clock.advance(seconds=31)
    assert deliver(app) == 1
    clock.advance(minutes=4)
    assert deliver(app) == 1                       # hit 3, five minutes after the first message
    assert [r.json()["type"] for r in hook.accepted] == ["hit.grouped", "hit.created", "hit.created"]


def test_flush_sends_pending_groups_now(sqlite_url: str, hook: Receiver, clock: Clock) -> None:
    app = make_app(make_config(sqlite_url, [hook_cfg(hook.url(), group=None)]), clock)  # 10 s default
    seed_hit(app, 1)
    assert deliver(app) == 0
    assert deliver(app, flush=True) == 1


def test_syndicated_copies_become_one_alert(sqlite_url: str, hook: Receiver, clock: Clock) -> None:
    group = {"wait": 0, "interval": 0, "repeat": "4h"}
    app = make_app(make_config(sqlite_url, [hook_cfg(hook.url(), group=group)]), clock)
    for n, feed in enumerate(["Outlet A", "Outlet B", "Outlet C"]):
        seed_hit(app, n, feed=feed, story=7)
        clock.advance(hours=1)
    assert deliver(app, flush=True) == 1
    data = hook.accepted[0].json()["data"]
    assert hook.accepted[0].json()["type"] == "hit.created"
    assert data["story"]["outlets"] == ["Outlet A", "Outlet B", "Outlet C"]
    assert data["story"]["spread"] == "3 outlets in 2 h" and len(data["story"]["hit_ids"]) == 3
    seed_hit(app, 10, feed="Outlet D", story=7)    # a later copy, within repeat: folded
    assert deliver(app, flush=True) == 0
    clock.advance(hours=4)
    seed_hit(app, 11, feed="Outlet E", story=7)    # after repeat: re-announced with its spread
    assert deliver(app, flush=True) == 1
    assert hook.accepted[1].json()["data"]["story"]["outlets"][-1] == "Outlet E"
    assert statuses(app) == ["sent", "sent", "sent", "folded", "sent"]


def test_one_pass_folds_only_the_announced_stories(sqlite_url: str, hook: Receiver, clock: Clock) -> None:
    """The pass looks the announced stories up once for all its hits (in chunks of 400 stories):
    a copy of an announced story is folded, one of the same story under another denial and
    new stories are not, whichever chunk they fall in."""
    group = {"wait": 0, "interval": 0, "repeat": "4h", "max_hits": 1000}
    app = make_app(make_config(sqlite_url, [hook_cfg(hook.url(), group=group)]), clock)
    announced = (3, 401, 850)
    for story in announced:
        seed_hit(app, story, story=story)
    assert deliver(app, flush=True) == 1
    clock.advance(hours=1)
    for story in range(1, 900):
        seed_hit(app, 1000 + story, feed="Outlet B", story=story)
    seed_hit(app, 5000, feed="Outlet B", story=401, denial="washington")
    assert deliver(app, flush=True) == 2            # one message per denial, the copies folded
    done = statuses(app)
    assert done.count("folded") == len(announced) and done.count("sent") == len(done) - len(announced)
    with session_scope(app.sessions) as s:
        folded = {(h.denial_id, h.story_id) for d, h, _ in _deliveries(s) if d.status == "folded"}
    assert folded == {("sugovushan", story) for story in announced}


def _deliveries(s: Any) -> list[Any]:
    from monitor.store import models

    return list(s.query(models.Delivery, models.Hit, models.Item).join(models.Hit, models.Delivery.hit_id == models.Hit.id)
                .join(models.Item, models.Hit.item_id == models.Item.id))


@pytest.mark.parametrize(("target", "value", "muted"), [
    ("denial", "sugovushan", True), ("denial", "washington", False), ("feed", "Feed A", True),
    ("feed", "http://127.0.0.1/Feed_A.xml", True), ("destination", "hook", True),
    ("destination", "other", False)])
def test_silences(sqlite_url: str, hook: Receiver, clock: Clock, target: str, value: str,
                  muted: bool) -> None:
    app = make_app(make_config(sqlite_url, [hook_cfg(hook.url())]), clock)
    with session_scope(app.sessions) as s:
        store.add_silence(s, target=target, value=value, until=T0 + timedelta(hours=1), comment=None,
                          now=T0)
    seed_hit(app, 1)
    assert deliver(app, flush=True) == (0 if muted else 1)
    assert statuses(app) == ["silenced" if muted else "sent"]
    clock.advance(hours=2)                          # expired: the next hit goes out
    seed_hit(app, 2)
    assert deliver(app, flush=True) == 1


@pytest.mark.parametrize(("verdict", "score", "denial", "expected"), [
    ("contradict", 0.9, "sugovushan", ["all", "contradict-only", "strong"]),
    ("match", 0.9, "sugovushan", ["all", "strong"]),
    ("contradict", 0.5, "sugovushan", ["all", "contradict-only"]),
    ("contradict", 0.9, "washington", ["all", "strong"]),
    ("mention", 0.9, "sugovushan", []),             # denials alert on match/contradict by default
])
def test_routing(sqlite_url: str, verdict: str, score: float, denial: str, expected: list[str]) -> None:
    config = make_config(sqlite_url, [
        {"type": "console", "name": "all", "route": {"verdicts": ["match", "contradict", "mention"]}},
        {"type": "console", "name": "contradict-only",
         "route": {"verdicts": ["contradict"], "denials": ["sugovushan"]}},
        {"type": "console", "name": "strong", "route": {"min_score": 0.8}}])
    hit = Hit(denial_id=denial, verdict=Verdict(verdict), score=score, reason="")
    assert destinations_for(hit, config) == expected


def _hit(n: int, title: str) -> HitInfo:
    return HitInfo(id=n, verdict="contradict", score=0.5, reason="r",
                   evidence=({"term": "Sugovushan <x>"},), created_at=T0,
                   item=ItemInfo(title=title, link=f"https://n.example/{n}?a=1&b=2", feed="F & G"))


def test_slack_blocks_stay_within_limits_and_escape() -> None:
    denial = DenialInfo(id="d", title="T" * 400, claim="<claim> & " + "c" * 5000)
    msg = Message(id="msg_1", destination="s", timestamp=T0, denial=denial,
                  hits=tuple(_hit(n, f"<b>Title {n}</b> & co") for n in range(80)))
    payload = build_slack_payload(msg)
    blocks = payload["blocks"]
    assert len(blocks) <= MAX_BLOCKS
    assert len(blocks[0]["text"]["text"]) <= 150
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert "more hits" in blocks[-1]["elements"][0]["text"]
    text = blocks[2]["text"]["text"]
    assert "&lt;b&gt;Title 0&lt;/b&gt; &amp; co" in text and "<https://n.example/0?a=1&amp;b=2|" in text
    assert "<claim>" not in payload["text"] and "&lt;claim&gt;" in payload["text"]


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a & b", "a &amp; b"), ("<@U123>", "&lt;@U123&gt;"), ("*bold* _x_ \"q\" 'q'", "*bold* _x_ \"q\" 'q'")])
def test_slack_escapes_only_three_characters(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped

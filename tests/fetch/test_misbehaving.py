"""A misbehaving feed server: every failure costs bounded time and memory, is recorded on its
feed, and leaves the other feeds alone."""

from __future__ import annotations

import asyncio
import gzip
import resource
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from monitor.pipeline.poll import poll_feeds
from monitor.store import models
from tests.fetch.server import MisbehavingServer, Reply, rss, sleep_then

GOOD = [("g1", "Harvest report", "Farmers in Ganja reported a good harvest of pomegranates this year."),
        ("g2", "Sugovushan rumours", "Channels say three security chiefs met in Sugovushan on Thursday.")]
STORY = ("Three security chiefs met in Sugovushan on Thursday, according to several channels, "
         "which cited people familiar with the talks and said the meeting lasted two hours.")


def _feeds(app: Any) -> dict[str, models.Feed]:
    with app.sessions() as s:
        return {f.url.rsplit("/", 1)[-1]: f for f in s.scalars(select(models.Feed))}


def _endless(h: Any, _n: int) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"<item><title>x</title></item>" * 100
    try:
        for _ in range(100_000):
            h.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    except (BrokenPipeError, ConnectionResetError):
        return


BOMB = gzip.compress(b"<rss>" + b" " * (64 * 1024 * 1024), compresslevel=9)
ENTITY_BOMB = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
               + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
               + ']><rss version="2.0"><channel><title>bomb</title><item><title>&j;</title>'
               '<description>x</description></item></channel></rss>')


def test_each_misbehaviour_is_bounded_recorded_and_isolated(server: MisbehavingServer, make_app: Any) -> None:
    urls = [
        server.serve("/good", rss(GOOD)),
        server.serve("/e500", "oops", status=500),
        server.serve("/e429", "slow down", status=429, headers={"Retry-After": "7200"}),
        server.serve("/e503", "maintenance", status=503, headers={"Retry-After": "600"}),
        server.on("/slow", sleep_then(60, Reply(200, rss(GOOD).encode()))),   # cut at the 2 s deadline
        server.on("/endless", _endless),
        server.serve("/gzipbomb", BOMB, headers={"Content-Encoding": "gzip"}),
        server.serve("/entitybomb", ENTITY_BOMB, headers={"Content-Type": "application/rss+xml"}),
        server.on("/loop", lambda h, n: Reply(302, b"", {"Location": "/loop2"})),
        server.on("/loop2", lambda h, n: Reply(302, b"", {"Location": "/loop"})),
        server.serve("/html", "<!doctype html><html><body><h1>Not a feed</h1></body></html>",
                     headers={"Content-Type": "text/html"}),
        server.serve("/badutf8", rss([("u1", "Caf\udcc3 report", "Broken bytes: here")])
                     .encode("utf-8", "surrogateescape").replace(b"here", b"\xff\xfe here"),
                     headers={"Content-Type": "application/rss+xml; charset=utf-8"}),
    ]
    app = make_app(urls, fetch={"max_body_bytes": 1024 * 1024, "read_timeout": 1, "deadline": 2})
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    report = asyncio.run(poll_feeds(app, force=True))
    elapsed = time.monotonic() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert elapsed < 20, elapsed          # without the deadline: the slow feed's 60 s
    assert grown_mb < 60, grown_mb
    feeds = _feeds(app)
    assert feeds["good"].health == "ok" and feeds["good"].items_seen == 2
    assert feeds["badutf8"].health == "ok" and feeds["badutf8"].items_seen == 1
    failed = {name for name, f in feeds.items() if f.error_streak == 1}
    assert failed == {"e500", "e429", "e503", "slow", "endless", "gzipbomb", "loop", "loop2", "html"} | (
        {"entitybomb"} & failed)
    assert report.failed == len(failed) and report.new_items == 3 + feeds["entitybomb"].items_seen
    assert "larger than" in (feeds["gzipbomb"].last_error or "")
    assert "redirect loop" in (feeds["loop"].last_error or "")
    assert "not a feed" in (feeds["html"].last_error or "")
    assert "larger than" in (feeds["endless"].last_error or "") or "deadline" in (feeds["endless"].last_error or "")
    now = app.now()
    # Retry-After applies to that feed only; others back off from their interval
    assert abs((feeds["e429"].next_poll_at - now).total_seconds() - 7200) < 2
    assert abs((feeds["e503"].next_poll_at - now).total_seconds() - 600) < 2
    assert abs((feeds["e500"].next_poll_at - now).total_seconds() - 900) < 2
    assert all(f.health == "degraded" for n, f in feeds.items() if n in failed)
    with app.sessions() as s:  # the entity bomb, if parsed at all, did not expand
        longest = s.scalar(select(func.max(func.length(models.Item.title))))
        assert longest is None or longest < 10_000


def test_conditional_get_and_unchanged_body(server: MisbehavingServer, make_app: Any) -> None:
    body = rss(GOOD).encode()

    def etagged(h: Any, _n: int) -> Reply:
        if h.headers.get("If-None-Match") == '"v1"':
            return Reply(304, b"", {"ETag": '"v1"'})
        return Reply(200, body, {"ETag": '"v1"', "Cache-Control": "max-age=3600"})

    urls = [server.on("/etag", etagged), server.serve("/same", body)]
    app = make_app(urls)
    asyncio.run(poll_feeds(app, force=True))
    report = asyncio.run(poll_feeds(app, force=True))
    assert (report.not_modified, report.new_items, report.failed) == (2, 0, 0)
    assert server.headers_of("/etag")[-1].get("if-none-match") == '"v1"'
    feeds = _feeds(app)
    assert feeds["etag"].ttl_seconds == 3600
    assert abs((feeds["etag"].next_poll_at - app.now()).total_seconds() - 3600) < 2


def test_permanent_redirect_moves_the_feed(server: MisbehavingServer, make_app: Any) -> None:
    server.on("/old", lambda h, n: Reply(301, b"", {"Location": "/new"}))
    new = server.serve("/new", rss(GOOD))
    app = make_app([server.url("/old")])
    asyncio.run(poll_feeds(app, force=True))
    asyncio.run(poll_feeds(app, force=True))  # config sync must not re-add the old URL
    with app.sessions() as s:
        rows = list(s.scalars(select(models.Feed)))
    assert [(r.url, r.enabled, r.items_seen) for r in rows] == [(new, True, 2)]
    assert server.count("/old") == 1


def test_changing_guids_do_not_duplicate(server: MisbehavingServer, make_app: Any) -> None:
    server.on("/fickle", lambda h, n: Reply(200, rss([(f"{g}-{n}", t, d) for g, t, d in GOOD]).encode()))
    app = make_app([server.url("/fickle")])
    first = asyncio.run(poll_feeds(app, force=True))
    second = asyncio.run(poll_feeds(app, force=True))
    assert (first.new_items, second.new_items, second.duplicates) == (2, 0, 2)


def test_same_story_in_five_feeds_is_one_story_with_five_sightings(server: MisbehavingServer,
                                                                     make_app: Any) -> None:
    urls = []
    for i in range(5):
        text = STORY + (f" Reported by outlet {i}." if i % 2 else "")
        urls.append(server.serve(f"/outlet{i}", rss([(f"o{i}", "Chiefs met in Sugovushan", text)],
                                                    link_base=f"https://outlet{i}.invalid/")))
    urls.append(server.serve("/other", rss(GOOD)))
    app = make_app(urls)
    report = asyncio.run(poll_feeds(app, force=True))
    assert report.new_items == 7 and report.hits == 6
    with app.sessions() as s:
        stories = s.execute(select(models.Item.story_id, func.count()).group_by(models.Item.story_id)).all()
        sizes = sorted(n for _, n in stories)
        assert sizes == [1, 1, 5]
        assert s.scalar(select(func.max(models.Story.sightings))) == 5


def test_backoff_grows_and_broken_notice_is_sent_once(server: MisbehavingServer, make_app: Any,
                                                      clock: Any) -> None:
    server.serve("/down", "no", status=500)
    app = make_app([server.url("/down")], fetch={"broken_after": 3},
                   notifiers=[{"type": "console"}])
    delays = []
    for _ in range(5):
        asyncio.run(poll_feeds(app, force=True))
        delays.append((_feeds(app)["down"].next_poll_at - app.now()).total_seconds())
    assert delays[:4] == [900, 1800, 3600, 7200]
    feed = _feeds(app)["down"]
    assert (feed.health, feed.error_streak, feed.broken_notified) == ("broken", 5, True)
    with app.sessions() as s:
        notices = s.scalar(select(func.count()).select_from(models.Delivery).where(models.Delivery.kind != "hit"))
    assert notices == 1


def test_network_down_is_not_counted(make_app: Any) -> None:
    # three hosts, nothing listening: every fetch fails to connect
    app = make_app(["http://127.0.0.1:9/feed", "http://127.0.0.2:9/feed", "http://127.0.0.3:9/feed"])
    report = asyncio.run(poll_feeds(app, force=True))
    assert report.network_down and report.failed == 3
    assert all(f.error_streak == 0 for f in _feeds(app).values())


def test_two_dead_hosts_are_counted_against_their_feeds(make_app: Any) -> None:
    app = make_app(["http://127.0.0.1:9/feed", "http://127.0.0.2:9/feed"])
    report = asyncio.run(poll_feeds(app, force=True))
    assert not report.network_down and report.failed == 2
    assert all(f.error_streak == 1 for f in _feeds(app).values())


@pytest.mark.parametrize("allow", [False])
def test_private_addresses_are_refused_without_opt_in(make_app: Any, server: MisbehavingServer,
                                                      monkeypatch: pytest.MonkeyPatch, allow: bool) -> None:
    monkeypatch.delenv("DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS")
    url = server.serve("/feed", rss(GOOD))
    app = make_app([url])
    report = asyncio.run(poll_feeds(app, force=True))
    assert report.failed == 1 and "non-public address" in report.errors[0][1]
    assert server.count("/feed") == 0


def test_a_dns_answer_that_changes_after_the_check_is_still_refused(
        make_app: Any, server: MisbehavingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: the early check sees a public answer, the connection would get a private
    one. The guarded backend checks the address it connects to."""
    monkeypatch.delenv("DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS")

    async def public_answer(host: str, port: int, url: str, **_kw: object) -> None:
        return None

    monkeypatch.setattr("monitor.fetch.client.check_host", public_answer)
    url = server.serve("/feed", rss(GOOD))
    report = asyncio.run(poll_feeds(make_app([url]), force=True))
    assert report.failed == 1 and "non-public address" in report.errors[0][1]
    assert server.count("/feed") == 0

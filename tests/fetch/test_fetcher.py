"""The fetcher alone against the loopback server: headers sent, limits, redirects, file URLs."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import time
from pathlib import Path
from typing import Any

import brotli
import pytest

from monitor.errors import NetworkFetchError, PermanentFetchError, RetryableFetchError
from monitor.fetch import Conditional, Fetcher, FetchLimits, FetchResult
from monitor.fetch.client import USER_AGENT
from tests.fetch.server import MisbehavingServer, Reply

LIMITS = FetchLimits(connect_timeout=1, read_timeout=1, deadline=3, max_body_bytes=64 * 1024,
                     max_redirects=2, allow_private_networks=True)


NONE = Conditional()


def fetch(url: str, conditional: Conditional = NONE, limits: FetchLimits = LIMITS) -> FetchResult:
    async def go() -> FetchResult:
        async with Fetcher(limits) as f:
            return await f.fetch(url, conditional)
    return asyncio.run(go())


def test_sends_user_agent_and_validators(server: MisbehavingServer) -> None:
    url = server.serve("/f", "<rss/>", headers={"ETag": '"e"'})
    fetch(url, Conditional(etag='"e0"', last_modified="Mon, 23 Nov 2026 10:00:00 GMT"))
    sent = server.headers_of("/f")[0]
    assert sent["user-agent"] == USER_AGENT and "github.com/disinfo-monitor" in USER_AGENT
    assert sent["if-none-match"] == '"e0"' and sent["if-modified-since"].startswith("Mon, 23 Nov")


@pytest.mark.parametrize(("status", "error", "retry_after"), [
    (500, RetryableFetchError, None), (429, RetryableFetchError, 120.0), (503, RetryableFetchError, 120.0),
    (404, PermanentFetchError, None), (410, PermanentFetchError, None)])
def test_status_errors(server: MisbehavingServer, status: int, error: type[Exception],
                       retry_after: float | None) -> None:
    url = server.serve("/s", "x", status=status, headers={"Retry-After": "120"})
    with pytest.raises(error) as info:
        fetch(url)
    assert info.value.status == status and info.value.retry_after == retry_after  # type: ignore[attr-defined]


def test_limits(server: MisbehavingServer) -> None:
    big = server.serve("/big", b"x" * (65 * 1024))
    bomb = server.serve("/br", brotli.compress(b" " * (8 * 1024 * 1024)), headers={"Content-Encoding": "br"})
    with pytest.raises(PermanentFetchError, match="Content-Length 66560 exceeds"):
        fetch(big)
    with pytest.raises(PermanentFetchError, match="after decompression"):
        fetch(bomb)


def test_redirects(server: MisbehavingServer) -> None:
    server.on("/a", lambda h, n: Reply(308, b"", {"Location": "/b"}))
    server.on("/b", lambda h, n: Reply(301, b"", {"Location": "/c"}))
    final = server.serve("/c", "<rss/>")
    result = fetch(server.url("/a"))
    assert (result.url, result.permanent_url, result.body) == (final, final, b"<rss/>")
    server.on("/t", lambda h, n: Reply(302, b"", {"Location": "/c"}))
    assert fetch(server.url("/t")).permanent_url is None            # temporary: keep the old URL
    for i in range(4):
        server.on(f"/r{i}", lambda h, n, i=i: Reply(302, b"", {"Location": f"/r{i + 1}"}))
    with pytest.raises(PermanentFetchError, match="more than 2 redirects"):
        fetch(server.url("/r0"))


def test_connection_refused_is_a_network_error() -> None:
    with pytest.raises(NetworkFetchError):
        fetch("http://127.0.0.1:9/feed")


def test_file_urls(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<rss/>")
    with pytest.raises(PermanentFetchError, match="file: feeds are off"):
        fetch(path.as_uri())                                 # off by default
    on = dataclasses.replace(LIMITS, allow_file_urls=True)
    assert fetch(path.as_uri(), limits=on).body == b"<rss/>"
    with pytest.raises(PermanentFetchError, match="cannot read"):
        fetch((tmp_path / "missing.xml").as_uri(), limits=on)
    with pytest.raises(PermanentFetchError, match="not a regular file"):
        fetch(tmp_path.as_uri(), limits=on)
    for system in ("file:///proc/self/environ", "file:///dev/zero", "file:///sys/kernel/notes"):
        with pytest.raises(PermanentFetchError, match="system path"):
            fetch(system, limits=on)
    with pytest.raises(PermanentFetchError, match="remote host"):
        fetch("file://example.org/etc/hosts", limits=on)


def test_a_fifo_feed_fails_at_once_instead_of_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.fifo"
    os.mkfifo(fifo)
    # hanging would last the whole deadline: a long one leaves room for a loaded machine's delays
    on = dataclasses.replace(LIMITS, allow_file_urls=True, deadline=30)
    started = time.monotonic()
    with pytest.raises(PermanentFetchError, match="not a regular file"):
        fetch(fifo.as_uri(), limits=on)
    assert time.monotonic() - started < 5


def test_a_304_leaves_its_connection_open_for_the_next_request(server: MisbehavingServer) -> None:
    """A warm cycle is mostly 304s: each must not cost a new connection (a TLS handshake on https)."""
    ports: list[int] = []

    def not_modified(h: Any, _n: int) -> Reply:
        ports.append(h.client_address[1])
        return Reply(304, b"", {"ETag": '"v1"'})

    urls = [server.on(f"/nm{i}", not_modified) for i in range(4)]

    async def go() -> list[FetchResult]:
        async with Fetcher(dataclasses.replace(LIMITS, concurrency=1)) as f:
            return [await f.fetch(u, Conditional(etag='"v1"')) for u in urls]

    assert [r.status for r in asyncio.run(go())] == [304] * 4
    assert len(set(ports)) == 1

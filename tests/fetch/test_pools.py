"""The fetcher's small connection pools and the socket-caching network backend."""

from __future__ import annotations

import asyncio
import dataclasses
import socket

import httpcore
import pytest

from monitor.fetch import Conditional, Fetcher, FetchLimits
from monitor.fetch.backend import SocketCachingBackend, socket_readable
from tests.fetch.server import MisbehavingServer, Reply, sleep_then

LIMITS = FetchLimits(connect_timeout=2, read_timeout=5, deadline=10, per_host_concurrency=16,
                     allow_private_networks=True)


def test_socket_readable_tells_an_idle_socket_from_a_closed_one() -> None:
    a, b = socket.socketpair()
    try:
        assert not socket_readable(a)          # idle: reusable
        b.sendall(b"x")
        assert socket_readable(a)              # something unasked: not reusable
        a.recv(1)
        b.close()
        assert socket_readable(a)              # the peer closed it
    finally:
        a.close()
    assert socket_readable(a)                  # closed here (fileno -1)
    assert socket_readable(None)


def test_the_backend_keeps_the_socket_and_answers_is_readable(server: MisbehavingServer) -> None:
    server.serve("/x", b"ok")
    host, port = server.url("/x").split("/")[2].split(":")

    async def go() -> tuple[bool, bool, object]:
        stream = await SocketCachingBackend(httpcore.AnyIOBackend()).connect_tcp(host, int(port))
        try:
            idle = stream.get_extra_info("is_readable")
            await stream.write(b"GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            await asyncio.sleep(0.2)
            answered = stream.get_extra_info("is_readable")
            return idle, answered, stream.get_extra_info("server_addr")
        finally:
            await stream.aclose()

    idle, answered, addr = asyncio.run(go())
    assert (idle, answered) == (False, True)
    assert addr is not None and int(addr[1]) == int(port)    # other attributes still come from anyio


@pytest.mark.parametrize(("concurrency", "pools"), [(1, 1), (4, 1), (5, 2), (10, 3)])
def test_concurrent_fetches_spread_over_pools_of_at_most_four(server: MisbehavingServer, concurrency: int,
                                                              pools: int) -> None:
    """``concurrency`` requests at once (a slow server holds them open): ceil(concurrency / 4)
    pools, none ever asked for more than 4 at a time, every answer right; more requests than the
    limit wait for it."""
    server.on("/slow", sleep_then(0.3, Reply(200, b"<rss/>", {"ETag": '"v"'})))
    limits = dataclasses.replace(LIMITS, concurrency=concurrency)
    peak: list[int] = []

    async def go() -> list[int]:
        async with Fetcher(limits) as f:
            take = f._take_client

            def watched() -> int:
                shard = take()
                peak.append(max(f._busy))
                return shard

            f._take_client = watched  # type: ignore[method-assign]
            results = await asyncio.gather(*(f.fetch(server.url("/slow"), Conditional()) for _ in range(2 * concurrency)))
            assert len(f._clients) == pools and all(b == 0 for b in f._busy)
            return [r.status for r in results]

    assert asyncio.run(go()) == [200] * (2 * concurrency)
    assert max(peak) <= 4 and server.count("/slow") == 2 * concurrency


def test_with_the_guard_off_httpx_still_honours_the_proxy_variables(server: MisbehavingServer,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The pools' own transport is used only without proxy variables: httpx reads them only with
    its default transport, so with HTTP_PROXY set the request goes to the proxy (here the loopback
    server, which sees the absolute URL)."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy",
                 "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.url("").rstrip("/"))
    server.serve("http://feed.invalid/x", b"<rss/>")

    async def go() -> int:
        async with Fetcher(LIMITS) as f:
            return (await f.fetch("http://feed.invalid/x")).status

    assert asyncio.run(go()) == 200
    assert server.count("http://feed.invalid/x") == 1

"""The guarded network backend connects only to the public address it checked (unit tests: the
inner backend is a recorder, nothing goes on the network)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import httpcore
import pytest

from monitor.errors import PermanentFetchError
from monitor.fetch.guard import GuardedBackend, is_public_address


class Recorder(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[Any] | None = None) -> httpcore.AsyncNetworkStream:
        self.calls.append((host, port))
        return httpcore.AsyncMockStream([])

    async def sleep(self, seconds: float) -> None:
        return None


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "10.1.2.3", "169.254.169.254", "::1"])
def test_private_hosts_are_refused_before_any_connection(host: str) -> None:
    inner = Recorder()
    with pytest.raises(PermanentFetchError, match="non-public address"):
        asyncio.run(GuardedBackend(inner).connect_tcp(host, 80))
    assert inner.calls == []


def test_a_public_address_is_connected_to_as_checked() -> None:
    inner = Recorder()
    asyncio.run(GuardedBackend(inner).connect_tcp("93.184.216.34", 443))
    assert inner.calls == [("93.184.216.34", 443)]


@pytest.mark.parametrize(("address", "public"), [
    ("8.8.8.8", True), ("127.0.0.1", False), ("192.168.1.1", False), ("::ffff:10.0.0.1", False),
    ("fe80::1%eth0", False), ("100.64.0.1", False), ("2001:4860:4860::8888", True),
    # 6to4 (2002::/16) carries an IPv4 address in bits 16-48
    ("2002:7f00:1::1", False), ("2002:a00:1::1", False), ("2002:a9fe:a9fe::1", False),
    ("2002:c0a8:101::1", False), ("2002:808:808::1", True),
    # NAT64 well-known prefix 64:ff9b::/96: the last 32 bits; the local-use /48 is never public
    ("64:ff9b::7f00:1", False), ("64:ff9b::a9fe:a9fe", False), ("64:ff9b::10.0.0.1", False),
    ("64:ff9b::8.8.8.8", True), ("64:ff9b:1::808:808", False),
    # IPv4-mapped ::ffff:0:0/96 and the deprecated IPv4-compatible ::/96
    ("::ffff:127.0.0.1", False), ("::ffff:169.254.169.254", False), ("::ffff:8.8.8.8", True),
    ("::127.0.0.1", False), ("::8.8.8.8", False),
    # Teredo 2001::/32 tunnels to any IPv4 host: never public
    ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False), ("2001::1", False),
])
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


@pytest.mark.parametrize("host", ["2002:7f00:1::1", "64:ff9b::7f00:1", "::ffff:7f00:1"])
def test_embedded_private_ipv4_is_refused_before_any_connection(host: str) -> None:
    inner = Recorder()
    with pytest.raises(PermanentFetchError, match="non-public address"):
        asyncio.run(GuardedBackend(inner).connect_tcp(host, 80))
    assert inner.calls == []

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
])
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public

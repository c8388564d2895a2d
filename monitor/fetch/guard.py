"""Refuse feed URLs that resolve to private, loopback or link-local addresses (SSRF guard)."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from collections.abc import Iterable

import httpcore
import httpx

from monitor.errors import NetworkFetchError, PermanentFetchError

ALLOW_ENV = "DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS"
# httpcore's socket option type (setsockopt arguments)
SOCKET_OPTION = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


def private_networks_allowed(configured: bool) -> bool:
    """The config option, or ``DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS=1`` in the environment."""
    return configured or os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes")


def is_public_address(address: str) -> bool:
    """Whether ``address`` is a globally routable unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified or not ip.is_global)


async def public_addresses(host: str, port: int, url: str) -> list[str]:
    """The addresses ``host`` resolves to; PermanentFetchError when any of them is not public."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise NetworkFetchError(f"cannot resolve {host}: {exc}", url=url) from exc
    addresses = []
    for info in infos:
        address = str(info[4][0])
        if not is_public_address(address):
            raise PermanentFetchError(
                f"refused: {host} resolves to non-public address {address} "
                f"(set fetch.allow_private_networks or {ALLOW_ENV}=1 to allow)", url=url)
        addresses.append(address)
    return addresses


async def check_host(host: str, port: int, url: str) -> None:
    """Raise PermanentFetchError when ``host`` resolves to any non-public address: the early
    check before every request and redirect hop. The connection itself goes through
    GuardedBackend, which checks again and connects to the address it checked."""
    await public_addresses(host, port, url)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """A network backend that resolves the host itself, refuses non-public addresses and
    connects to the address it checked, so a DNS answer that changes between the check and the
    connection (DNS rebinding) cannot reach a private address. TLS still verifies the host name:
    httpcore passes the URL's host as server_hostname when it starts TLS."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[SOCKET_OPTION] | None = None) -> httpcore.AsyncNetworkStream:
        addresses = await public_addresses(host, port, f"{host}:{port}")
        last: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"{host} has no address")

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[SOCKET_OPTION] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not feeds")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool on a GuardedBackend."""

    def __init__(self, limits: httpx.Limits) -> None:
        super().__init__(limits=limits)
        # AsyncHTTPTransport does not take a network backend; rebuild its pool with ours.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry, network_backend=GuardedBackend())

"""Refuse feed URLs that resolve to private, loopback or link-local addresses (SSRF guard)."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import ssl
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpcore
import httpx

from monitor.errors import NetworkFetchError, PermanentFetchError
from monitor.fetch.backend import SOCKET_OPTION, PooledTransport

ALLOW_ENV = "DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS"


def private_networks_allowed(configured: bool) -> bool:
    """The config option, or ``DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS=1`` in the environment."""
    return configured or os.environ.get(ALLOW_ENV, "").strip().lower() in ("1", "true", "yes")


# IPv6 ranges that carry an IPv4 address: the IPv4 inside must be public too (else 2002:7f00:1::1,
# the 6to4 form of 127.0.0.1, would pass as a global IPv6 address)
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")              # RFC 6052: last 32 bits
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")           # deprecated ::a.b.c.d
NEVER_PUBLIC = (ipaddress.IPv6Network("64:ff9b:1::/48"),   # RFC 8215 local-use NAT64
                ipaddress.IPv6Network("2001::/32"))        # Teredo: a tunnel to any IPv4 host


def embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 addresses an IPv6 address stands for: IPv4-mapped, 6to4, Teredo, NAT64."""
    if ip.ipv4_mapped is not None:
        return (ip.ipv4_mapped,)
    if ip.sixtofour is not None:
        return (ip.sixtofour,)
    if ip.teredo is not None:
        return ip.teredo
    if ip in NAT64 or ip in IPV4_COMPATIBLE:
        return (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF),)
    return ()


def _globally_routable(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified or not ip.is_global)


def is_public_address(address: str) -> bool:
    """Whether ``address`` is a globally routable unicast address, and so is every IPv4
    address embedded in it."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv4Address):
        return _globally_routable(ip)
    if any(ip in net for net in NEVER_PUBLIC):
        return False
    inner = embedded_ipv4(ip)
    if ip.ipv4_mapped is not None or ip in NAT64:  # a.b.c.d on the wire (NAT64: via the gateway)
        return _globally_routable(inner[0])
    return _globally_routable(ip) and all(_globally_routable(v4) for v4 in inner)


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


async def check_host(host: str, port: int, url: str, *, via_proxy: bool = False) -> None:
    """Raise PermanentFetchError when ``host`` resolves to any non-public address: the early
    check before every request and redirect hop. A direct connection goes through
    GuardedBackend, which checks again and connects to the address it checked. Through a proxy,
    a name that does not resolve here is left to the proxy (it may see another DNS)."""
    try:
        await public_addresses(host, port, url)
    except NetworkFetchError:
        if not via_proxy:
            raise


def environment_proxies() -> dict[str, str]:
    """``{"http": ..., "https": ...}`` from HTTP_PROXY, HTTPS_PROXY, ALL_PROXY (either case)."""
    env = urllib.request.getproxies_environment()
    return {scheme: env.get(scheme) or env["all"] for scheme in ("http", "https")
            if env.get(scheme) or env.get("all")}


def proxy_for(url: str, proxies: dict[str, str]) -> str | None:
    """The proxy to fetch ``url`` through, or None (no proxy for its scheme, or NO_PROXY)."""
    parts = urlsplit(url)
    proxy = proxies.get(parts.scheme)
    if proxy is None or urllib.request.proxy_bypass_environment(parts.hostname or ""):  # type: ignore[attr-defined]
        return None
    return proxy


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


class GuardedTransport(PooledTransport):
    """httpx's transport with its connection pool on a GuardedBackend."""

    def __init__(self, limits: httpx.Limits, ssl_context: ssl.SSLContext | None = None) -> None:
        super().__init__(limits, GuardedBackend(), ssl_context)

"""Refuse feed URLs that resolve to private, loopback or link-local addresses (SSRF guard)."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket

from monitor.errors import NetworkFetchError, PermanentFetchError

ALLOW_ENV = "DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS"


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


async def check_host(host: str, port: int, url: str) -> None:
    """Raise PermanentFetchError when ``host`` resolves to any non-public address.

    The check runs before every request and every redirect hop. (A DNS answer that changes
    between this check and the connection is not covered; run behind an egress firewall
    if that matters.)
    """
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise NetworkFetchError(f"cannot resolve {host}: {exc}", url=url) from exc
    for info in infos:
        address = str(info[4][0])
        if not is_public_address(address):
            raise PermanentFetchError(
                f"refused: {host} resolves to non-public address {address} "
                f"(set fetch.allow_private_networks or {ALLOW_ENV}=1 to allow)", url=url)

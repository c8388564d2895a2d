"""httpcore's network backend with a cheap "is the idle connection still usable" check.

httpcore's connection pool asks every idle connection ``has_expired()`` each time it hands a
request out (and again when a response is closed); for HTTP/1.1 that is
``get_extra_info("is_readable")``, which anyio answers by building the socket's whole attribute
dict (``getpeername`` and more) to find the raw socket, then polling it. With 32 connections that
was about 60% of the CPU of fetching 2,000 feeds (1,800 of them 304s): 1.2 M calls for 2,000
requests. The streams here keep their socket from the start and poll it directly, as httpcore does.
"""

from __future__ import annotations

import select
import socket
import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

# httpcore's socket option type (setsockopt arguments)
SOCKET_OPTION = tuple[int, int, int] | tuple[int, int, bytes | bytearray] | tuple[int, int, None, int]


def socket_readable(sock: socket.socket | None) -> bool:
    """Whether ``sock`` has something to read (or is closed): on an idle HTTP/1.1 connection
    that means the server closed it or sent something unasked, so it must not be reused."""
    if sock is None:
        return True
    fd = sock.fileno()
    if fd == -1:
        return True
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class SocketCachingStream(httpcore.AsyncNetworkStream):
    """A stream of the inner backend that knows its raw socket (taken once, when connected)."""

    __slots__ = ("_inner", "_sock")

    def __init__(self, inner: httpcore.AsyncNetworkStream, sock: socket.socket | None = None) -> None:
        self._inner = inner
        self._sock: socket.socket | None = sock if sock is not None else inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        tls = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        return SocketCachingStream(tls, self._sock)   # TLS runs over the same socket

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return socket_readable(self._sock)
        if info == "socket":
            return self._sock
        return self._inner.get_extra_info(info)


class SocketCachingBackend(httpcore.AsyncNetworkBackend):
    """Wraps another backend (anyio's, or the SSRF guard's) so its streams are SocketCachingStreams."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: Iterable[SOCKET_OPTION] | None = None) -> httpcore.AsyncNetworkStream:
        return SocketCachingStream(await self._inner.connect_tcp(host, port, timeout, local_address, socket_options))

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: Iterable[SOCKET_OPTION] | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        return SocketCachingStream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class PooledTransport(httpx.AsyncHTTPTransport):
    """httpx's transport with its connection pool on ``backend`` (AsyncHTTPTransport takes no
    network backend, so its pool is rebuilt with the same settings)."""

    def __init__(self, limits: httpx.Limits, backend: httpcore.AsyncNetworkBackend,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        ssl_context = ssl_context or httpx.create_ssl_context()   # about 20 ms: share one when you can
        super().__init__(limits=limits, verify=ssl_context)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context, max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry, network_backend=SocketCachingBackend(backend))

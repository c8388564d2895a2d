"""The console's HTTP server: its address and logins from the config, and uvicorn in a thread of its own
(``console.in_daemon``: ``run`` serves the console next to the poll loop without sharing its event loop)."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime

import uvicorn
from sqlalchemy.orm import Session, sessionmaker

from monitor.config.load import locate_key
from monitor.config.model import Config
from monitor.console.app import console_of, create_console, utc_now
from monitor.console.security import Auth, auth_from
from monitor.errors import ConfigError, MonitorError

log = logging.getLogger(__name__)
LOOPBACK = ("127.0.0.1", "::1", "localhost")
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10


class ConsoleServerError(MonitorError):
    """The console cannot listen on its address, or did not start."""


def split_listen(listen: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:8080`` too); ValueError on anything else."""
    host, sep, port = listen.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"expected host:port, got {listen!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


def console_address(config: Config, listen: str | None = None) -> tuple[str, int]:
    """``listen`` (``serve --listen``), else ``console.listen``, as (host, port); a ConfigError names the key."""
    try:
        return split_listen(listen or config.console.listen)
    except ValueError as exc:
        raise ConfigError(str(exc), key="console.listen") from None


def console_auth(config: Config) -> Auth:
    """The console's logins; a ConfigError naming the file (and line) when there is none."""
    try:
        return auth_from(config.console)
    except ConfigError as exc:
        raise locate_key(config, exc, ("console",)) from None


def url_of(host: str, port: int) -> str:
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"


def _bind(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise ConsoleServerError(f"console cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise ConsoleServerError(f"console cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock


class ConsoleServer:
    """The console served by uvicorn on its own thread and event loop: a slow page never delays a poll
    cycle, and the daemon keeps its own signal handling (uvicorn installs none off the main thread).
    The address is bound in the constructor, so a port in use fails the daemon's start."""

    def __init__(self, config: Config, sessions: sessionmaker[Session], *,
                 now: Callable[[], datetime] = utc_now) -> None:
        self.host, self.port = console_address(config)
        auth = console_auth(config)
        self.app = create_console(config, sessions, auth, now=now)
        self._sock = _bind(self.host, self.port)
        # log_config=None: uvicorn's loggers go through the daemon's (JSON) logging, not a format of its own
        self._server = uvicorn.Server(uvicorn.Config(
            self.app, log_config=None, log_level="warning", access_log=False, lifespan="off",
            server_header=False, proxy_headers=False, timeout_graceful_shutdown=STOP_TIMEOUT))
        self._thread = threading.Thread(target=self._serve, name="console-http", daemon=True)
        self._error: BaseException | None = None

    def _serve(self) -> None:
        try:
            asyncio.run(self._server.serve(sockets=[self._sock]))
        except BaseException as exc:  # noqa: BLE001 - reported by start(); SystemExit from uvicorn too
            self._error = exc

    @property
    def url(self) -> str:
        return url_of(self.host, self.port)

    def start(self) -> None:
        """Serve; returns once the console answers (ConsoleServerError if it did not start)."""
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ConsoleServerError(f"console did not start on {self.url}: {self._error or 'timed out'}")
            time.sleep(0.02)
        if self.host not in LOOPBACK:
            log.warning("the console listens beyond this machine; put TLS in front of it", extra={"host": self.host})
        log.info("console listening", extra={"url": self.url})

    def problem(self) -> str | None:
        """Why the console no longer serves (its thread ended), or None while it does."""
        if self._thread.is_alive():
            return None
        return f"console on {self.url} stopped serving: {self._error or 'its server thread ended'}"

    def reload(self, config: Config) -> None:
        """Pages use ``config`` from now on (denials, page size); address and logins stay until a restart."""
        console = console_of(self.app)
        console.config = config          # one attribute swap: a request sees the old config or the new
        console.clear_cache()

    def stop(self) -> None:
        """Stop accepting, let open requests finish (up to STOP_TIMEOUT), close the socket."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(STOP_TIMEOUT)
            if self._thread.is_alive():
                self._server.force_exit = True
                self._thread.join(STOP_TIMEOUT)
        self._sock.close()

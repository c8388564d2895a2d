"""Real HTTP servers on 127.0.0.1 for tests: a feed server and a webhook receiver."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0               # seconds before the answer (a slow server)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float = field(default_factory=time.monotonic)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _respond(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        req = Request(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        with self.server.lock:
            self.server.requests.append(req)
            route = self.server.route_for(req)
        if route.delay:
            time.sleep(route.delay)
        self.send_response(route.status)
        for k, v in route.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        self.wfile.write(route.body)

    do_GET = do_POST = _respond


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.requests: list[Request] = []
        self.routes: dict[str, Route] = {}
        self.default = Route(status=404, body=b"not found")

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):   # a client that gave up is no error
            super().handle_error(request, client_address)

    def route_for(self, req: Request) -> Route:
        return self.routes.get(req.path.split("?")[0], self.default)


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 with settable routes; records every request."""

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def set(self, path: str, status: int = 200, body: bytes | str = b"",
            headers: dict[str, str] | None = None, delay: float = 0.0) -> None:
        data = body.encode() if isinstance(body, str) else body
        with self._server.lock:
            self._server.routes[path] = Route(status, data, headers or {}, delay)

    def set_default(self, status: int, body: bytes | str = b"", delay: float = 0.0) -> None:
        data = body.encode() if isinstance(body, str) else body
        with self._server.lock:
            self._server.default = Route(status, data, {}, delay)

    @property
    def requests(self) -> list[Request]:
        with self._server.lock:
            return list(self._server.requests)

    def posts(self, path: str | None = None) -> list[Request]:
        return [r for r in self.requests if r.method == "POST" and (path is None or r.path == path)]

    def start(self) -> LoopbackServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def loopback_server() -> Iterator[LoopbackServer]:
    server = LoopbackServer().start()
    try:
        yield server
    finally:
        server.stop()


def rss(items: list[dict[str, str]], *, title: str = "Test feed") -> str:
    """An RSS 2.0 document; each item dict has guid, title, description, optional link/pubDate."""
    parts = []
    for it in items:
        pub = it.get("pubDate") or format_datetime(datetime(2021, 2, 19, 12, 0), usegmt=False)
        parts.append(
            "<item>"
            f"<guid>{escape(it['guid'])}</guid><title>{escape(it['title'])}</title>"
            f"<link>{escape(it.get('link', 'https://news.invalid/' + it['guid']))}</link>"
            f"<description>{escape(it['description'])}</description><pubDate>{pub}</pubDate>"
            "</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>https://news.invalid/</link>"
            f"<description>test</description>{''.join(parts)}</channel></rss>")

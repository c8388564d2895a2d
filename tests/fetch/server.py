"""A feed server on 127.0.0.1 that misbehaves on purpose, one behaviour per path."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Behaviour = Callable[["_Handler", int], Reply | None]   # (request, nth request to the path) -> reply


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.counts[path] = n = self.server.counts.get(path, 0) + 1
            self.server.seen_headers.append((path, {k.lower(): v for k, v in self.headers.items()}))
            behaviour = self.server.behaviours.get(path)
        reply = behaviour(self, n) if behaviour else Reply(404, b"not found")
        if reply is None:  # the behaviour wrote the response itself
            return
        try:
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.behaviours: dict[str, Behaviour] = {}
        self.counts: dict[str, int] = {}
        self.seen_headers: list[tuple[str, dict[str, str]]] = []


class MisbehavingServer:
    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> MisbehavingServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def on(self, path: str, behaviour: Behaviour) -> str:
        with self._server.lock:
            self._server.behaviours[path] = behaviour
        return self.url(path)

    def serve(self, path: str, body: bytes | str, status: int = 200, headers: dict[str, str] | None = None) -> str:
        data = body.encode() if isinstance(body, str) else body
        return self.on(path, lambda _h, _n: Reply(status, data, dict(headers or {})))

    def count(self, path: str) -> int:
        with self._server.lock:
            return self._server.counts.get(path, 0)

    def headers_of(self, path: str) -> list[dict[str, str]]:
        with self._server.lock:
            return [h for p, h in self._server.seen_headers if p == path]


def rss(items: list[tuple[str, str, str]], *, title: str = "Feed", ttl: int | None = None,
        link_base: str = "https://news.invalid/") -> str:
    """RSS 2.0 with (guid, title, description) items; links are link_base + guid."""
    body = "".join(f"<item><guid isPermaLink=\"false\">{escape(g)}</guid><title>{escape(t)}</title>"
                   f"<link>{escape(link_base + g)}</link><description>{escape(d)}</description></item>"
                   for g, t, d in items)
    ttl_el = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(title)}'
            f"</title><link>https://news.invalid/</link>{ttl_el}{body}</channel></rss>")


def sleep_then(seconds: float, reply: Reply) -> Behaviour:
    def behave(_h: _Handler, _n: int) -> Reply:
        time.sleep(seconds)
        return reply
    return behave

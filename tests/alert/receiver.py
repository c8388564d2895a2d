"""A scriptable webhook receiver on 127.0.0.1: answers, fails, hangs or rate-limits on demand."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


Answer = tuple[int, str, dict[str, str]]           # status, body, headers; status 0 = hang
Behaviour = Callable[[Received], Answer]


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if len(body) < length:              # the sender died mid-request: no server acts on half a body
            return
        req = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        with self.server.lock:
            behaviour = self.server.behaviour
        status, body, headers = behaviour(req)
        if status == 0:                     # hang past any client timeout
            time.sleep(self.server.hang_seconds)
            return
        with self.server.lock:
            self.server.received.append(req)
            if 200 <= status < 300:
                self.server.accepted.append(req)
        data = body.encode()
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        try:
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass                            # the sender was killed while waiting for the answer


class Receiver(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.behaviour: Behaviour = lambda r: (200, "ok", {})
        self.received: list[Received] = []   # answered requests
        self.accepted: list[Received] = []   # answered 2xx
        self.hang_seconds = 3.0

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def answer(self, status: int, body: str = "", headers: dict[str, str] | None = None) -> None:
        with self.lock:
            self.behaviour = lambda r: (status, body, headers or {})

    def script(self, behaviour: Behaviour) -> None:
        with self.lock:
            self.behaviour = behaviour


@contextmanager
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()

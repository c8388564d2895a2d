"""The operators' HTTP server: /healthz, /readyz, /metrics; 404 elsewhere; optional bearer token."""

from __future__ import annotations

import hmac
import json
import logging
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from monitor.errors import MonitorError
from monitor.ops.health import Readiness

log = logging.getLogger(__name__)
OPEN_PATHS = ("/healthz",)          # liveness needs no token: it tells nothing
IDLE_TIMEOUT = 10.0                 # seconds a client may take to send its request


class ServerError(MonitorError):
    """The operators' HTTP server cannot listen on its address."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Through logging, never the stdlib's traceback printed on stderr (log lines are structured)."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):     # the client went away: routine
            log.debug("http client went away", extra={"error": type(exc).__name__})
        else:
            log.exception("http request failed")


class OpsServer:
    """A small threaded server; ``check`` computes readiness on each /readyz request."""

    def __init__(self, host: str, port: int, check: Callable[[], Readiness], token: str | None = None,
                 idle_timeout: float = IDLE_TIMEOUT) -> None:
        handler = _handler(check, token, idle_timeout)
        try:
            self._server = _Server((host, port), handler)
        except OSError as exc:
            raise ServerError(f"operators' HTTP server cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
        self._thread = threading.Thread(target=self._server.serve_forever, name="ops-http", daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def start(self) -> None:
        self._thread.start()
        host, port = self.address
        log.info("operators' HTTP server listening", extra={"url": f"http://{host}:{port}",
                                                           "paths": "/healthz /readyz /metrics"})

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()


def _handler(check: Callable[[], Readiness], token: str | None, idle_timeout: float) -> type[BaseHTTPRequestHandler]:
    expected = f"Bearer {token}".encode() if token else None

    class Handler(BaseHTTPRequestHandler):
        server_version = "disinfo-monitor"
        sys_version = ""
        timeout = idle_timeout          # a client that never finishes its request is dropped

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
            log.debug("http %s", format % args)

        def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _authorized(self, path: str) -> bool:
            if expected is None or path in OPEN_PATHS:
                return True
            given = (self.headers.get("Authorization") or "").encode("latin-1", "replace")
            return hmac.compare_digest(given, expected)

        def do_GET(self) -> None:  # noqa: N802 - stdlib's name
            path = self.path.split("?", 1)[0]
            if path not in ("/healthz", "/readyz", "/metrics"):
                self._send(404, b"not found\n")
            elif not self._authorized(path):
                self._send(401, b"unauthorized\n", headers={"WWW-Authenticate": 'Bearer realm="disinfo-monitor"'})
            elif path == "/healthz":
                self._send(200, b"ok\n")
            elif path == "/readyz":
                try:
                    state = check()
                except Exception as exc:  # noqa: BLE001 - a failing check is 'not ready', never a crash
                    log.exception("readiness check failed")
                    self._send(503, json.dumps({"ready": False, "reasons": [type(exc).__name__]}).encode(),
                               "application/json")
                    return
                self._send(200 if state.ready else 503, json.dumps(state.to_json()).encode(), "application/json")
            else:
                self._send(200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST)

        do_HEAD = do_GET  # noqa: N815 - stdlib's name

        def _not_allowed(self) -> None:
            self._send(405, b"method not allowed\n", headers={"Allow": "GET, HEAD"})

        do_POST = do_PUT = do_DELETE = do_PATCH = _not_allowed  # noqa: N815 - stdlib's names

    return Handler

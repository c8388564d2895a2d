"""The operators' HTTP server on 127.0.0.1: three paths, 404 elsewhere, an optional bearer token."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

import monitor.ops.metrics  # noqa: F401 - registers the families /metrics serves
from monitor.config.ops import HttpConfig, parse_listen
from monitor.ops.health import Readiness
from monitor.ops.http import OpsServer, ServerError

TOKEN = "t0ken-0123456789abcdef"


class Check:
    def __init__(self) -> None:
        self.ready = True

    def __call__(self) -> Readiness:
        return Readiness(self.ready, () if self.ready else ("database unreachable: X",), 1.0, 1.0, 180)


@pytest.fixture
def check() -> Check:
    return Check()


@pytest.fixture(params=[None, TOKEN], ids=["open", "token"])
def server(request: pytest.FixtureRequest, check: Check) -> Iterator[tuple[str, str | None]]:
    srv = OpsServer("127.0.0.1", 0, check, request.param)
    srv.start()
    host, port = srv.address
    try:
        yield f"http://{host}:{port}", request.param
    finally:
        srv.stop()


def get(url: str, token: str | None, method: str = "GET") -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.request(method, url, headers=headers, timeout=10)


def test_paths(server: tuple[str, str | None], check: Check) -> None:
    base, token = server
    assert get(f"{base}/healthz", None).text == "ok\n"
    ready = get(f"{base}/readyz", token)
    assert ready.status_code == 200 and ready.json()["ready"] is True
    check.ready = False
    not_ready = get(f"{base}/readyz", token)
    assert not_ready.status_code == 503 and not_ready.json()["reasons"] == ["database unreachable: X"]
    scrape = get(f"{base}/metrics", token)
    assert scrape.status_code == 200 and scrape.headers["content-type"].startswith("text/plain")
    names = {f.name for f in text_string_to_metric_families(scrape.text)}
    assert {"disinfo_monitor_poll_cycles", "disinfo_monitor_feeds", "disinfo_monitor_hits"} <= names
    for path in ("/", "/metricsx", "/healthz/", "/%2e%2e/metrics", "/favicon.ico"):
        assert get(f"{base}{path}", token).status_code == 404, path
    assert get(f"{base}/metrics", token, "POST").status_code == 405
    assert get(f"{base}/metrics", token, "HEAD").status_code == 200


def test_the_token_guards_readyz_and_metrics(check: Check) -> None:
    srv = OpsServer("127.0.0.1", 0, check, TOKEN)
    srv.start()
    base, token = f"http://127.0.0.1:{srv.address[1]}", TOKEN
    try:
        _token_checks(base, token)
    finally:
        srv.stop()


def _token_checks(base: str, token: str) -> None:
    for path in ("/readyz", "/metrics"):
        assert get(f"{base}{path}", None).status_code == 401
        assert get(f"{base}{path}", "wrong").status_code == 401
        assert get(f"{base}{path}", token + "x").status_code == 401
    assert get(f"{base}/healthz", None).status_code == 200


def test_a_busy_port_is_a_clear_error(check: Check) -> None:
    first = OpsServer("127.0.0.1", 0, check)
    try:
        with pytest.raises(ServerError, match=f"cannot listen on 127.0.0.1:{first.address[1]}"):
            OpsServer("127.0.0.1", first.address[1], check)
    finally:
        first.stop()


@pytest.mark.parametrize(("listen", "address"), [
    ("9464", ("127.0.0.1", 9464)), (":9464", ("127.0.0.1", 9464)), ("0.0.0.0:80", ("0.0.0.0", 80)),
    ("[::1]:9464", ("::1", 9464)), ("localhost:9", ("localhost", 9))])
def test_listen_defaults_to_loopback(listen: str, address: tuple[str, int]) -> None:
    assert parse_listen(listen) == address
    assert HttpConfig(listen=listen).address() == address


@pytest.mark.parametrize("listen", ["0", "70000", "host:", "a b:1", "http://x:1"])
def test_bad_listen(listen: str) -> None:
    with pytest.raises(ValueError):
        parse_listen(listen)


def test_an_idle_client_is_dropped(check: Check) -> None:
    """A connection that never finishes its request does not hold a server thread for ever."""
    import socket

    srv = OpsServer("127.0.0.1", 0, check, idle_timeout=0.5)
    srv.start()
    try:
        with socket.create_connection(srv.address, timeout=5) as idle:
            idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")          # and nothing more
            assert httpx.get(f"http://{srv.address[0]}:{srv.address[1]}/healthz", timeout=5).status_code == 200
            idle.settimeout(5)
            assert idle.recv(100) == b""                                  # closed by the server
    finally:
        srv.stop()


def test_a_client_that_goes_away_leaves_no_traceback_on_stderr(check: Check, capfd: pytest.CaptureFixture[str]) -> None:
    """Log lines are structured (JSON in the image): the stdlib server's own traceback printer is not used."""
    import socket
    import struct
    import time

    srv = OpsServer("127.0.0.1", 0, check)
    srv.start()
    try:
        for _ in range(20):
            with socket.create_connection(srv.address, timeout=5) as gone:
                gone.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")    # then a reset, no end of headers
                gone.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        time.sleep(1)
        assert httpx.get(f"http://{srv.address[0]}:{srv.address[1]}/healthz", timeout=5).status_code == 200
    finally:
        srv.stop()
    assert "Traceback" not in capfd.readouterr().err

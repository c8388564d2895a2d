"""Fetching is guarded everywhere: test-rule --url, redirects to private addresses, file: feeds
(opt-in, regular files, within the deadline), the proxy from the environment."""

from __future__ import annotations

import asyncio
import logging
import os
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config.load import embedded_default_text
from monitor.errors import NetworkFetchError, PermanentFetchError
from monitor.fetch import Fetcher, FetchLimits
from monitor.fetch import guard as guard_module
from monitor.pipeline.poll import poll_feeds
from tests.fetch.server import MisbehavingServer, Reply, rss

PAGE = ("<html><head><title>Sugovushan talks</title><script>var secret = 1;</script></head><body>"
        "<p>Abazyan, Muradov and Naghiyev held secret talks in Sugovushan, channels claim.</p></body></html>")
_real_public_addresses = guard_module.public_addresses


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard on (the test suite turns it off), with ``public.test`` a public name that
    happens to reach the loopback test server, as a hostile DNS answer would."""
    monkeypatch.delenv("DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS")

    async def addresses(host: str, port: int, url: str) -> list[str]:
        if host == "public.test":
            return ["127.0.0.1"]
        if host.endswith(".unresolvable.test"):
            raise NetworkFetchError(f"cannot resolve {host}", url=url)
        return await _real_public_addresses(host, port, url)

    monkeypatch.setattr(guard_module, "public_addresses", addresses)


def _config(tmp_path: Path, fetch: str = "") -> str:
    text = embedded_default_text().replace("fetch:\n", f"fetch:\n{fetch}", 1)
    path = tmp_path / "monitor.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _public(server: MisbehavingServer, path: str) -> str:
    return server.url(path).replace("127.0.0.1", "public.test")


def test_test_rule_url_refuses_a_redirect_to_a_private_address(
        guarded: None, server: MisbehavingServer, tmp_path: Path) -> None:
    secret = server.serve("/latest/meta-data", "iam-credentials")
    server.on("/page", lambda h, n: Reply(302, b"", {"Location": secret}))
    result = CliRunner().invoke(main, ["test-rule", "sugovushan-meeting", "--config", _config(tmp_path),
                                       "--url", _public(server, "/page")])
    assert result.exit_code == 1, result.output
    assert "non-public address 127.0.0.1" in result.output
    assert server.count("/page") == 1 and server.count("/latest/meta-data") == 0


def test_test_rule_url_refuses_private_literals_and_other_schemes(guarded: None, tmp_path: Path) -> None:
    for url in ("http://169.254.169.254/latest/meta-data", "file:///etc/passwd", "gopher://x.org/"):
        result = CliRunner().invoke(main, ["test-rule", "sugovushan-meeting", "--config", _config(tmp_path),
                                           "--url", url])
        assert result.exit_code == 2 and "--url" in result.output, (url, result.output)


def test_test_rule_url_caps_the_page_size(server: MisbehavingServer, tmp_path: Path) -> None:
    url = server.serve("/big", PAGE + "<p>x</p>" * 2000)
    result = CliRunner().invoke(main, ["test-rule", "sugovushan-meeting", "--config",
                                       _config(tmp_path, "  max_body_bytes: 4096\n"), "--url", url])
    assert result.exit_code == 1 and "exceeds 4096 bytes" in result.output


def test_test_rule_url_explains_the_visible_text(server: MisbehavingServer, tmp_path: Path) -> None:
    url = server.serve("/page", PAGE, headers={"Content-Type": "text/html"})
    result = CliRunner().invoke(main, ["test-rule", "sugovushan-meeting", "--config", _config(tmp_path),
                                       "--url", url])
    assert result.exit_code == 0, result.output
    assert "contradict" in result.output and "var secret" not in result.output


def test_file_feeds_are_off_unless_switched_on(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss([("1", "t", "d")]), encoding="utf-8")
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"database:\n  url: sqlite:///{tmp_path}/m.db\nfeeds:\n  - url: {feed.as_uri()}\n",
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["check-config", str(cfg)])
    assert result.exit_code == 2 and "fetch.allow_file_urls" in result.output
    cfg.write_text(cfg.read_text() + "fetch:\n  allow_file_urls: true\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["check-config", str(cfg)]).exit_code == 0
    assert CliRunner().invoke(main, ["check-config"]).exit_code == 0     # the embedded demo keeps it


def test_a_fifo_feed_costs_its_own_feed_only(tmp_path: Path, make_app: Any, server: MisbehavingServer) -> None:
    fifo = tmp_path / "feed.fifo"
    os.mkfifo(fifo)
    good = server.serve("/good", rss([("1", "Harvest", "A good harvest.")]))
    # hanging on the FIFO would last the whole deadline: a long one leaves room for a loaded machine
    app = make_app([fifo.as_uri(), "file:///proc/self/environ", good],
                   fetch={"allow_file_urls": True, "deadline": 30})
    started = time.monotonic()
    report = asyncio.run(poll_feeds(app, force=True))
    assert time.monotonic() - started < 10
    assert report.failed == 2 and report.new_items == 1
    errors = dict(report.errors)
    assert "not a regular file" in errors[fifo.as_uri()]
    assert "system path" in errors["file:///proc/self/environ"]


def _fetch(url: str) -> bytes | None:
    async def go() -> bytes | None:
        async with Fetcher(FetchLimits(connect_timeout=1, read_timeout=1, deadline=3)) as f:
            return (await f.fetch(url)).body
    return asyncio.run(go())


def test_the_proxy_from_the_environment_is_used_with_the_guard_on(
        guarded: None, server: MisbehavingServer, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    """The operator's proxy (on a private address) is used; target hosts are still checked;
    NO_PROXY hosts go direct through the guarded connection."""
    monkeypatch.setenv("HTTP_PROXY", server.url("").replace("http://", "http://proxyuser:proxy-pw-7@"))
    monkeypatch.setenv("NO_PROXY", "public.test")
    monkeypatch.delenv("no_proxy", raising=False)
    caplog.set_level(logging.INFO)
    server.serve("http://feeds.unresolvable.test/rss", "<rss/>")
    assert _fetch("http://feeds.unresolvable.test/rss") == b"<rss/>"
    assert server.count("http://feeds.unresolvable.test/rss") == 1       # through the proxy
    assert "through the proxy" in caplog.text and "proxy-pw-7" not in caplog.text
    server.serve("/direct", "<rss>direct</rss>")
    assert _fetch(_public(server, "/direct")) == b"<rss>direct</rss>"    # NO_PROXY: direct
    assert server.count("/direct") == 1
    for private in ("http://127.0.0.1:8080/rss", "http://10.1.2.3/rss", "http://[2002:7f00:1::1]/rss"):
        with pytest.raises(PermanentFetchError, match="non-public address"):
            _fetch(private)
    assert sum(server.count(p) for p in ("http://127.0.0.1:8080/rss", "http://10.1.2.3/rss")) == 0


def test_an_unusable_proxy_fails_each_fetch_with_its_reason(guarded: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", "ftp://proxyuser:proxy-pw-8@127.0.0.1:2121")
    with pytest.raises(PermanentFetchError, match="proxy from the environment cannot be used") as info:
        _fetch("http://feeds.unresolvable.test/rss")
    assert "proxy-pw-8" not in str(info.value)

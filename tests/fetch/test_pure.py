"""Table tests of the pure cores: schedule decisions, canonical URLs, dedup keys, decoding limits."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime, timedelta

import brotli
import pytest

from monitor.dedup.keys import canonical_url, content_hash, dedup_key
from monitor.dedup.near import signature, similarity
from monitor.errors import PermanentFetchError
from monitor.fetch.decode import LimitedDecoder, TooLarge
from monitor.fetch.guard import is_public_address
from monitor.schedule import (
    Policy,
    backoff_delay,
    cache_lifetime,
    effective_interval,
    feed_health,
    next_poll_after_failure,
    parse_retry_after,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
P = Policy(interval=900, min_interval=120, max_interval=6 * 3600, jitter=0.0, max_backoff=86400, broken_after=3)


@pytest.mark.parametrize(("value", "expected"), [
    ("120", 120.0), (" 5 ", 5.0), ("Mon, 23 Nov 2026 12:10:00 GMT", 600.0),
    ("Mon, 23 Nov 2026 11:00:00 GMT", 0.0), ("soon", None), ("", None), (None, None), ("-5", None)])
def test_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


@pytest.mark.parametrize(("headers", "expected"), [
    ({"cache-control": "public, max-age=3600"}, 3600.0), ({"cache-control": "s-maxage=60"}, 60.0),
    ({"cache-control": "no-cache"}, None), ({"expires": "Mon, 23 Nov 2026 13:00:00 GMT"}, 3600.0),
    ({"expires": "0"}, None), ({}, None),
    ({"cache-control": "max-age=10", "expires": "Mon, 23 Nov 2026 13:00:00 GMT"}, 10.0)])
def test_cache_lifetime(headers: dict[str, str], expected: float | None) -> None:
    assert cache_lifetime(headers, NOW) == expected


@pytest.mark.parametrize(("own", "hint", "expected"), [
    (None, None, 900), (300, None, 300), (None, 3600, 3600), (300, 60, 300), (10, None, 120),
    (None, 86400, 6 * 3600)])
def test_effective_interval(own: float | None, hint: float | None, expected: float) -> None:
    assert effective_interval(P, own, hint) == expected


@pytest.mark.parametrize(("streak", "expected"), [(1, 900), (2, 1800), (3, 3600), (8, 86400), (500, 86400)])
def test_backoff(streak: int, expected: float) -> None:
    assert backoff_delay(P, streak, 900) == expected


def test_backoff_jitter_stays_within_bounds() -> None:
    p = Policy(jitter=0.2, max_backoff=86400)
    assert backoff_delay(p, 1, 900, rand=lambda: 0.0) == pytest.approx(720)
    assert backoff_delay(p, 1, 900, rand=lambda: 0.9999) == pytest.approx(1080, rel=1e-3)


@pytest.mark.parametrize(("retry_after", "expected"), [(7200, 7200), (5, 120), (10**7, 86400), (None, 1800)])
def test_failure_next_poll(retry_after: float | None, expected: float) -> None:
    when = next_poll_after_failure(P, 2, 900, NOW, retry_after=retry_after)
    assert when - NOW == timedelta(seconds=expected)


@pytest.mark.parametrize(("streak", "health"), [(0, "ok"), (1, "degraded"), (2, "degraded"), (3, "broken")])
def test_health(streak: int, health: str) -> None:
    assert feed_health(streak, 3) == health


@pytest.mark.parametrize(("url", "canonical"), [
    ("https://www.Example.com/a/b/?utm_source=x&id=3&fbclid=y#top", "https://example.com/a/b?id=3"),
    ("http://example.com:80/a//b", "https://example.com/a/b"),
    ("https://example.com/?b=2&a=1", "https://example.com/?a=1&b=2"),
    ("https://example.com:8443/x", "https://example.com:8443/x"),
    ("mailto:x@y", None), ("", None), (None, None), ("https://[::1", None)])
def test_canonical_url(url: str | None, canonical: str | None) -> None:
    assert canonical_url(url) == canonical


def test_dedup_keys_layer_guid_link_content() -> None:
    h = content_hash("T", "x")
    assert dedup_key("g", "l", h).startswith("g:") and dedup_key(None, "l", h).startswith("l:")
    assert dedup_key(None, None, h) == "c:" + h[:40]
    assert content_hash("Title", "Some  TEXT") == content_hash("title", "some text")


def test_near_duplicates() -> None:
    base = "Three security chiefs met in Sugovushan on Thursday according to several channels citing sources"
    a, b = signature("Met", base), signature("Met", base + " and officials")
    c = signature("Other", "Farmers in Ganja reported a good harvest of pomegranates this year again and more")
    assert a and b and c
    assert similarity(a, b) >= 0.6 > similarity(a, c)
    assert signature("short", "too short") is None


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_decoder_limits_decompressed_size(encoding: str) -> None:
    data = b"a" * (5 * 1024 * 1024)
    packed = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}[encoding](data)
    ok = LimitedDecoder(encoding, len(data), "u")
    assert ok.feed(packed) + ok.flush() == data
    small = LimitedDecoder(encoding, 1024 * 1024, "u")
    with pytest.raises(TooLarge):
        small.feed(packed)
        small.flush()
    with pytest.raises(PermanentFetchError):
        LimitedDecoder("zstd-x", 10, "u")


@pytest.mark.parametrize(("address", "public"), [
    ("127.0.0.1", False), ("10.1.2.3", False), ("169.254.1.1", False), ("::1", False), ("fe80::1", False),
    ("::ffff:192.168.1.1", False), ("0.0.0.0", False), ("93.184.216.34", True), ("2606:4700::1111", True)])
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


@pytest.mark.parametrize(("idle", "expected"), [(0, 900), (5, 900), (6, 1800), (12, 3600), (100, 3600)])
def test_quiet_feeds_slow_down_at_most_fourfold(idle: int, expected: float) -> None:
    assert effective_interval(P, None, None, idle) == expected
    assert effective_interval(P, 10_000, None, idle) == min(6 * 3600, 10_000 * expected / 900)

"""Config schema of feeds and of fetching."""

from __future__ import annotations

import re
from datetime import timedelta

from pydantic import Field, field_validator, model_validator

from monitor.config.base import Name, Period, Strict, Timeout

FEED_SCHEMES = ("http://", "https://", "file:")
_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$")   # an HTTP header name (RFC 9110 token)
# headers a feed may not set: the client and the connection own them (auth goes in `auth`)
RESERVED_HEADERS = frozenset({"host", "content-length", "transfer-encoding", "connection", "te",
                              "upgrade", "proxy-authorization", "authorization", "cookie2",
                              "if-none-match", "if-modified-since", "accept-encoding"})


def check_header(name: str, value: str) -> None:
    """ValueError unless ``name: value`` is a header a feed may send."""
    if not _TOKEN.match(name):
        raise ValueError(f"invalid header name {name!r}")
    if name.lower() in RESERVED_HEADERS:
        raise ValueError(f"header {name!r} cannot be set per feed"
                         + (" (use auth: for basic auth)" if name.lower() == "authorization" else ""))
    if len(value) > 4096 or any(not (0x20 <= ord(c) < 0x7F or c == "\t") for c in value):
        raise ValueError(f"header {name!r}: the value must be printable ASCII, at most 4096 characters")


def check_feed_scheme(url: str) -> str:
    """ValueError unless ``url`` starts with http://, https:// or file: (a file feed also needs
    fetch.allow_file_urls)."""
    url = url.strip()
    if not url.lower().startswith(FEED_SCHEMES):
        raise ValueError("a feed URL starts with http://, https:// or file:")
    return url


class FeedAuth(Strict):
    """HTTP basic auth of one feed, kept apart from its URL (never shown)."""

    username: str = Field(min_length=1, max_length=256)
    password: str = Field(default="", max_length=1024, repr=False)


class FeedConfig(Strict):
    """One feed to poll."""

    url: str = Field(min_length=1)
    name: Name | None = None
    interval: Period | None = None         # default: fetch.interval
    category: str | None = Field(default=None, max_length=256)   # OPML category
    headers: dict[str, str] = Field(default_factory=dict)        # extra request headers
    auth: FeedAuth | None = None
    user_agent: str | None = Field(default=None, max_length=512)

    @field_validator("url")
    @classmethod
    def _scheme(cls, value: str) -> str:
        return check_feed_scheme(value)

    @field_validator("headers")
    @classmethod
    def _headers(cls, value: dict[str, str]) -> dict[str, str]:
        for name, header in value.items():
            check_header(name, header)
        return value

    @field_validator("user_agent")
    @classmethod
    def _user_agent(cls, value: str | None) -> str | None:
        if value is not None:
            check_header("User-Agent", value)
        return value


class FetchConfig(Strict):
    """How feeds are polled (global settings)."""

    interval: Period = timedelta(minutes=15)
    min_interval: Period = timedelta(minutes=2)
    max_interval: Period = timedelta(hours=6)
    jitter: float = Field(default=0.1, ge=0.0, le=0.5)    # fraction of the interval
    max_backoff: Period = timedelta(hours=24)
    connect_timeout: Timeout = timedelta(seconds=10)
    read_timeout: Timeout = timedelta(seconds=30)
    deadline: Timeout = timedelta(seconds=60)
    max_body_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    max_redirects: int = Field(default=5, ge=0)
    concurrency: int = Field(default=32, gt=0)
    per_host_concurrency: int = Field(default=4, gt=0)
    broken_after: int = Field(default=10, gt=0)            # error streak that notifies the operator
    allow_private_networks: bool = False
    allow_file_urls: bool = False        # file: feeds (the embedded demo turns this on)
    lease: Period = timedelta(minutes=5)                   # a replica's claim on a feed it polls
    workers: int | None = Field(default=None, ge=0)        # parse/match processes; default: one per core
    user_agent: str | None = None

    @model_validator(mode="after")
    def _interval_bounds(self) -> FetchConfig:
        if self.min_interval > self.max_interval:
            raise ValueError("min_interval must not be longer than max_interval")
        return self

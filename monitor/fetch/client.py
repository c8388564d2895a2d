"""The feed fetcher: one shared httpx.AsyncClient, limits, conditional GET, manual redirects."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from monitor import __version__
from monitor.errors import FetchError, NetworkFetchError, PermanentFetchError, RetryableFetchError
from monitor.fetch.decode import LimitedDecoder, TooLarge
from monitor.fetch.guard import GuardedTransport, check_host, private_networks_allowed
from monitor.schedule.policy import parse_retry_after

USER_AGENT = f"disinfo-monitor/{__version__} (+https://github.com/disinfo-monitor/disinfo-monitor)"
ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
          "application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5")
PERMANENT_REDIRECTS = (301, 308)
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Timeouts (seconds), sizes and concurrency of fetching."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 60.0
    max_body_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    concurrency: int = 32
    per_host_concurrency: int = 4
    allow_private_networks: bool = False
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Conditional:
    """What we know from the last fetch: validators for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A fetched feed. ``body`` is None when the server answered 304 Not Modified."""

    url: str                           # the URL finally fetched
    status: int
    body: bytes | None
    headers: Mapping[str, str]         # lower-case names
    permanent_url: str | None = None   # where a 301/308 chain (only permanent hops) points

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def body_hash(self) -> str | None:
        return hashlib.sha256(self.body).hexdigest() if self.body is not None else None


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower()


class Fetcher:
    """Fetches feeds with global and per-host concurrency limits. Use as an async context manager."""

    def __init__(self, limits: FetchLimits, client: httpx.AsyncClient | None = None) -> None:
        self.limits = limits
        self._allow_private = private_networks_allowed(limits.allow_private_networks)
        self._own_client = client is None
        pool = httpx.Limits(max_connections=limits.concurrency, max_keepalive_connections=limits.concurrency)
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
            follow_redirects=False, headers={"User-Agent": limits.user_agent, "Accept": ACCEPT,
                                             "Accept-Encoding": "gzip, deflate, br"},
            limits=pool, transport=None if self._allow_private else GuardedTransport(pool))
        self._global = asyncio.Semaphore(limits.concurrency)
        self._per_host: dict[str, asyncio.Semaphore] = {}

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._own_client:
            await self._client.aclose()

    async def fetch(self, url: str, conditional: Conditional = Conditional()) -> FetchResult:
        """Fetch ``url`` within the deadline; raises a FetchError subclass on any failure."""
        if url.startswith("file:"):
            return await self._fetch_file(url)
        host = _host_key(url)
        sem = self._per_host.setdefault(host, asyncio.Semaphore(self.limits.per_host_concurrency))
        async with self._global, sem:
            try:
                async with asyncio.timeout(self.limits.deadline):
                    return await self._fetch_http(url, conditional)
            except TimeoutError as exc:
                raise NetworkFetchError(f"no complete answer within the {self.limits.deadline:g}s deadline",
                                        url=url) from exc

    async def _fetch_file(self, url: str) -> FetchResult:
        path = Path(unquote(urlsplit(url).path))
        limit = self.limits.max_body_bytes

        def read() -> bytes:
            with path.open("rb") as fh:
                data = fh.read(limit + 1)
            if len(data) > limit:
                raise TooLarge(f"file larger than {limit} bytes", url=url)
            return data

        try:
            body = await asyncio.to_thread(read)
        except OSError as exc:
            raise PermanentFetchError(f"cannot read file: {exc.strerror or exc}", url=url) from exc
        return FetchResult(url=url, status=200, body=body, headers={})

    async def _fetch_http(self, url: str, conditional: Conditional) -> FetchResult:
        current, permanent, seen = url, True, {url}
        for _hop in range(self.limits.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise PermanentFetchError(f"unsupported URL {current!r}", url=url)
            if not self._allow_private:
                await check_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), url)
            result = await self._request(current, conditional, url)
            if result.status not in REDIRECTS:
                moved = current if permanent and current != url else None
                return FetchResult(url=current, status=result.status, body=result.body,
                                   headers=result.headers, permanent_url=moved)
            location = result.headers.get("location")
            if not location:
                raise PermanentFetchError(f"redirect {result.status} without Location", url=url,
                                          status=result.status)
            permanent = permanent and result.status in PERMANENT_REDIRECTS
            current = urljoin(current, location.strip())
            if current in seen:
                raise PermanentFetchError(f"redirect loop at {current}", url=url, status=result.status)
            seen.add(current)
        raise PermanentFetchError(f"more than {self.limits.max_redirects} redirects", url=url)

    async def _request(self, target: str, conditional: Conditional, url: str) -> FetchResult:
        headers = {}
        if conditional.etag:
            headers["If-None-Match"] = conditional.etag
        if conditional.last_modified:
            headers["If-Modified-Since"] = conditional.last_modified
        try:
            async with self._client.stream("GET", target, headers=headers) as resp:
                lower = {k.lower(): v for k, v in resp.headers.items()}
                status = resp.status_code
                if status in REDIRECTS or status == 304:
                    return FetchResult(url=target, status=status, body=None, headers=lower)
                if status >= 400:
                    raise _status_error(status, lower, url)
                body = await self._read_body(resp, lower, url)
                return FetchResult(url=target, status=status, body=body, headers=lower)
        except FetchError:
            raise
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise NetworkFetchError(f"{type(exc).__name__}: {exc or 'no detail'}", url=url) from exc
        except httpx.HTTPError as exc:
            raise RetryableFetchError(f"{type(exc).__name__}: {exc}", url=url) from exc

    async def _read_body(self, resp: httpx.Response, headers: Mapping[str, str], url: str) -> bytes:
        limit = self.limits.max_body_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"Content-Length {declared} exceeds {limit} bytes", url=url)
        decoders = [LimitedDecoder(enc, limit, url)
                    for enc in reversed(headers.get("content-encoding", "").split(",")) if enc.strip()]
        raw_size, out = 0, bytearray()
        async for chunk in resp.aiter_raw():
            raw_size += len(chunk)
            if raw_size > limit:
                raise TooLarge(f"body larger than {limit} bytes", url=url)
            for dec in decoders:
                chunk = dec.feed(chunk)
            out += chunk
        for i, dec in enumerate(decoders):
            tail = dec.flush()
            for later in decoders[i + 1:]:
                tail = later.feed(tail)
            out += tail
        if len(out) > limit:
            raise TooLarge(f"body larger than {limit} bytes", url=url)
        return bytes(out)


def _status_error(status: int, headers: Mapping[str, str], url: str) -> FetchError:
    """429 and 5xx are worth retrying (with the server's Retry-After); other 4xx are permanent."""
    retry_after = None
    if status in (429, 503):
        retry_after = parse_retry_after(headers.get("retry-after"), datetime.now(UTC))
    message = f"HTTP {status}"
    if status == 429 or status >= 500:
        return RetryableFetchError(message, url=url, status=status, retry_after=retry_after)
    return PermanentFetchError(message, url=url, status=status)

"""The feed fetcher: one shared httpx.AsyncClient, limits, conditional GET, manual redirects."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from monitor import __version__
from monitor.config.feeds import FetchConfig
from monitor.errors import FetchError, NetworkFetchError, PermanentFetchError, RetryableFetchError
from monitor.fetch.backend import PooledTransport
from monitor.fetch.decode import LimitedDecoder, TooLarge
from monitor.fetch.guard import (
    GuardedTransport,
    check_host,
    environment_proxies,
    private_networks_allowed,
    proxy_for,
)
from monitor.fetch.local import read_file_url
from monitor.redact import hide_credentials, install_log_filter
from monitor.schedule.policy import parse_retry_after

USER_AGENT = f"disinfo-monitor/{__version__} (+https://github.com/disinfo-monitor/disinfo-monitor)"
ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
          "application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5")
PERMANENT_REDIRECTS = (301, 308)
REDIRECTS = (301, 302, 303, 307, 308)
log = logging.getLogger(__name__)
CONNECTIONS_PER_POOL = 4   # connections of each of the fetcher's pools (fetch.concurrency in all)
_proxies_logged: set[tuple[tuple[str, str], ...]] = set()
install_log_filter("httpx", "httpcore")  # httpx logs every request URL at INFO


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
    allow_file_urls: bool = False
    user_agent: str = USER_AGENT

    @classmethod
    def from_config(cls, cfg: FetchConfig, *, allow_file_urls: bool | None = None) -> FetchLimits:
        """The limits of the ``fetch:`` config section."""
        return cls(connect_timeout=cfg.connect_timeout.total_seconds(),
                   read_timeout=cfg.read_timeout.total_seconds(), deadline=cfg.deadline.total_seconds(),
                   max_body_bytes=cfg.max_body_bytes, max_redirects=cfg.max_redirects,
                   concurrency=cfg.concurrency, per_host_concurrency=cfg.per_host_concurrency,
                   allow_private_networks=cfg.allow_private_networks,
                   allow_file_urls=cfg.allow_file_urls if allow_file_urls is None else allow_file_urls,
                   user_agent=cfg.user_agent or USER_AGENT)


@dataclass(frozen=True, slots=True)
class RequestOptions:
    """A feed's own request settings. Headers and basic auth go to the feed's own origin only:
    a redirect to another scheme, host or port drops them."""

    headers: tuple[tuple[str, str], ...] = ()
    username: str | None = None
    password: str | None = None
    user_agent: str | None = None


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


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


def _http_client(limits: FetchLimits, pool: httpx.Limits, *, transport: httpx.AsyncBaseTransport | None = None,
                 mounts: dict[str, httpx.AsyncBaseTransport | None] | None = None,
                 trust_env: bool = True) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout), follow_redirects=False,
        headers={"User-Agent": limits.user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate, br"},
        limits=pool, transport=transport, mounts=mounts, trust_env=trust_env)


class Fetcher:
    """Fetches feeds with global and per-host concurrency limits. Use as an async context manager."""

    def __init__(self, limits: FetchLimits, client: httpx.AsyncClient | None = None) -> None:
        self.limits = limits
        self._allow_private = private_networks_allowed(limits.allow_private_networks)
        self._own_client = client is None
        # Several small connection pools instead of one of ``concurrency`` connections: httpcore's
        # pool looks at every connection it holds each time it hands out a request, so its cost per
        # request grows with its size (32 connections: 7.4 s of CPU for 2,000 feeds, 8: 4.5 s). Each
        # request takes the least busy pool; the pools are made as they are needed.
        self._shards = 1 if client is not None else -(-limits.concurrency // CONNECTIONS_PER_POOL)
        per_pool = -(-limits.concurrency // self._shards)
        self._pool_limits = httpx.Limits(max_connections=per_pool, max_keepalive_connections=per_pool)
        self._ssl_context: ssl.SSLContext | None = None
        # With the guard on, direct connections go through the guarded transport and
        # HTTP(S)_PROXY is honoured by a second client (NO_PROXY decides which one, per URL).
        # With the guard off, httpx reads the proxy variables itself.
        self._proxies = {} if self._allow_private or client is not None else environment_proxies()
        self._env_proxies = self._allow_private and client is None and bool(environment_proxies())
        self._clients: list[httpx.AsyncClient] = [client] if client is not None else [self._new_client()]
        self._busy = [0]
        self._proxied: httpx.AsyncClient | None = None
        self._proxy_error: str | None = None   # an unusable proxy fails each fetch, not the cycle
        pool = httpx.Limits(max_connections=limits.concurrency, max_keepalive_connections=limits.concurrency)
        try:
            self._proxied = _http_client(limits, pool, trust_env=False, mounts={
                f"{scheme}://": httpx.AsyncHTTPTransport(proxy=proxy, limits=pool)
                for scheme, proxy in self._proxies.items()}) if self._proxies else None
        except (ImportError, ValueError) as exc:
            self._proxy_error = f"the proxy from the environment cannot be used: {exc}"
        key = tuple(sorted(self._proxies.items()))
        if key and key not in _proxies_logged:
            _proxies_logged.add(key)
            log.info("fetching through the proxy from the environment (%s); target hosts are checked "
                     "here, the proxy resolves and connects them; NO_PROXY hosts are fetched directly",
                     ", ".join(f"{k}: {hide_credentials(v)}" for k, v in key))
        self._global = asyncio.Semaphore(limits.concurrency)
        self._per_host: dict[str, asyncio.Semaphore] = {}

    def _new_client(self) -> httpx.AsyncClient:
        if self._ssl_context is None:
            self._ssl_context = httpx.create_ssl_context()   # one for every pool: about 20 ms each
        if not self._allow_private:
            return _http_client(self.limits, self._pool_limits,
                                transport=GuardedTransport(self._pool_limits, self._ssl_context))
        if self._env_proxies:   # httpx reads HTTP(S)_PROXY and NO_PROXY only with its own transport
            return _http_client(self.limits, self._pool_limits)
        return _http_client(self.limits, self._pool_limits,
                            transport=PooledTransport(self._pool_limits, httpcore.AnyIOBackend(), self._ssl_context))

    def _take_client(self) -> int:
        """The least busy pool (a new one while the busy ones are full and there is room); within
        the global limit, none is ever asked for more connections than it has."""
        best = min(range(len(self._busy)), key=self._busy.__getitem__)
        if self._busy[best] and len(self._clients) < self._shards:
            self._clients.append(self._new_client())
            self._busy.append(0)
            best = len(self._clients) - 1
        self._busy[best] += 1
        return best

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._own_client:
            for client in self._clients:
                await client.aclose()
        if self._proxied is not None:
            await self._proxied.aclose()

    async def fetch(self, url: str, conditional: Conditional = Conditional(),
                    options: RequestOptions = RequestOptions()) -> FetchResult:
        """Fetch ``url`` within the deadline; raises a FetchError subclass on any failure."""
        if url[:5].lower() == "file:":
            body = await read_file_url(url, allowed=self.limits.allow_file_urls,
                                       limit=self.limits.max_body_bytes, deadline=self.limits.deadline)
            return FetchResult(url=url, status=200, body=body, headers={})
        host = _host_key(url)
        sem = self._per_host.setdefault(host, asyncio.Semaphore(self.limits.per_host_concurrency))
        async with self._global, sem:
            try:
                async with asyncio.timeout(self.limits.deadline):
                    return await self._fetch_http(url, conditional, options)
            except TimeoutError as exc:
                raise NetworkFetchError(f"no complete answer within the {self.limits.deadline:g}s deadline",
                                        url=url) from exc

    async def _fetch_http(self, url: str, conditional: Conditional, options: RequestOptions) -> FetchResult:
        current, permanent, seen = url, True, {url}
        for _hop in range(self.limits.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise PermanentFetchError(f"unsupported URL {current!r}", url=url)
            proxy = proxy_for(current, self._proxies)
            if not self._allow_private:
                await check_host(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80), url,
                                 via_proxy=proxy is not None)
            same_origin = _origin(current) == _origin(url)
            result = await self._request(current, conditional, url, options, same_origin, proxy is not None)
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

    async def _request(self, target: str, conditional: Conditional, url: str, options: RequestOptions,
                       same_origin: bool, proxied: bool) -> FetchResult:
        headers: dict[str, str] = dict(options.headers) if same_origin else {}
        auth = (httpx.BasicAuth(options.username, options.password or "")
                if same_origin and options.username is not None else None)
        if options.user_agent:
            headers["User-Agent"] = options.user_agent
        if conditional.etag:
            headers["If-None-Match"] = conditional.etag
        if conditional.last_modified:
            headers["If-Modified-Since"] = conditional.last_modified
        try:
            if proxied and self._proxied is None:
                raise PermanentFetchError(self._proxy_error or "no proxy client", url=url)
            if proxied and self._proxied is not None:
                return await self._send(self._proxied, target, headers, auth, url)
            shard = self._take_client()
            try:
                return await self._send(self._clients[shard], target, headers, auth, url)
            finally:
                self._busy[shard] -= 1
        except FetchError:
            raise
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise NetworkFetchError(f"{type(exc).__name__}: {exc or 'no detail'}", url=url) from exc
        except httpx.HTTPError as exc:
            raise RetryableFetchError(f"{type(exc).__name__}: {exc}", url=url) from exc

    async def _send(self, client: httpx.AsyncClient, target: str, headers: dict[str, str],
                    auth: httpx.BasicAuth | None, url: str) -> FetchResult:
        async with client.stream("GET", target, headers=headers, auth=auth) as resp:
            lower = {k.lower(): v for k, v in resp.headers.items()}
            status = resp.status_code
            if status == 304:   # no body by definition: reading it keeps the connection for the next feed
                await resp.aread()
            if status in REDIRECTS or status == 304:
                return FetchResult(url=target, status=status, body=None, headers=lower)
            if status >= 400:
                raise _status_error(status, lower, url)
            body = await self._read_body(resp, lower, url)
            return FetchResult(url=target, status=status, body=body, headers=lower)

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

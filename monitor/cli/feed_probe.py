"""What ``feeds add`` fetches once: the feed itself, or the feed an HTML page announces."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from urllib.parse import urlsplit

from monitor.config.feeds import FetchConfig
from monitor.errors import FetchError, PermanentFetchError
from monitor.fetch import Fetcher, FetchLimits, RequestOptions
from monitor.fetch.guard import private_networks_allowed
from monitor.fetch.page import feed_links, looks_like_html
from monitor.fetch.urls import UnsafeURL, check_feed_url
from monitor.parse import parse_feed

MAX_CANDIDATES = 3   # announced feeds tried, in page order


@dataclass(frozen=True, slots=True)
class Found:
    """A URL that answered with a feed: its title and number of items; ``page`` when it was
    discovered from that HTML page."""

    url: str
    title: str | None
    items: int
    page: str | None = None


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


def url_policy(cfg: FetchConfig, url: str) -> str:
    """``url`` if the fetch config allows storing it; UnsafeURL otherwise."""
    return check_feed_url(url, allow_file=cfg.allow_file_urls,
                          allow_private=private_networks_allowed(cfg.allow_private_networks))


async def _try_feed(fetcher: Fetcher, url: str, options: RequestOptions) -> tuple[Found | None, bytes, str]:
    result = await fetcher.fetch(url, options=options)
    body = result.body or b""
    if looks_like_html(body, result.headers.get("content-type")):
        return None, body, result.url
    try:
        parsed = await asyncio.to_thread(parse_feed, body, result.url, result.headers.get("content-type"))
    except PermanentFetchError:
        return None, body, result.url
    return Found(url=url, title=parsed.title or None, items=len(parsed.entries)), body, result.url


async def probe(cfg: FetchConfig, url: str, options: RequestOptions) -> Found:
    """Fetch ``url`` once through the guarded fetcher: a feed is returned as is; an HTML page's
    announced feeds (``<link rel=alternate>``) are tried in order. FetchError when nothing is a feed
    or the fetch fails."""
    async with Fetcher(FetchLimits.from_config(cfg)) as fetcher:
        found, body, final = await _try_feed(fetcher, url, options)
        if found is not None:
            return found
        links = feed_links(body, final)
        for link in links[:MAX_CANDIDATES]:
            try:
                candidate = url_policy(cfg, link.url)
                # the operator's headers and auth go to the page's own origin only
                same = _origin(candidate) == _origin(url)
                found, _, _ = await _try_feed(fetcher, candidate,
                                              options if same else RequestOptions(user_agent=options.user_agent))
            except (UnsafeURL, FetchError):
                continue
            if found is not None:
                return Found(url=candidate, title=found.title, items=found.items, page=url)
    if links:
        raise PermanentFetchError(f"not a feed, and none of the {len(links[:MAX_CANDIDATES])} feeds the page "
                                  "announces could be read as a feed", url=url)
    raise PermanentFetchError("not a feed, and the page announces no feed (<link rel=\"alternate\" "
                              "type=\"application/rss+xml\">)", url=url)

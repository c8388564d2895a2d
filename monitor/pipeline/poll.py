"""One poll cycle: due feeds -> fetch -> parse -> dedup -> store -> match -> record hits."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from sqlalchemy import Engine

from monitor.app import App
from monitor.config.feeds import FetchConfig
from monitor.config.limits import ItemLimits
from monitor.dedup.layers import Keyed, StoryAssigner, keyed
from monitor.errors import FetchError, NetworkFetchError
from monitor.fetch import Conditional, Fetcher, FetchLimits, FetchResult, RequestOptions
from monitor.parse import ParsedFeed, TextLimits, parse_feed
from monitor.pipeline.poll_state import record_failures, record_unchanged, store_and_match
from monitor.redact import hide_credentials
from monitor.schedule import Policy
from monitor.store.db import session_scope
from monitor.store.feeds import FeedState, due_feeds, sync_config_feeds

log = logging.getLogger(__name__)
NETWORK_DOWN_MIN_HOSTS = 3
_assigners: WeakKeyDictionary[Engine, StoryAssigner] = WeakKeyDictionary()


@dataclass(frozen=True)
class PollReport:
    """What one poll cycle did."""

    feeds_polled: int = 0
    failed: int = 0
    not_modified: int = 0          # 304, or a body identical to the last one (not re-parsed)
    new_items: int = 0
    duplicates: int = 0
    hits: int = 0
    network_down: bool = False
    errors: tuple[tuple[str, str], ...] = ()   # (feed url, error)

    def __str__(self) -> str:
        text = (f"{self.feeds_polled} feeds polled, {self.failed} failed, {self.not_modified} not modified, "
                f"{self.new_items} new items, {self.duplicates} duplicates, {self.hits} hits")
        return text + (" (network down: failures not counted)" if self.network_down else "")


@dataclass
class _Tally:
    not_modified: int = 0
    new_items: int = 0
    duplicates: int = 0
    hits: int = 0
    succeeded_hosts: set[str] = field(default_factory=set)
    failures: list[tuple[FeedState, FetchError]] = field(default_factory=list)
    unchanged: list[tuple[FeedState, FetchResult]] = field(default_factory=list)


def policy_from(cfg: FetchConfig) -> Policy:
    return Policy(interval=cfg.interval.total_seconds(), min_interval=cfg.min_interval.total_seconds(),
                  max_interval=cfg.max_interval.total_seconds(), jitter=cfg.jitter,
                  max_backoff=cfg.max_backoff.total_seconds(), broken_after=cfg.broken_after)


def limits_from(cfg: FetchConfig) -> FetchLimits:
    return FetchLimits.from_config(cfg)


def request_options(feed: FeedState) -> RequestOptions:
    """The feed's own headers, basic auth and user agent, as stored."""
    return RequestOptions(headers=feed.headers, username=feed.auth_username, password=feed.auth_password,
                          user_agent=feed.user_agent)


def story_assigner(app: App) -> StoryAssigner:
    """One per database; its near-duplicate index is rebuilt from the database when first used."""
    assigner = _assigners.get(app.engine)
    if assigner is None:
        assigner = _assigners[app.engine] = StoryAssigner()
    return assigner


def text_limits(cfg: ItemLimits) -> TextLimits:
    return TextLimits(title_chars=cfg.title_chars, text_chars=cfg.text_chars,
                      item_bytes=cfg.item_bytes)


def parse_and_key(body: bytes, url: str, content_type: str | None,
                  limits: TextLimits | None = None) -> tuple[ParsedFeed, list[Keyed]]:
    """CPU work off the event loop: parse the feed (entries capped and cleaned) and compute every
    entry's dedup keys."""
    parsed = parse_feed(body, url, content_type, limits)
    keys = [keyed(i, e.title, e.text, e.guid, e.link) for i, e in enumerate(parsed.entries)]
    return parsed, keys


async def poll_feeds(app: App, *, force: bool = False) -> PollReport:
    """Poll the due feeds (every enabled feed when ``force``) concurrently; one failing feed never
    stops the others. New items are stored, matched and their hits recorded with outbox rows."""
    now = app.now()
    with session_scope(app.sessions) as session:
        sync_config_feeds(session, app.config.feeds, now)
        feeds = due_feeds(session, now, force=force)
    if not feeds:
        return PollReport()
    policy, tally = policy_from(app.config.fetch), _Tally()
    loop = asyncio.get_running_loop()
    # Bodies waiting to be parsed and stored are bounded: fetching runs ahead of the single
    # writer by at most two concurrency limits' worth of feeds (memory stays flat for 2,000 feeds).
    in_flight = asyncio.Semaphore(2 * app.config.fetch.concurrency)

    async def bounded(feed: FeedState) -> None:
        async with in_flight:
            await _poll_one(app, fetcher, feed, policy, tally, db, now)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="poll-db") as db:  # one writer
        async with Fetcher(limits_from(app.config.fetch)) as fetcher:
            await asyncio.gather(*(bounded(feed) for feed in feeds))
        network_down = _network_down(tally)
        await loop.run_in_executor(db, record_unchanged, app, tally.unchanged, policy, now)
        await loop.run_in_executor(db, record_failures, app, tally.failures, policy, now, network_down)
    return PollReport(feeds_polled=len(feeds), failed=len(tally.failures), not_modified=tally.not_modified,
                      new_items=tally.new_items, duplicates=tally.duplicates, hits=tally.hits,
                      network_down=network_down,
                      errors=tuple((hide_credentials(f.url), str(exc)) for f, exc in tally.failures))


async def _poll_one(app: App, fetcher: Fetcher, feed: FeedState, policy: Policy, tally: _Tally,
                    db: ThreadPoolExecutor, now: datetime) -> None:
    loop = asyncio.get_running_loop()
    try:
        result: FetchResult = await fetcher.fetch(feed.url, Conditional(feed.etag, feed.last_modified),
                                                  request_options(feed))
        tally.succeeded_hosts.add(_host(feed.url))
        if result.not_modified or result.body_hash == feed.body_hash:
            tally.unchanged.append((feed, result))   # written in one transaction at the end
            tally.not_modified += 1
            return
        assert result.body is not None
        parsed, keys = await asyncio.to_thread(parse_and_key, result.body, result.url,
                                               result.headers.get("content-type"),
                                               text_limits(app.config.limits))
        stats = await loop.run_in_executor(db, store_and_match, app, story_assigner(app), feed, result,
                                           parsed, keys, policy, now)
        tally.new_items += stats.new_items
        tally.duplicates += stats.duplicates
        tally.hits += stats.hits
    except FetchError as exc:
        log.warning("feed failed", extra={"feed": feed.label, "url": feed.url, "error": str(exc)})
        tally.failures.append((feed, exc))
    except Exception as exc:  # a bug must cost one feed, not the cycle; logged with its traceback
        log.exception("feed failed: unexpected error", extra={"feed": feed.label, "url": feed.url})
        tally.failures.append((feed, FetchError(f"internal error: {type(exc).__name__}: {exc}", url=feed.url)))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _network_down(tally: _Tally) -> bool:
    """Every network feed failed to connect, on three or more hosts, and no host answered.
    (With fewer hosts, "all down" is more likely the hosts than our network: count it.)"""
    remote = [(f, e) for f, e in tally.failures if not f.url.startswith("file:")]
    if not remote or len(remote) != len(tally.failures) or tally.succeeded_hosts - {""}:
        return False
    hosts = {_host(f.url) for f, _ in remote}
    return len(hosts) >= NETWORK_DOWN_MIN_HOSTS and all(isinstance(e, NetworkFetchError) for _, e in remote)

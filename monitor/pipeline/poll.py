"""One poll cycle: claim due feeds -> fetch -> parse, dedup, match (workers) -> store hits."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from monitor.app import App
from monitor.config.feeds import FetchConfig
from monitor.config.limits import ItemLimits
from monitor.dedup.layers import StoryAssigner
from monitor.errors import FetchError, NetworkFetchError
from monitor.fetch import Conditional, Fetcher, FetchLimits, FetchResult, RequestOptions
from monitor.parse import TextLimits
from monitor.pipeline.poll_state import (
    Changed,
    StoreStats,
    record_failures,
    record_unchanged,
    write_changed,
    writer_sessions,
)
from monitor.pipeline.prepare import Job
from monitor.pipeline.workers import POOL_BACKLOG_SECONDS, Preparer, default_workers
from monitor.redact import hide_credentials
from monitor.schedule import Policy
from monitor.stop import Stop
from monitor.store.db import session_scope
from monitor.store.feeds import FeedState, claim_due_feeds, count_due_feeds, release_leases, sync_config_feeds

log = logging.getLogger(__name__)
NETWORK_DOWN_MIN_HOSTS = 3
UNCHANGED_BATCH = 200
WRITE_BATCH = 32          # changed feeds written in one transaction at most (group commit)
# This process's name on the leases it takes (host, pid and a random part: pids repeat in containers)
REPLICA_ID = f"{socket.gethostname()[:32]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
_assigners: WeakKeyDictionary[Engine, StoryAssigner] = WeakKeyDictionary()
_preparers: WeakKeyDictionary[Engine, Preparer] = WeakKeyDictionary()


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
    released: int = 0              # claimed, then given back unpolled: the daemon is stopping

    def __str__(self) -> str:
        text = (f"{self.feeds_polled} feeds polled, {self.failed} failed, {self.not_modified} not modified, "
                f"{self.new_items} new items, {self.duplicates} duplicates, {self.hits} hits")
        text += f", {self.released} released (stopping)" if self.released else ""
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
    polled_at: dict[int, datetime] = field(default_factory=dict)


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


def preparer(app: App) -> Preparer:
    """The app's preparer, kept across cycles (the daemon keeps its pool once started). With
    ``fetch.workers`` set, its pool starts with the first changed feed; by default (one worker per
    core) a thread prepares until a backlog builds up (POOL_BACKLOG_SECONDS), so a warm cycle with
    little new work does not pay the workers' start."""
    current = _preparers.get(app.engine)
    if current is None:
        configured = app.config.fetch.workers
        current = _preparers[app.engine] = (Preparer(app, configured) if configured is not None
                                            else Preparer(app, default_workers(), backlog=POOL_BACKLOG_SECONDS))
    return current


def close_preparer(app: App) -> None:
    """Stop the app's worker processes and drop its near-duplicate index (after ``run --once``:
    the delivery pass that follows needs neither; 26 MB and more at 100,000 stories)."""
    _assigners.pop(app.engine, None)
    current = _preparers.pop(app.engine, None)
    if current is not None:
        current.close()


def close_preparers() -> None:
    """Stop every app's worker processes (the daemon's stop; a reload built a new app)."""
    while _preparers:
        _, current = _preparers.popitem()
        current.close()


class _Claims:
    """Hands out this replica's feeds, claiming the next chunk (with a lease) when it runs out.

    An id cursor makes each feed come up at most once per cycle on this replica; SKIP LOCKED and
    the leases keep the other replicas' feeds out. Once ``stop`` is set it hands out nothing more;
    the feeds it still holds, and those given up (``give_back``), are ``unpolled``.
    """

    def __init__(self, app: App, db: ThreadPoolExecutor, force: bool, stop: Stop) -> None:
        self.app, self.db, self.force, self.stop = app, db, force, stop
        self.chunk = max(8, app.config.fetch.concurrency)
        self._buffer: list[FeedState] = []
        self._given_back: list[FeedState] = []
        self._cursor = 0
        self._done = False
        self._lock = asyncio.Lock()
        self.claimed = 0

    def _claim(self) -> list[FeedState]:
        with session_scope(writer_sessions(self.app)) as session:
            return claim_due_feeds(session, self.app.now(), owner=REPLICA_ID, lease=self.app.config.fetch.lease,
                                   limit=self.chunk, after_id=self._cursor, force=self.force)

    async def next(self) -> FeedState | None:
        async with self._lock:
            if self.stop.is_set():
                return None
            if not self._buffer and not self._done:
                self._buffer = await asyncio.get_running_loop().run_in_executor(self.db, self._claim)
                self._buffer.reverse()
                if not self._buffer:
                    self._done = True
                else:
                    self._cursor = max(self._cursor, self._buffer[0].id)
                    self.claimed += len(self._buffer)
            return self._buffer.pop() if self._buffer else None

    def give_back(self, feed: FeedState) -> None:
        """``feed`` was claimed and will not be polled in this cycle."""
        self._given_back.append(feed)

    def unpolled(self) -> list[int]:
        return [f.id for f in self._buffer + self._given_back]


class _GroupWriter:
    """Group commit for changed feeds: the first feed to reach the writer writes every feed
    prepared meanwhile (at most WRITE_BATCH) in one transaction; the others find theirs written.
    The writer never waits for a batch to fill: an idle writer writes a lone feed at once."""

    def __init__(self, app: App, db: ThreadPoolExecutor, policy: Policy) -> None:
        self.app, self.db, self.policy = app, db, policy
        self._pending: list[tuple[Changed, asyncio.Future[StoreStats]]] = []
        self._lock = asyncio.Lock()
        self.batches = 0

    async def write(self, changed: Changed) -> StoreStats:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[StoreStats] = loop.create_future()
        self._pending.append((changed, done))
        async with self._lock:
            while not done.done():
                batch, self._pending = self._pending[:WRITE_BATCH], self._pending[WRITE_BATCH:]
                try:
                    results: list[StoreStats | Exception] = await loop.run_in_executor(
                        self.db, write_changed, self.app, story_assigner(self.app), [c for c, _ in batch], self.policy)
                except BaseException as exc:   # each feed of the batch learns it (cancelled: and we stop)
                    error = exc if isinstance(exc, Exception) else FetchError("write cancelled", url=changed.feed.url)
                    results = [error] * len(batch)
                    if not isinstance(exc, Exception):
                        _settle(batch, results)
                        raise
                self.batches += 1
                _settle(batch, results)
        return await done


def _settle(batch: list[tuple[Changed, asyncio.Future[StoreStats]]], results: list[StoreStats | Exception]) -> None:
    for (_, fut), res in zip(batch, results, strict=True):
        if fut.done():
            continue
        if isinstance(res, Exception):
            fut.set_exception(res)
        else:
            fut.set_result(res)


def text_limits(cfg: ItemLimits) -> TextLimits:
    return TextLimits(title_chars=cfg.title_chars, text_chars=cfg.text_chars,
                      item_bytes=cfg.item_bytes)


async def poll_feeds(app: App, stop: Stop | None = None, *, force: bool = False) -> PollReport:
    """Poll this replica's share of the due feeds (every enabled feed when ``force``) concurrently;
    one failing feed never stops the others. New items are parsed and matched first (in worker
    processes), then stored with their hits and outbox rows in one short transaction per feed.

    When ``stop`` is set, no further feed is claimed; a feed still being fetched or prepared is
    abandoned, one that reached the writer is written; the abandoned and unstarted feeds' leases
    are released, so they stay due (with their old state) for the next start or another replica."""
    stop = stop or Stop()
    if stop.is_set():
        return PollReport()
    now = app.now()
    _sync_feeds(app, now)
    with session_scope(app.sessions) as session:
        due = count_due_feeds(session, now, force=force)
    if not due:
        return PollReport()
    policy, tally = policy_from(app.config.fetch), _Tally()
    loop = asyncio.get_running_loop()
    prep = preparer(app)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="poll-db") as db:  # one writer
        claims = _Claims(app, db, force, stop)
        writer = _GroupWriter(app, db, policy)

        async def worker() -> None:
            while (feed := await claims.next()) is not None:
                if not await _poll_one(app, fetcher, prep, writer, feed, tally, stop):
                    claims.give_back(feed)
                if len(tally.unchanged) >= UNCHANGED_BATCH:   # their leases go back as they come
                    batch, tally.unchanged = tally.unchanged, []
                    await loop.run_in_executor(db, record_unchanged, app, batch, policy, now, tally.polled_at)

        async with Fetcher(limits_from(app.config.fetch)) as fetcher:
            # Bodies waiting to be parsed and stored are bounded: fetching runs ahead of the writer by
            # at most two concurrency limits' worth of feeds (memory stays flat for 2,000 feeds).
            await asyncio.gather(*(worker() for _ in range(2 * app.config.fetch.concurrency)))
        network_down = _network_down(tally)
        await loop.run_in_executor(db, record_unchanged, app, tally.unchanged, policy, now, tally.polled_at)
        await loop.run_in_executor(db, record_failures, app, tally.failures, policy, now, network_down,
                                   tally.polled_at)
        unpolled = claims.unpolled()
        if unpolled:
            await loop.run_in_executor(db, _release, app, unpolled)
    return PollReport(feeds_polled=claims.claimed - len(unpolled), failed=len(tally.failures),
                      not_modified=tally.not_modified, new_items=tally.new_items, duplicates=tally.duplicates,
                      hits=tally.hits, network_down=network_down, released=len(unpolled),
                      errors=tuple((hide_credentials(f.url), str(exc)) for f, exc in tally.failures))


def _release(app: App, feed_ids: list[int]) -> None:
    with session_scope(writer_sessions(app)) as session:
        release_leases(session, feed_ids, owner=REPLICA_ID)


def _sync_feeds(app: App, now: datetime) -> None:
    """Config feeds into the table; replicas starting together may insert the same new feed at
    once: the loser's transaction is retried and finds the row."""
    for attempt in range(3):
        try:
            with session_scope(writer_sessions(app)) as session:
                sync_config_feeds(session, app.config.feeds, now)
            return
        except IntegrityError:
            if attempt == 2:
                raise


async def _poll_one(app: App, fetcher: Fetcher, prep: Preparer, writer: _GroupWriter, feed: FeedState,
                    tally: _Tally, stop: Stop) -> bool:
    """Poll ``feed`` into ``tally``; False when the stop came before its body reached the writer
    (nothing of it was recorded)."""
    try:
        result = await stop.unless_stopped(fetcher.fetch(feed.url, Conditional(feed.etag, feed.last_modified),
                                                         request_options(feed)))
        if result is None:
            return False
        # The next poll counts from this fetch, not from the cycle's start: in a long cycle (or on
        # another replica) a feed must not come due again before its interval has passed.
        tally.polled_at[feed.id] = polled = app.now()
        tally.succeeded_hosts.add(_host(feed.url))
        if result.not_modified or result.body_hash == feed.body_hash:
            tally.unchanged.append((feed, result))   # written in batches
            tally.not_modified += 1
            return True
        assert result.body is not None
        prepared = await stop.unless_stopped(prep.prepare(
            Job(feed_id=feed.id, label=feed.name, url=result.url, body=result.body,
                content_type=result.headers.get("content-type"), limits=text_limits(app.config.limits),
                stored=feed.items_seen > 0, repeated=feed.item_digests)))
        if prepared is None:
            return False
        stats = await writer.write(Changed(feed, result, prepared, polled))
        tally.new_items += stats.new_items
        tally.duplicates += stats.duplicates
        tally.hits += stats.hits
    except FetchError as exc:
        tally.polled_at.setdefault(feed.id, app.now())
        log.warning("feed failed", extra={"feed": feed.label, "url": feed.url, "error": str(exc)})
        tally.failures.append((feed, exc))
    except Exception as exc:  # a bug must cost one feed, not the cycle; logged with its traceback
        log.exception("feed failed: unexpected error", extra={"feed": feed.label, "url": feed.url})
        tally.polled_at.setdefault(feed.id, app.now())
        tally.failures.append((feed, FetchError(f"internal error: {type(exc).__name__}: {exc}", url=feed.url)))
    return True


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

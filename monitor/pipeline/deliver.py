"""The delivery loop: form messages from the outbox, claim them, send, record the outcome."""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from monitor.alert import config_hash, group_config
from monitor.alert import metrics as m
from monitor.alert.compose import compose
from monitor.alert.grouping import SilenceRule, chunks, group_ready_at, is_silenced
from monitor.alert.outbox import enqueue_notice
from monitor.alert.redact import redact_text
from monitor.alert.retry import retry_at
from monitor.alert.types import Message, Notifier
from monitor.app import App
from monitor.errors import DeliveryError, DestinationDisabled, RetryableDeliveryError
from monitor.stop import Stop
from monitor.store import models
from monitor.store import outbox as store
from monitor.store.db import session_scope

log = logging.getLogger("monitor.deliver")
# notifier -> monotonic time of its last send, for pacing (in memory: pacing needs no durability)
_last_send: weakref.WeakKeyDictionary[Notifier, float] = weakref.WeakKeyDictionary()


@dataclass
class DeliveryReport:
    """What one call of ``deliver_due`` did (counts of messages, not rows)."""

    sent: int = 0
    retrying: int = 0
    dead: int = 0
    silenced: int = 0
    folded: int = 0
    disabled: list[str] = field(default_factory=list)
    pending: int = 0
    notices: int = 0

    def __str__(self) -> str:
        text = (f"{self.sent} sent, {self.retrying} to retry, {self.dead} dead-lettered, "
                f"{self.silenced} silenced, {self.folded} folded, {self.pending} pending")
        return text + (f"; disabled: {', '.join(self.disabled)}" if self.disabled else "")


def form_messages(session: Session, app: App, dest: str, now: datetime, flush: bool,
                  report: DeliveryReport) -> None:
    """Group the pending hits of ``dest`` per denial into messages once their group is due."""
    gcfg = group_config(app.config, dest)
    rules = [SilenceRule(s.target, s.value, s.until) for s in store.active_silences(session, now)]
    groups: dict[str, list[int]] = defaultdict(list)
    first_at: dict[str, datetime] = {}
    muted: list[int] = []
    folded: list[int] = []
    pending = store.unbatched_hits(session, dest)
    # nothing below writes before the loop ends: which stories were announced is one look-up
    announced = store.announced_stories(session, dest, [p.story_id for p in pending if p.story_id is not None],
                                        now - gcfg.repeat)
    for p in pending:
        feeds = [x for x in (p.feed_name, p.feed_url) if x]
        if is_silenced(rules, now, destination=dest, denial_id=p.denial_id, feeds=feeds):
            muted.append(p.delivery_id)
        elif p.story_id is not None and (p.denial_id, p.story_id) in announced:
            folded.append(p.delivery_id)
        else:
            groups[p.denial_id].append(p.delivery_id)
            first_at.setdefault(p.denial_id, p.created_at)
    store.set_status(session, muted, store.SILENCED)
    store.set_status(session, folded, store.FOLDED)
    report.silenced += len(muted)
    report.folded += len(folded)
    for denial_id, ids in groups.items():
        last = store.last_sent(session, dest, denial_id)
        if not flush and now < group_ready_at(first_at[denial_id], last, gcfg):
            continue
        for chunk in chunks(ids, gcfg.max_hits):
            key = session.get_one(models.Delivery, chunk[0]).webhook_id   # the message's webhook-id
            if not store.assign_batch(session, chunk, key):
                raise BatchConflict(dest)          # another worker formed it: roll back, retry later


class BatchConflict(Exception):
    """Two workers formed the same message at once; the later one backs off."""


# another writer holds the lock (SQLite) or won a conflict (PostgreSQL): the next pass retries
CONTENTION = ("database is locked", "database table is locked", "could not serialize access",
              "deadlock detected", "lock timeout")


def deferral_level(exc: Exception) -> int:
    """INFO for contention with another worker (routine), WARNING for any other database error."""
    if isinstance(exc, BatchConflict):
        return logging.INFO
    text = str(getattr(exc, "orig", exc)).lower()
    return logging.INFO if any(c in text for c in CONTENTION) else logging.WARNING


def log_deferred(step: str, destination: str | None, exc: Exception) -> None:
    """One structured line for a delivery step that could not use the database this pass."""
    first = (str(getattr(exc, "orig", exc)).strip().splitlines() or [""])[0][:300]
    log.log(deferral_level(exc), "delivery deferred",
            extra={"step": step, "destination": destination, "error": f"{type(exc).__name__}: {first}"})


def prepare(app: App, now: datetime, flush: bool, report: DeliveryReport) -> set[str]:
    """Sync destination state and form due messages; returns the destinations to drain."""
    try:
        with session_scope(app.sessions) as session:
            store.ensure_destinations(session, list(app.notifiers))
            store.sync_destinations(session, {n: config_hash(app.config, n) for n in app.notifiers})
            disabled = store.disabled_destinations(session)
    except OperationalError as exc:             # SQLite: another worker is writing; next pass
        log_deferred("sync destinations", None, exc)
        return set()
    for dest in set(app.notifiers) - disabled:
        try:
            with session_scope(app.sessions) as session:
                form_messages(session, app, dest, now, flush, report)
        except (BatchConflict, OperationalError) as exc:   # SQLite: another writer won; next pass
            log_deferred("form messages", dest, exc)
    return set(app.notifiers) - disabled


async def pace(notifier: Notifier) -> None:
    """About ``min_interval`` seconds between two messages to one destination (Slack: 1/s)."""
    wait = _last_send.get(notifier, -1e9) + notifier.min_interval - time.monotonic()
    if wait > 0:
        await asyncio.sleep(wait)


async def send_one(name: str, notifier: Notifier, message: Message) -> DeliveryError | None:
    """Send and time one message; unknown errors are logged loudly and retried."""
    await pace(notifier)
    m.ATTEMPTS.labels(name).inc()
    started = time.monotonic()
    try:
        await notifier.send(message)
        return None
    except DeliveryError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - a bug in a notifier must not stop the others
        # loudly, with the traceback, but redacted: exception texts may hold the webhook URL
        trace = redact_text("".join(traceback.format_exception(exc)))
        log.error("notifier %s failed unexpectedly on %s\n%s", name, message.id, trace)
        return RetryableDeliveryError(f"unexpected {exc.__class__.__name__}")
    finally:
        _last_send[notifier] = time.monotonic()
        m.LATENCY.labels(name).observe(time.monotonic() - started)


def record(app: App, name: str, key: str, created: datetime, attempts: int, error: DeliveryError | None,
           report: DeliveryReport) -> bool:
    """Store the outcome of one try; returns whether the destination can take the next message."""
    now = app.now()
    with session_scope(app.sessions) as session:
        dest = store.destination(session, name)
        if error is None:
            store.mark_sent(session, key, now)
            dest.last_sent_at, dest.failure_streak, dest.blocked_until = now, 0, None
            m.DELIVERED.labels(name).inc()
            log.info("delivery", extra={"outcome": "sent", "destination": name, "delivery": key,
                                        "attempt": attempts + 1})
            report.sent += 1
            return True
        text = redact_text(str(error))
        if isinstance(error, DestinationDisabled):
            store.release(session, key, text)
            dest.disabled_at, dest.disabled_reason = now, text
            dest.config_hash = config_hash(app.config, name)
            enqueue_notice(session, app.config, "destination_disabled",
                           {"destination": name, "reason": text}, now)
            m.FAILURES.labels(name, "disabled").inc()
            log.error("delivery", extra={"outcome": "disabled", "destination": name, "delivery": key,
                                         "attempt": attempts + 1, "error": text})
            report.disabled.append(name)
            report.notices += 1
            return False
        next_at = retry_at(now, attempts + 1, created, error.retry_after) if error.retryable else None
        store.mark_failed(session, key, error=text, status=error.status, next_at=next_at)
        if next_at is None:
            m.FAILURES.labels(name, "dead").inc()
            log.warning("delivery", extra={"outcome": "dead", "destination": name, "delivery": key,
                                           "attempt": attempts + 1, "error": text})
            report.dead += 1
            return True
        dest.failure_streak += 1
        dest.blocked_until = next_at
        m.FAILURES.labels(name, "retry").inc()
        log.warning("delivery", extra={"outcome": "retry", "destination": name, "delivery": key,
                                       "attempt": attempts + 1, "retry_at": next_at.isoformat(), "error": text})
        report.retrying += 1
        return False


def claim(app: App, name: str, now: datetime, retry_now: bool = False
          ) -> tuple[str, Message | None, datetime, int] | None:
    """Lease the next message of ``name`` (None when nothing is due; no message when it is empty).
    ``retry_now`` also takes messages whose retry time has not come yet."""
    with session_scope(app.sessions) as session:
        dest = store.destination(session, name)
        if dest.disabled_at is not None:
            return None
        if not retry_now and dest.blocked_until and dest.blocked_until > now:
            return None
        key = store.claim_head(session, name, now, app.config.delivery.lease, ignore_schedule=retry_now)
        if key is None:
            return None
        rows = store.batch_rows(session, key)
        message = compose(session, rows, key)
        if message is None or not rows:          # its hits were deleted meanwhile
            store.mark_failed(session, key, error="nothing left to send", status=None, next_at=None)
            return key, None, now, 0
        return key, message, min(r.created_at for r in rows), max(r.attempts for r in rows)


async def drain(app: App, name: str, notifier: Notifier, flush: bool, report: DeliveryReport,
                retry_now: bool = False, stop: Stop | None = None) -> None:
    """Send the due messages of one destination, oldest first, until one fails, none is due or
    ``stop`` is set (a message being sent is sent and its outcome recorded first)."""
    budget = None if flush else app.config.delivery.batch_size
    while (budget is None or budget > 0) and not (stop and stop.is_set()):
        now = app.now()
        try:
            claimed = claim(app, name, now, retry_now)
        except OperationalError as exc:          # SQLite: another worker holds the write lock
            log_deferred("claim", name, exc)
            return
        if claimed is None:
            return
        key, message, created, attempts = claimed
        if message is None:
            continue
        error = await send_one(name, notifier, message)
        try:
            if not record(app, name, key, created, attempts, error, report):
                return
        except OperationalError as exc:
            # the lease runs out and the message is tried again, with the same webhook-id
            log.warning("outcome of %s to %s not recorded: %s", key, name, exc.__class__.__name__)
            return
        budget = None if budget is None else budget - 1


def update_gauges(app: App, report: DeliveryReport) -> None:
    with session_scope(app.sessions) as session:
        depth, oldest = store.queue_stats(session, list(app.notifiers))
    for name in app.notifiers:
        m.QUEUE_DEPTH.labels(name).set(depth.get(name, 0))
    report.pending = sum(depth.values())
    m.OLDEST_AGE.set((app.now() - oldest).total_seconds() if oldest else 0)


async def deliver_due(app: App, stop: Stop | None = None, *, flush: bool = False,
                      retry_now: bool = False) -> DeliveryReport:
    """One pass of the delivery loop. ``flush`` sends pending groups now; ``retry_now`` also
    attempts deliveries whose retry time has not come (``run --once`` sets both: it attempts
    every pending delivery). A delivery that fails is tried once per pass at most.
    Never raises for a destination's failure. Once ``stop`` is set no further message is
    claimed: the rest stays pending for the next start."""
    report = DeliveryReport()
    for _ in range(3):      # a second pass delivers notices queued by the first
        if stop and stop.is_set():
            break
        notices = report.notices
        active = prepare(app, app.now(), flush, report)
        await asyncio.gather(*(drain(app, n, app.notifiers[n], flush, report, retry_now, stop)
                               for n in app.notifiers if n in active))
        retry_now = False  # later passes only deliver notices queued by the first
        if report.notices == notices:
            break
    update_gauges(app, report)
    return report

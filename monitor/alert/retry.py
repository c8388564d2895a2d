"""Retry policy: which failures are retried, and when (pure functions, Standard Webhooks schedule)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Literal

# Standard Webhooks recommendation: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h
SCHEDULE: tuple[float, ...] = (0, 5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600,
                               20 * 3600, 24 * 3600)
TOTAL = timedelta(seconds=sum(SCHEDULE))   # ~75.6 h: older undelivered messages are dead-lettered
JITTER = 0.1                               # +-10 % of each delay
MAX_RETRY_AFTER = 24 * 3600.0

Outcome = Literal["delivered", "retry", "dead", "disable"]

# Slack webhook error bodies that mean the webhook is gone for good
SLACK_DISABLING = frozenset({"channel_is_archived", "invalid_token", "no_service", "no_team",
                             "team_disabled", "channel_not_found"})
RETRYABLE_STATUS = frozenset({408, 425, 429})


def classify_status(status: int, body: str = "") -> Outcome:
    """What an HTTP answer means for a delivery. ``body`` matters for Slack's error strings."""
    if 200 <= status < 300:
        return "delivered"
    if status == 410 or body.strip() in SLACK_DISABLING:
        return "disable"
    if status in RETRYABLE_STATUS or status >= 500:
        return "retry"
    return "dead"


def next_delay(attempts: int, rng: random.Random | None = None) -> timedelta | None:
    """Delay before the next try after ``attempts`` failed tries; None once the schedule is spent."""
    if attempts < 1:
        return timedelta(0)
    if attempts >= len(SCHEDULE):
        return None
    base = SCHEDULE[attempts]
    factor = 1.0 + (rng or random).uniform(-JITTER, JITTER)
    return timedelta(seconds=base * factor)


def retry_at(now: datetime, attempts: int, created_at: datetime, retry_after: float | None = None,
             rng: random.Random | None = None) -> datetime | None:
    """When to try again after ``attempts`` failed tries, or None to dead-letter.

    ``Retry-After`` (capped at 24 h) is honoured when it asks for longer than the schedule. A
    message older than the whole schedule is dead-lettered on its next failure.
    """
    delay = next_delay(attempts, rng)
    if delay is None or now - created_at >= TOTAL:
        return None
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=min(max(retry_after, 0.0), MAX_RETRY_AFTER)))
    return now + delay


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date); None if absent."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())

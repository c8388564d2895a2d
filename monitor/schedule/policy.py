"""Poll-time decisions: interval from TTL/max-age/Expires, jitter, backoff, Retry-After, health."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

Random = Callable[[], float]  # uniform in [0, 1)

_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*\"?(\d+)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Policy:
    """The global schedule settings, in seconds (built from FetchConfig)."""

    interval: float = 900.0
    min_interval: float = 120.0
    max_interval: float = 6 * 3600.0
    jitter: float = 0.1
    max_backoff: float = 24 * 3600.0
    broken_after: int = 10


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _jittered(seconds: float, jitter: float, rand: Random) -> float:
    """``seconds`` moved by up to ±jitter of itself, so feeds do not poll in lockstep."""
    return seconds * (1.0 + jitter * (2.0 * rand() - 1.0))


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def cache_lifetime(headers: Mapping[str, str], now: datetime) -> float | None:
    """How long the server says the response stays fresh: Cache-Control max-age, else Expires.

    ``no-cache``/``no-store`` say nothing about polling frequency and are ignored. Header names
    must be lower case.
    """
    cc = headers.get("cache-control", "")
    m = _MAX_AGE.search(cc)
    if m:
        return float(m.group(1))
    expires = headers.get("expires")
    if expires:
        try:
            when = parsedate_to_datetime(expires)
        except (TypeError, ValueError, IndexError):
            return None  # "0" or garbage means already expired: no hint
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - now).total_seconds())
    return None


IDLE_STEP = 6           # polls in a row without anything new before the interval doubles
IDLE_MAX_FACTOR = 4.0   # a quiet feed is polled at most 4x less often than its base interval


def effective_interval(policy: Policy, feed_interval: float | None, hint: float | None,
                       idle_polls: int = 0) -> float:
    """The feed's interval (its own, else the global one), never shorter than the server's hint
    (``<ttl>``, max-age, Expires), stretched for a feed that has been quiet for a while (x2 per
    IDLE_STEP empty polls, at most IDLE_MAX_FACTOR; reset by the next new item), clamped to
    [min_interval, max_interval]."""
    base = feed_interval if feed_interval else policy.interval
    if hint:
        base = max(base, hint)
    base *= min(IDLE_MAX_FACTOR, 2.0 ** (max(idle_polls, 0) // IDLE_STEP))
    return _clamp(base, policy.min_interval, policy.max_interval)


def next_poll_after_success(policy: Policy, interval: float, now: datetime,
                            rand: Random = random.random) -> datetime:
    """Next poll after a good fetch (200 or 304): the interval with jitter."""
    return now + timedelta(seconds=_jittered(interval, policy.jitter, rand))


def backoff_delay(policy: Policy, streak: int, interval: float, rand: Random = random.random) -> float:
    """Exponential backoff from the feed's interval, with jitter, capped at max_backoff.

    Streak 1 waits about one interval (at least min_interval), streak 2 twice that, and so on.
    The feed is never dropped: at the cap it keeps retrying once per max_backoff.
    """
    base = max(interval, policy.min_interval)
    exponent = min(max(streak, 1) - 1, 32)
    return min(policy.max_backoff, _jittered(base * 2.0**exponent, policy.jitter, rand))


def next_poll_after_failure(policy: Policy, streak: int, interval: float, now: datetime,
                            retry_after: float | None = None, rand: Random = random.random) -> datetime:
    """Next poll after a failure: the server's Retry-After (for this feed only) when given,
    capped at max_backoff and never below min_interval; otherwise exponential backoff."""
    if retry_after is not None:
        delay = _clamp(retry_after, policy.min_interval, policy.max_backoff)
    else:
        delay = backoff_delay(policy, streak, interval, rand)
    return now + timedelta(seconds=delay)


def feed_health(streak: int, broken_after: int) -> str:
    """``ok`` with no errors, ``degraded`` while failing, ``broken`` from ``broken_after`` on."""
    if streak <= 0:
        return "ok"
    return "broken" if streak >= broken_after else "degraded"

"""Schedule stage: when each feed is polled next (pure decisions, no I/O)."""

from monitor.schedule.policy import (
    Policy,
    backoff_delay,
    cache_lifetime,
    effective_interval,
    feed_health,
    next_poll_after_failure,
    next_poll_after_success,
    parse_retry_after,
)

__all__ = ["Policy", "backoff_delay", "cache_lifetime", "effective_interval", "feed_health",
           "next_poll_after_failure", "next_poll_after_success", "parse_retry_after"]

"""The project's exception tree.

    MonitorError
    ├── ConfigError            bad config file, key, value or rule (permanent; exit 2)
    │   └── RuleError          a denial rule that cannot compile (names the denial)
    ├── FetchError             a feed could not be fetched or parsed
    │   ├── RetryableFetchError   timeouts, 5xx, 429, network errors
    │   │   └── NetworkFetchError     the host could not be reached (DNS, connect, TLS, timeout)
    │   └── PermanentFetchError   other 4xx, too large, not a feed, refused address
    └── DeliveryError          an alert could not be delivered
        ├── RetryableDeliveryError   timeouts, 429, 502-504, network errors
        └── PermanentDeliveryError   other 4xx, invalid destination
            └── DestinationDisabled  410, Slack channel_is_archived / invalid_token / no_service

Library errors (httpx, feedparser, SQLAlchemy, pydantic, YAML) are converted at the boundary
with ``raise ... from exc``.
"""

from __future__ import annotations

from monitor.redact import hide_credentials_in_text


class MonitorError(Exception):
    """Base class of every error the project raises on purpose."""


class ConfigError(MonitorError):
    """A configuration problem. ``str()`` names the file, key path and line where known."""

    def __init__(self, message: str, *, file: str | None = None, key: str | None = None,
                 line: int | None = None) -> None:
        self.file = file
        self.key = key
        self.line = line
        where = []
        if file:
            where.append(file + (f":{line}" if line else ""))
        elif line:
            where.append(f"line {line}")
        if key:
            where.append(f"key '{key}'")
        prefix = ", ".join(where)
        message = hide_credentials_in_text(message)    # a URL's user:password@ and token=... never shown
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.message = message


class RuleError(ConfigError):
    """A denial rule that cannot compile. The message names the denial id."""


class FetchError(MonitorError):
    """A feed could not be fetched or parsed."""

    retryable: bool = False

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None,
                 retry_after: float | None = None) -> None:
        self.url = url  # as fetched, credentials included: never show it, show str(exc)
        self.status = status
        self.retry_after = retry_after
        # the message is what gets logged, stored as the feed's last error and sent in notices
        super().__init__(hide_credentials_in_text(f"{url}: {message}" if url else message))


class RetryableFetchError(FetchError):
    retryable = True


class NetworkFetchError(RetryableFetchError):
    """The host could not be reached; when every host fails at once the network is down."""


class PermanentFetchError(FetchError):
    retryable = False


class DeliveryError(MonitorError):
    """An alert could not be delivered."""

    retryable: bool = False

    def __init__(self, message: str, *, status: int | None = None,
                 retry_after: float | None = None) -> None:
        self.status = status
        self.retry_after = retry_after
        super().__init__(message)


class RetryableDeliveryError(DeliveryError):
    retryable = True


class PermanentDeliveryError(DeliveryError):
    retryable = False


class DestinationDisabled(PermanentDeliveryError):
    """The destination is gone for good (410, archived channel, revoked token)."""

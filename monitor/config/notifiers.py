"""Config schema of alert destinations (notifiers) and delivery."""

from __future__ import annotations

import base64
import binascii
from datetime import timedelta
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, field_validator

from monitor.config.base import Duration, Name, Period, Strict, Timeout

VerdictName = Literal["match", "contradict", "mention"]
DEFAULT_VERDICTS: tuple[VerdictName, ...] = ("match", "contradict")


SECRET_PREFIX = "whsec_"


def secret_key_bytes(secret: str) -> bytes:
    """The key of a ``whsec_<base64>`` secret; ValueError (never showing the secret) otherwise."""
    raw = secret[len(SECRET_PREFIX):] if secret.startswith(SECRET_PREFIX) else secret
    try:
        key = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("webhook secret must be 'whsec_' followed by base64") from None
    if len(key) < 16:
        raise ValueError("webhook secret is too short (need at least 16 bytes of key)")
    return key


class RouteConfig(Strict):
    """Which hits go to a destination."""

    verdicts: list[VerdictName] = Field(default_factory=lambda: list(DEFAULT_VERDICTS))
    denials: list[str] = Field(default_factory=list)    # empty = all
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)


class GroupConfig(Strict):
    """Noise control: hits for one denial to one destination are grouped into one message."""

    wait: Duration = timedelta(seconds=10)        # first hit of a group waits this long for others
    interval: Duration = timedelta(minutes=5)     # at least this long between two messages of a group
    repeat: Duration = timedelta(hours=4)         # a story already announced is re-announced (with its
                                                  # new spread) at most this often
    max_hits: int = Field(default=20, gt=0)       # hits per message


class _NotifierBase(Strict):
    name: Name | None = None                # default: the type, numbered if repeated
    route: RouteConfig = Field(default_factory=RouteConfig)
    group: GroupConfig | None = None        # default: delivery.group


class ConsoleNotifier(_NotifierBase):
    type: Literal["console"]
    # a terminal shows hits as they come: no waiting, still grouped per poll
    group: GroupConfig | None = GroupConfig(wait=timedelta(0), interval=timedelta(0))


def check_http_url(value: str) -> str:
    """``value`` unless it cannot be POSTed to: not http(s), unparseable, no host, whitespace or
    control characters. The message never repeats the URL (its path or user info is a secret)."""
    if any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise ValueError("the URL must not contain whitespace or control characters")
    try:
        parts = urlsplit(value)
        host, _ = parts.hostname, parts.port     # .port raises ValueError on a bad port
    except ValueError:
        raise ValueError("cannot parse the URL (check brackets around an IPv6 address and the port)") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("the URL must start with http:// or https://")
    if not host:
        raise ValueError("the URL has no host")
    return value


HttpUrl = Annotated[str, Field(min_length=1), AfterValidator(check_http_url)]


class WebhookNotifier(_NotifierBase):
    type: Literal["webhook"]
    url: HttpUrl
    secret: str | list[str] | None = None   # whsec_... ; a list for rotation (each one signs)
    timeout: Timeout = timedelta(seconds=10)
    min_interval: Duration = timedelta(0)   # pause between two messages to this destination

    @field_validator("secret")
    @classmethod
    def _secret_is_whsec(cls, value: str | list[str] | None) -> str | list[str] | None:
        for secret in [value] if isinstance(value, str) else value or []:
            secret_key_bytes(secret)
        return value


class SlackNotifier(_NotifierBase):
    type: Literal["slack"]
    url: HttpUrl
    timeout: Timeout = timedelta(seconds=10)
    min_interval: Duration = timedelta(seconds=1)   # Slack allows about one message per second


class AppriseNotifier(_NotifierBase):
    """Discord, Teams, Telegram, e-mail... via the optional apprise package (one URL, or several
    separated by commas)."""

    type: Literal["apprise"]
    url: str = Field(min_length=1)
    timeout: Timeout = timedelta(seconds=10)
    min_interval: Duration = timedelta(seconds=1)


NotifierConfig = Annotated[ConsoleNotifier | WebhookNotifier | SlackNotifier | AppriseNotifier,
                           Field(discriminator="type")]


class DeliveryConfig(Strict):
    """How the delivery loop runs."""

    interval: Period = timedelta(seconds=5)
    batch_size: int = Field(default=50, gt=0)
    lease: Period = timedelta(minutes=2)
    group: GroupConfig = Field(default_factory=GroupConfig)

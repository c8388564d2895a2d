"""Config of running unattended: the daemon's tick and health bound, the operators' HTTP server, retention."""

from __future__ import annotations

import re
from datetime import timedelta

from pydantic import Field, field_validator, model_validator

from monitor.config.base import Duration, Period, Strict

_LISTEN = re.compile(r"^(?:(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):)?(?P<port>\d{1,5})$")
DEFAULT_HOST = "127.0.0.1"


def parse_listen(value: str) -> tuple[str, int]:
    """``"9464"``, ``":9464"`` (both on 127.0.0.1), ``"0.0.0.0:9464"`` or ``"[::1]:9464"``."""
    m = _LISTEN.match(value)
    if not m or not 0 < int(m.group("port")) < 65536:
        raise ValueError(f"expected [host:]port with a port from 1 to 65535, got {value!r}")
    return (m.group("host") or DEFAULT_HOST).strip("[]"), int(m.group("port"))


class DaemonConfig(Strict):
    """The daemon's poll tick and what 'healthy' means."""

    poll_tick: Period = timedelta(seconds=10)          # how often due feeds are looked for
    max_cycle_age: Period = timedelta(minutes=3)       # ready: a poll cycle completed at most this long ago

    @model_validator(mode="after")
    def _bound_above_tick(self) -> DaemonConfig:
        if self.max_cycle_age <= self.poll_tick:
            raise ValueError("max_cycle_age must be longer than poll_tick, or the daemon is never ready")
        return self


class HttpConfig(Strict):
    """The operators' HTTP server (/healthz, /readyz, /metrics); off unless ``listen`` is set."""

    listen: str | None = None          # [host:]port; the host defaults to 127.0.0.1
    token: str | None = Field(default=None, min_length=16)   # bearer token for /readyz and /metrics

    @field_validator("listen")
    @classmethod
    def _listen(cls, value: str | None) -> str | None:
        if value is not None:
            parse_listen(value)
        return value

    def address(self) -> tuple[str, int] | None:
        return parse_listen(self.listen) if self.listen else None


class RetentionConfig(Strict):
    """How long items that gave no hit are kept (hits, their items and evidence are kept)."""

    items: Duration | None = timedelta(days=90)   # null keeps every item
    every: Duration = timedelta(hours=1)          # how often the purge runs

    @field_validator("items")
    @classmethod
    def _at_least_a_day(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value < timedelta(days=7):
            raise ValueError("keep items at least 7d: near-duplicate detection looks a week back")
        return value

    @field_validator("every")
    @classmethod
    def _every(cls, value: timedelta) -> timedelta:
        if value < timedelta(minutes=1):
            raise ValueError("must be at least 1m")
        return value

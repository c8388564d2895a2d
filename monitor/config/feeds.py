"""Config schema of feeds and of fetching."""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from monitor.config.base import Duration, Strict


class FeedConfig(Strict):
    """One feed to poll."""

    url: str = Field(min_length=1)
    name: str | None = None
    interval: Duration | None = None       # default: fetch.interval


class FetchConfig(Strict):
    """How feeds are polled (global settings)."""

    interval: Duration = timedelta(minutes=15)
    min_interval: Duration = timedelta(minutes=2)
    max_interval: Duration = timedelta(hours=6)
    jitter: float = Field(default=0.1, ge=0.0, le=0.5)    # fraction of the interval
    max_backoff: Duration = timedelta(hours=24)
    connect_timeout: Duration = timedelta(seconds=10)
    read_timeout: Duration = timedelta(seconds=30)
    deadline: Duration = timedelta(seconds=60)
    max_body_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    max_redirects: int = Field(default=5, ge=0)
    concurrency: int = Field(default=32, gt=0)
    per_host_concurrency: int = Field(default=4, gt=0)
    broken_after: int = Field(default=10, gt=0)            # error streak that notifies the operator
    allow_private_networks: bool = False
    lease: Duration = timedelta(minutes=5)                 # a replica's claim on a feed it polls
    workers: int | None = Field(default=None, ge=0)        # parse/match processes; default: one per core
    user_agent: str | None = None

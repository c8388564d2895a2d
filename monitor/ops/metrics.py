"""Prometheus metrics of polling, matching, health and retention (delivery's are in alert/metrics.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from prometheus_client import Counter, Gauge, Histogram

CYCLES = Counter("disinfo_monitor_poll_cycles_total", "Poll cycles by outcome", ["outcome"])  # completed|failed
CYCLE_SECONDS = Histogram("disinfo_monitor_poll_cycle_duration_seconds", "Duration of one poll cycle",
                          buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600))
POLLS = Counter("disinfo_monitor_polls_total", "Feed polls by outcome",
                ["outcome"])  # ok | not_modified | failed
ITEMS = Counter("disinfo_monitor_items_ingested_total", "New items stored")
DUPLICATES = Counter("disinfo_monitor_items_duplicate_total", "Items seen again (not stored twice)")
HITS = Counter("disinfo_monitor_hits_total", "Hits stored, by verdict and denial", ["verdict", "denial"])
FEEDS = Gauge("disinfo_monitor_feeds", "Feeds by health", ["health"])  # new|ok|degraded|broken|disabled
LAST_CYCLE = Gauge("disinfo_monitor_last_completed_cycle_timestamp_seconds",
                   "Unix time of the last completed poll cycle")
READY = Gauge("disinfo_monitor_ready", "1 when the daemon is ready (/readyz), else 0")
DELIVERY_OUTCOMES = Counter("disinfo_monitor_deliveries_total", "Delivery messages by outcome",
                            ["outcome"])  # sent | retry | dead | disabled | silenced | folded
ITEMS_PURGED = Counter("disinfo_monitor_items_purged_total", "Items removed by retention")
RELOADS = Counter("disinfo_monitor_config_reloads_total", "SIGHUP reloads by outcome", ["outcome"])
FEED_HEALTHS = ("new", "ok", "degraded", "broken", "disabled")


class CycleReport(Protocol):
    """What the daemon reads from a poll cycle's report (pipeline.poll.PollReport)."""

    @property
    def feeds_polled(self) -> int: ...
    @property
    def failed(self) -> int: ...
    @property
    def not_modified(self) -> int: ...
    @property
    def new_items(self) -> int: ...
    @property
    def duplicates(self) -> int: ...
    @property
    def hits(self) -> int: ...
    @property
    def released(self) -> int: ...


class DeliveryOutcomes(Protocol):
    """What the daemon reads from a delivery pass's report (pipeline.deliver.DeliveryReport)."""

    sent: int
    retrying: int
    dead: int
    silenced: int
    folded: int
    disabled: list[str]


def observe_cycle(report: CycleReport, seconds: float, finished_at: float) -> None:
    CYCLES.labels("completed").inc()
    CYCLE_SECONDS.observe(seconds)
    LAST_CYCLE.set(finished_at)
    ok = max(0, report.feeds_polled - report.failed - report.not_modified)
    POLLS.labels("ok").inc(ok)
    POLLS.labels("not_modified").inc(report.not_modified)
    POLLS.labels("failed").inc(report.failed)
    ITEMS.inc(report.new_items)
    DUPLICATES.inc(report.duplicates)


def observe_deliveries(report: DeliveryOutcomes) -> None:
    for outcome, count in (("sent", report.sent), ("retry", report.retrying), ("dead", report.dead),
                           ("disabled", len(report.disabled)), ("silenced", report.silenced),
                           ("folded", report.folded)):
        DELIVERY_OUTCOMES.labels(outcome).inc(count)


def set_feed_health(counts: Mapping[str, int]) -> None:
    for health in (*FEED_HEALTHS, *counts):
        FEEDS.labels(health).set(counts.get(health, 0))

"""Prometheus metrics of the delivery loop (registered on the default registry)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

ATTEMPTS = Counter("disinfo_monitor_delivery_attempts_total", "Delivery attempts", ["destination"])
DELIVERED = Counter("disinfo_monitor_delivery_sent_total", "Messages acknowledged (2xx)", ["destination"])
FAILURES = Counter("disinfo_monitor_delivery_failures_total", "Failed attempts by reason",
                   ["destination", "reason"])  # reason: retry | dead | disabled | error
LATENCY = Histogram("disinfo_monitor_delivery_latency_seconds", "Time of one send", ["destination"],
                    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
QUEUE_DEPTH = Gauge("disinfo_monitor_delivery_queue_depth", "Pending deliveries", ["destination"])
OLDEST_AGE = Gauge("disinfo_monitor_delivery_oldest_pending_seconds",
                   "Age of the oldest undelivered alert (0 when none)")

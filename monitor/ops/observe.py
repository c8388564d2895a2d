"""The daemon's structured log lines (cycle, hit, delivery pass, reload) and the metrics read from the database."""

from __future__ import annotations

import logging
from typing import Any

from monitor.app import App
from monitor.ops import metrics as om
from monitor.store.db import session_scope
from monitor.store.ops import NewHit, feed_health_counts, hit_counts_after, hits_after, last_hit_id

log = logging.getLogger("monitor.hits")


def cycle_fields(report: om.CycleReport, seconds: float) -> dict[str, Any]:
    return {"feeds_polled": report.feeds_polled, "feeds_failed": report.failed,
            "not_modified": report.not_modified, "items_new": report.new_items,
            "duplicates": report.duplicates, "hits": report.hits, "duration_s": round(seconds, 3)}


def delivery_fields(report: om.DeliveryOutcomes) -> dict[str, Any]:
    return {"sent": report.sent, "retrying": report.retrying, "dead": report.dead,
            "silenced": report.silenced, "folded": report.folded, "disabled": len(report.disabled)}


def reload_fields(app: App) -> dict[str, Any]:
    return {"feeds": len(app.config.feeds), "denials": len(app.config.denials),
            "notifiers": ",".join(app.notifiers) or "none"}


def safe_link(link: str | None) -> str | None:
    """Only http(s) links reach a log line."""
    if link and link[:8].lower().startswith(("http://", "https://")):
        return link
    return None


def hit_fields(hit: NewHit) -> dict[str, Any]:
    return {"hit_id": hit.id, "denial": hit.denial_id, "verdict": hit.verdict, "score": round(hit.score, 3),
            "feed": hit.feed, "title": hit.title, "link": safe_link(hit.link)}


def after_cycle(app: App, after_id: int | None) -> int:
    """Log one line per hit stored since ``after_id``, count them by verdict and denial, set the
    feed health gauges. Returns the new highest hit id (with None: only that, at start)."""
    with session_scope(app.sessions) as session:
        if after_id is None:
            om.set_feed_health(feed_health_counts(session))
            return last_hit_id(session)
        counts = hit_counts_after(session, after_id)
        hits = hits_after(session, after_id) if counts else []
        om.set_feed_health(feed_health_counts(session))
    highest = after_id
    for verdict, denial, n, top in counts:
        om.HITS.labels(verdict, denial).inc(n)
        highest = max(highest, top)
    for hit in hits:
        log.info("hit", extra=hit_fields(hit))
    logged = len(hits)
    total = sum(n for _, _, n, _ in counts)
    if total > logged:
        log.info("more hits than logged one by one", extra={"hits": total, "logged": logged})
    return highest

"""The pipeline: schedule -> fetch -> parse -> match -> store -> alert, wired in one place."""

from __future__ import annotations

from monitor.app import App
from monitor.daemon import POLL_TICK, Daemon


async def run_once(app: App) -> str:
    """Poll every feed once, then attempt every pending delivery (flushing groups). Returns a summary."""
    from monitor.pipeline.deliver import deliver_due
    from monitor.pipeline.poll import close_preparer, poll_feeds

    try:
        polled = await poll_feeds(app, force=True)
    finally:
        close_preparer(app)
    delivered = await deliver_due(app, flush=True, retry_now=True)
    return f"poll: {polled}\ndelivery: {delivered}"


async def run_daemon(app: App) -> None:
    """Poll due feeds every tick and deliver every delivery interval, until SIGTERM/SIGINT."""
    from monitor.pipeline.deliver import deliver_due
    from monitor.pipeline.poll import close_preparer, poll_feeds
    from monitor.store.instance import single_daemon

    # A tick longer than half the shortest interval could not keep it.
    tick = min(POLL_TICK, app.config.fetch.min_interval / 2)
    with single_daemon(app.config.database.url):
        try:
            await Daemon(app, poll=poll_feeds, deliver=deliver_due, poll_tick=tick).run()
        finally:
            close_preparer(app)

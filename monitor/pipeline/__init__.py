"""The pipeline: schedule -> fetch -> parse -> match -> store -> alert, wired in one place."""

from __future__ import annotations

from monitor.app import App
from monitor.daemon import Daemon, Reload


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


async def run_daemon(app: App, reload: Reload | None = None) -> None:
    """Poll due feeds every tick and deliver every delivery interval, until SIGTERM/SIGINT;
    SIGHUP calls ``reload`` and swaps in the App it returns."""
    from monitor.pipeline.deliver import deliver_due
    from monitor.pipeline.poll import close_preparers, poll_feeds
    from monitor.store.instance import single_daemon

    with single_daemon(app.config.database.url):
        try:
            await Daemon(app, poll=poll_feeds, deliver=deliver_due, reload=reload).run()
        finally:
            close_preparers()   # the worker processes of this app and of any reloaded one

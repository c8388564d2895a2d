"""The pipeline: schedule -> fetch -> parse -> match -> store -> alert, wired in one place."""

from __future__ import annotations

from monitor.app import App
from monitor.daemon import Daemon, Reload


async def run_once(app: App) -> str:
    """Poll every feed once, then attempt every pending delivery (flushing groups). Returns a summary."""
    from monitor.pipeline.deliver import deliver_due
    from monitor.pipeline.poll import poll_feeds

    polled = await poll_feeds(app, force=True)
    delivered = await deliver_due(app, flush=True, retry_now=True)
    return f"poll: {polled}\ndelivery: {delivered}"


async def run_daemon(app: App, reload: Reload | None = None) -> None:
    """Poll due feeds every tick and deliver every delivery interval, until SIGTERM/SIGINT;
    SIGHUP calls ``reload`` and swaps in the App it returns."""
    from monitor.pipeline.deliver import deliver_due
    from monitor.pipeline.poll import poll_feeds

    await Daemon(app, poll=poll_feeds, deliver=deliver_due, reload=reload).run()

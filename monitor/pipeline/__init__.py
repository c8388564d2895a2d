"""The pipeline: schedule -> fetch -> parse -> match -> store -> alert, wired in one place."""

from __future__ import annotations

import asyncio
import signal

from monitor.app import App
from monitor.daemon import Daemon, Reload
from monitor.stop import Stop


async def run_once(app: App, stop: Stop | None = None) -> str:
    """Poll every feed once, then attempt every pending delivery (flushing groups). Returns a summary.
    Once ``stop`` is set no further feed is claimed (those not polled are given back, still due) and
    no delivery pass starts (what is pending stays pending for the next run)."""
    from monitor.pipeline.deliver import deliver_due
    from monitor.pipeline.poll import close_preparer, poll_feeds

    stop = stop or Stop()
    try:
        polled = await poll_feeds(app, stop, force=True)
    finally:
        close_preparer(app)
    if stop.is_set():
        return f"poll: {polled}\ndelivery: not attempted (stopping)"
    delivered = await deliver_due(app, stop, flush=True, retry_now=True)
    return f"poll: {polled}\ndelivery: {delivered}"


async def run_once_until_signal(app: App) -> tuple[str, int | None]:
    """``run_once``, stopped as the daemon stops on SIGTERM or SIGINT (a cron job's timeout, Ctrl-C):
    the feeds in hand are written or given back, nothing more is claimed or sent. Returns the summary
    and the signal that stopped it, if one did."""
    stop, caught = Stop(), []
    loop = asyncio.get_running_loop()

    def on_signal(sig: int) -> None:
        caught.append(sig)
        stop.set()

    signals = (signal.SIGTERM, signal.SIGINT)
    for sig in signals:
        loop.add_signal_handler(sig, on_signal, sig)
    try:
        summary = await run_once(app, stop)
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)
    return summary, caught[0] if caught else None


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

"""The long-running daemon: APScheduler runs the poll tick and the delivery loop until a signal."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.app import App
from monitor.store.db import default_data_dir, write_private_text

log = logging.getLogger(__name__)

# How often the scheduler looks for due feeds; each feed's own interval lives in the database.
POLL_TICK = timedelta(seconds=10)


def heartbeat_path() -> Path:
    """Touched after every poll tick; ``disinfo-monitor healthcheck`` reads its age."""
    return default_data_dir() / "heartbeat"


def write_heartbeat() -> None:
    path = heartbeat_path()
    try:
        write_private_text(path, datetime.now().astimezone().isoformat())
    except OSError as exc:  # a read-only data dir must not stop the daemon
        log.warning("cannot write heartbeat %s: %s", path, exc)


class Daemon:
    """Runs ``poll`` every tick and ``deliver`` every delivery interval; stops cleanly on a signal,
    letting the running job finish its transaction first."""

    def __init__(self, app: App, poll: Callable[[App], Awaitable[object]],
                 deliver: Callable[[App], Awaitable[object]], *, poll_tick: timedelta = POLL_TICK) -> None:
        self.app = app
        self._poll = poll
        self._deliver = deliver
        self._poll_tick = poll_tick
        self._stop = asyncio.Event()
        self._running: set[asyncio.Task[None]] = set()

    async def _guarded(self, name: str, job: Callable[[App], Awaitable[object]]) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            await job(self.app)
        except Exception:  # one failed cycle must never stop the daemon
            log.exception("%s cycle failed; the daemon goes on", name)
        finally:
            self._running.discard(task)
            if name == "poll":
                write_heartbeat()

    def _start_metrics(self) -> None:
        listen = self.app.config.metrics.listen
        if not listen:
            return
        from prometheus_client import start_http_server

        host, _, port = listen.rpartition(":")
        start_http_server(int(port), addr=host or "0.0.0.0")
        log.info("metrics on http://%s/metrics", listen)

    def stop(self) -> None:
        self._stop.set()

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not on the main thread
                loop.add_signal_handler(sig, self.stop)
        scheduler = AsyncIOScheduler(timezone="UTC")
        now = datetime.now(self.app.now().tzinfo)
        scheduler.add_job(self._guarded, "interval", args=("poll", self._poll), id="poll",
                          seconds=self._poll_tick.total_seconds(), next_run_time=now,
                          max_instances=1, coalesce=True, misfire_grace_time=None)
        scheduler.add_job(self._guarded, "interval", args=("delivery", self._deliver), id="deliver",
                          seconds=self.app.config.delivery.interval.total_seconds(),
                          next_run_time=now + timedelta(seconds=1),
                          max_instances=1, coalesce=True, misfire_grace_time=None)
        self._start_metrics()
        scheduler.start()
        log.info("daemon started: %d feeds, %d denials, notifiers: %s", len(self.app.config.feeds),
                 len(self.app.config.denials), ", ".join(self.app.notifiers) or "none")
        try:
            await self._stop.wait()
        finally:
            log.info("stopping: waiting for %d running job(s) to finish", len(self._running))
            scheduler.shutdown(wait=False)
            if self._running:
                await asyncio.wait(set(self._running), timeout=60)
            log.info("stopped")

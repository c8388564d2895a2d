"""The long-running daemon: APScheduler runs the poll tick, the delivery loop, the health check and
retention until SIGTERM/SIGINT; SIGHUP reloads the config."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from monitor.app import App
from monitor.errors import MonitorError
from monitor.ops import metrics as om
from monitor.ops.health import HEALTH_FILE, HealthState, Readiness, write_health
from monitor.ops.http import OpsServer
from monitor.ops.logs import clean
from monitor.ops.observe import after_cycle, cycle_fields, delivery_fields, reload_fields
from monitor.ops.retention import purge
from monitor.stop import Stop
from monitor.store.db import default_data_dir
from monitor.store.ops import ping

if TYPE_CHECKING:
    from monitor.console.server import ConsoleServer

log = logging.getLogger(__name__)
HEALTH_TICK = timedelta(seconds=5)   # how often readiness is checked and the health file written
PING_TIMEOUT = 5.0
# On SIGTERM the jobs stop at their next check (a poll abandons its fetches, a delivery finishes the
# message it is sending): a second or two. A job still running after STOP_GRACE is cancelled: under
# the 10 s a container runtime gives by default before SIGKILL.
STOP_GRACE = 8.0

Reload = Callable[[App], App]        # builds a new App from the running one; raises MonitorError


def health_path() -> Path:
    """Rewritten every health tick; ``disinfo-monitor healthcheck`` reads it."""
    return default_data_dir() / HEALTH_FILE


def _console_start(app: App) -> tuple[object, ...]:
    """What the console in the daemon was started with (a reload does not change these)."""
    console = app.config.console
    return console.in_daemon, console.listen, console.token, tuple(console.users), console.secret_key


def _short(exc: BaseException) -> str:
    first = (str(exc).strip().splitlines() or [""])[0]
    return clean(f"{type(exc).__name__}: {first}", 300)


class Daemon:
    """Runs ``poll`` every tick and ``deliver`` every delivery interval; on a signal it starts no
    job and tells the running ones to stop (``Stop``): they finish the transaction or send in hand."""

    def __init__(self, app: App, poll: Callable[[App, Stop], Awaitable[om.CycleReport]],
                 deliver: Callable[[App, Stop], Awaitable[Any]], *, reload: Reload | None = None) -> None:
        self.app = app
        self._poll, self._deliver, self._reload = poll, deliver, reload
        self._stop = Stop()
        self._running: set[asyncio.Task[Any]] = set()
        self._db_lock = asyncio.Lock()        # a poll, a purge and a reload never overlap
        self._scheduler: AsyncIOScheduler | None = None
        self._server: OpsServer | None = None
        self._console: ConsoleServer | None = None
        self._last_tick = time.time()
        self._was_ready: bool | None = None
        self._last_hit_id: int | None = None
        self._failures: dict[str, tuple[str, int]] = {}     # job event -> (last error, repeats)
        self.health = HealthState(app.config.daemon.max_cycle_age.total_seconds())

    @contextlib.asynccontextmanager
    async def _tracked(self) -> AsyncIterator[None]:
        task = asyncio.current_task()
        assert task is not None
        self._running.add(task)
        try:
            yield
        except asyncio.CancelledError:
            if not self._stop.is_set():
                raise
            # cut off after the stop grace (_finish_jobs logged it): the job ends here, quietly
        finally:
            self._running.discard(task)

    async def _poll_job(self) -> None:
        async with self._tracked(), self._db_lock:
            app, started = self.app, time.monotonic()
            try:
                report = await self._poll(app, self._stop)
            except Exception as exc:  # one failed cycle must never stop the daemon
                om.CYCLES.labels("failed").inc()
                self.health.cycle_failed(_short(exc))
                self._failed("poll cycle failed", exc)
                return
            self._failures.pop("poll cycle failed", None)
            seconds = time.monotonic() - started
            if self._stop.is_set():   # cut short: not a completed cycle
                log.info("poll cycle stopped", extra={**cycle_fields(report, seconds), "feeds_released": report.released})
                return
            self.health.cycle_completed()
            om.observe_cycle(report, seconds, time.time())
            # a tick with no feed due is not worth a line at INFO (one every 10 s)
            log.log(logging.INFO if report.feeds_polled else logging.DEBUG, "poll cycle",
                    extra=cycle_fields(report, seconds))
            try:
                self._last_hit_id = await asyncio.to_thread(after_cycle, app, self._last_hit_id)
            except Exception:  # noqa: BLE001 - hit lines and gauges are reporting, not the cycle
                log.exception("logging the cycle's hits failed")

    async def _deliver_job(self) -> None:
        async with self._tracked():
            try:
                report = await self._deliver(self.app, self._stop)
            except Exception as exc:  # one failed pass must never stop the daemon
                self._failed("delivery pass failed", exc)
                return
            self._failures.pop("delivery pass failed", None)
            om.observe_deliveries(report)
            fields = delivery_fields(report)
            if any(fields.values()):
                log.info("delivery pass", extra=fields)

    def _failed(self, event: str, exc: Exception) -> None:
        """Log a failed job with its traceback; the same failure again gets one line, not another
        traceback (a database that is down for an hour does not flood the log)."""
        short = _short(exc)
        previous, repeats = self._failures.get(event, (None, 0))
        if previous == short:
            self._failures[event] = (short, repeats + 1)
            log.error(event, extra={"error": short, "repeats": repeats + 1})
        else:
            self._failures[event] = (short, 0)
            log.error(event, exc_info=exc, extra={"error": short})

    def _scheduler_alive(self) -> bool:
        fresh = time.time() - self._last_tick < 4 * HEALTH_TICK.total_seconds() + 10
        return bool(self._scheduler is not None and self._scheduler.running and fresh)

    def readiness(self) -> Readiness:
        """Readiness now (called from the HTTP server's threads): pings the database."""
        try:
            ping(self.app.engine)
            db_error = None
        except Exception as exc:  # noqa: BLE001 - any failure means: not reachable
            db_error = _short(exc)
        console_error = self._console.problem() if self._console is not None else None
        return self.health.check(db_error=db_error, scheduler_running=self._scheduler_alive(),
                                 console_error=console_error)

    async def _health_job(self) -> None:
        self._last_tick = time.time()
        try:
            state = await asyncio.wait_for(asyncio.to_thread(self.readiness), PING_TIMEOUT)
        except TimeoutError:
            state = self.health.check(db_error=f"no answer in {PING_TIMEOUT:.0f}s", scheduler_running=True)
        om.READY.set(1 if state.ready else 0)
        try:
            write_health(health_path(), state)
        except OSError as exc:  # a read-only data dir must not stop the daemon
            log.warning("cannot write the health file", extra={"path": str(health_path()), "error": str(exc)})
        if state.ready != self._was_ready and (self._was_ready is not None or not state.ready):
            level = logging.INFO if state.ready else logging.WARNING
            log.log(level, "ready" if state.ready else "not ready", extra={"reasons": "; ".join(state.reasons)})
        self._was_ready = state.ready

    async def _retention_job(self) -> None:
        async with self._tracked(), self._db_lock:
            try:
                done = await asyncio.to_thread(purge, self.app, self._stop)
            except Exception as exc:  # noqa: BLE001 - retention runs again at its next interval
                self._failed("retention purge failed", exc)
                return
        if done is not None:
            om.ITEMS_PURGED.inc(done.items)
            log.info("retention purge", extra={"items_purged": done.items, "stories_purged": done.stories,
                                               "cutoff": done.cutoff.isoformat()})

    async def _reload_job(self) -> None:
        if self._reload is None:
            log.warning("SIGHUP ignored: this daemon has no config to reload")
            return
        async with self._tracked(), self._db_lock:
            old = self.app
            try:
                new = await asyncio.to_thread(self._reload, old)
            except MonitorError as exc:
                om.RELOADS.labels("refused").inc()
                log.error("config reload refused; the running config stays", extra={"error": str(exc)})
                return
            except Exception:  # noqa: BLE001 - a bad reload never stops the daemon
                om.RELOADS.labels("refused").inc()
                log.exception("config reload refused (unexpected error); the running config stays")
                return
            self.app = new                 # atomic: a running job keeps the App it started with
        self.health.max_cycle_age = new.config.daemon.max_cycle_age.total_seconds()
        self._reschedule(old, new)
        om.RELOADS.labels("applied").inc()
        log.info("config reloaded", extra=reload_fields(new))
        if new.config.http != old.config.http:
            log.warning("http settings take effect on the next restart")
        if self._console is not None:
            self._console.reload(new.config)
        if _console_start(new) != _console_start(old):
            log.warning("console.in_daemon, listen and logins take effect on the next restart")

    def _reschedule(self, old: App, new: App) -> None:
        if self._scheduler is None:
            return
        for job, before, after in (("poll", old.config.daemon.poll_tick, new.config.daemon.poll_tick),
                                   ("deliver", old.config.delivery.interval, new.config.delivery.interval),
                                   ("retention", old.config.retention.every, new.config.retention.every)):
            if before != after:
                self._scheduler.reschedule_job(job, trigger="interval", seconds=after.total_seconds())

    def stop(self) -> None:
        self._stop.set()

    def _on_sighup(self) -> None:
        task = asyncio.ensure_future(self._reload_job())
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    def _start_servers(self) -> None:
        """The console (``console.in_daemon``) first: a config error or a port in use stops the start
        before anything else listens."""
        if self.app.config.console.in_daemon:
            from monitor.console.server import ConsoleServer

            self._console = ConsoleServer(self.app.config, self.app.sessions, now=self.app.now)
            self._console.start()
        address = self.app.config.http.address()
        if address is None:
            return
        self._server = OpsServer(address[0], address[1], self.readiness, self.app.config.http.token)
        self._server.start()

    def _schedule(self, scheduler: AsyncIOScheduler) -> None:
        cfg = self.app.config
        now = datetime.now(self.app.now().tzinfo)
        jobs: list[tuple[str, Callable[[], Awaitable[None]], timedelta, timedelta]] = [
            ("poll", self._poll_job, cfg.daemon.poll_tick, timedelta(0)),
            ("deliver", self._deliver_job, cfg.delivery.interval, timedelta(seconds=1)),
            ("health", self._health_job, HEALTH_TICK, timedelta(seconds=2)),
            ("retention", self._retention_job, cfg.retention.every, timedelta(seconds=30))]
        for job_id, func, every, delay in jobs:
            scheduler.add_job(func, "interval", id=job_id, seconds=every.total_seconds(),
                              next_run_time=now + delay, max_instances=1, coalesce=True,
                              misfire_grace_time=None)

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        for sig, handler in ((signal.SIGTERM, self.stop), (signal.SIGINT, self.stop),
                             (signal.SIGHUP, self._on_sighup)):
            with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError):  # not on the main thread
                loop.add_signal_handler(sig, handler)
        self._last_hit_id = await asyncio.to_thread(after_cycle, self.app, None)
        self._start_servers()
        self._scheduler = scheduler = AsyncIOScheduler(timezone="UTC")
        self._schedule(scheduler)
        scheduler.start()
        log.info("daemon started", extra=reload_fields(self.app))
        try:
            await self._stop.wait()
        finally:
            started = time.monotonic()
            await self._finish_jobs(scheduler)
            if self._console is not None:
                await asyncio.to_thread(self._console.stop)
            if self._server is not None:
                self._server.stop()
            log.info("stopped", extra={"duration_s": round(time.monotonic() - started, 3)})

    async def _finish_jobs(self, scheduler: AsyncIOScheduler) -> None:
        """No job starts from now on; the running ones are told to stop and given STOP_GRACE
        seconds, then cancelled (APScheduler's shutdown cancels the tasks it started)."""
        self._stop.set()      # also when run() itself is cancelled
        log.info("stopping: no new work; running jobs finish what they hold", extra={"jobs": len(self._running)})
        scheduler.pause()
        late: set[asyncio.Task[Any]] = set()
        if self._running:
            _, late = await asyncio.wait(set(self._running), timeout=STOP_GRACE)
        if late:
            log.warning("jobs still running after the stop grace: cancelled",
                        extra={"jobs": len(late), "grace_s": STOP_GRACE})
        scheduler.shutdown(wait=False)
        for task in late:
            task.cancel()
        if late:
            await asyncio.wait(late, timeout=STOP_GRACE)

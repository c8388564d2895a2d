"""Where feed bodies are prepared: a process pool (every core of the machine) or a thread.

Parsing, MinHash and matching are CPU-bound Python; in threads they share one core. The pool's
workers each compile the matcher once and open their own (read-only) database connection; the
event loop keeps fetching and the single writer keeps writing while they work.

Starting a worker costs about 2 s of CPU (imports, the language model, the rules): a cycle with
little new work (most feeds answering 304, changed feeds mostly old items) is cheaper in a thread.
With the default ``fetch.workers`` the pool is started only when a backlog builds up: when the
bodies waiting for the thread would take it POOL_BACKLOG_SECONDS, at the rate (CPU seconds per
body byte) the thread has shown so far in this cycle.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from sqlalchemy.orm import Session, sessionmaker

from monitor.app import App
from monitor.config.model import Config
from monitor.errors import FetchError
from monitor.match.lang.guess import release_table_pages
from monitor.match.types import Matcher
from monitor.pipeline.prepare import Job, Prepared, prepare_feed
from monitor.store.db import create_db_engine, make_sessions

log = logging.getLogger(__name__)
# Seconds of the thread's work waiting that start the pool: about what starting a worker costs.
# Bodies of new items take about 1 s of CPU per MB (50 items of 2 KB: 0.1 s); a changed feed whose
# items are mostly stored takes a tenth of that (its old items are cut before feedparser), so a
# warm cycle (fetching runs at most 2 x fetch.concurrency feeds ahead of the thread) stays in it.
POOL_BACKLOG_SECONDS = 2.0
PRIOR_SECONDS_PER_BYTE = 1.0e-6   # the rate assumed before the thread has prepared a body

_worker: tuple[sessionmaker[Session], Matcher] | None = None   # in each worker process


def _init_worker(config: Config, parent: int) -> None:
    global _worker
    from monitor.match import compile_matcher

    _worker = (make_sessions(create_db_engine(config.database.url)), compile_matcher(config.denials))
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="parent-watch").start()


def _exit_with_parent(parent: int) -> None:
    """A daemon killed with SIGKILL cannot stop its workers: they notice and exit within a second."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _run_in_worker(job: Job) -> Prepared:
    assert _worker is not None, "worker not initialised"
    return prepare_feed(job, *_worker)


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class Preparer:
    """Runs ``prepare_feed`` for the poll cycle: in a process pool of ``workers`` processes, or
    in a thread when ``workers`` <= 1. With ``backlog`` (seconds), jobs go to a thread until the
    bodies waiting for it would take it ``backlog`` seconds; then the pool starts and takes every later job.
    A worker that dies costs its feed, not the cycle: the pool is started again."""

    def __init__(self, app: App, workers: int, backlog: float | None = None) -> None:
        self.app = app
        self.workers = workers
        self.backlog = backlog
        self._pool: ProcessPoolExecutor | None = None
        self._thread: ThreadPoolExecutor | None = None
        self._waiting = 0               # body bytes given to the thread and not done yet
        self._rate = PRIOR_SECONDS_PER_BYTE   # the thread's CPU seconds per body byte (moving average)
        self._released = False          # the language table's pages given back since the pool started

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # spawn: the parent has threads (event loop helpers, the writer), fork would copy their locks
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_init_worker,
                                             initargs=(self.app.config, os.getpid()))
        return self._pool

    def _in_thread(self, job: Job) -> bool:
        if self.workers <= 1:
            return True
        if self._pool is not None or self.backlog is None:
            return False
        return (self._waiting + len(job.body)) * self._rate < self.backlog

    def _timed(self, job: Job) -> Prepared:
        """prepare_feed in the thread, its CPU time per body byte kept for ``_in_thread``."""
        start = time.thread_time()
        try:
            return prepare_feed(job, self.app.sessions, self.app.matcher)
        finally:
            if job.body:
                self._rate = 0.7 * self._rate + 0.3 * (time.thread_time() - start) / len(job.body)

    async def prepare(self, job: Job) -> Prepared:
        if self.workers <= 1:
            return await asyncio.to_thread(prepare_feed, job, self.app.sessions, self.app.matcher)
        if self._in_thread(job):
            if self._thread is None:
                self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prepare")
            self._waiting += len(job.body)
            try:
                return await asyncio.get_running_loop().run_in_executor(self._thread, self._timed, job)
            finally:
                self._waiting -= len(job.body)
                self._release_if_handed_over()
        pool = self._start()
        self._release_if_handed_over()
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, _run_in_worker, job)
        except BrokenProcessPool as exc:
            log.error("a parse worker died (feed %s); restarting the pool", job.url)
            if self._pool is pool:
                self._pool = None
                self._released = False
                pool.shutdown(wait=False, cancel_futures=True)
            raise FetchError(f"parse worker died: {exc}", url=job.url) from exc

    def _release_if_handed_over(self) -> None:
        """Once the pool runs and the thread has nothing left, this process guesses no language
        any more: its pages of the language model's table go back (its workers map their own)."""
        if self._pool is not None and not self._waiting and not self._released:
            self._released = True
            release_table_pages()

    @property
    def executor(self) -> Executor | None:
        return self._pool

    @property
    def started(self) -> bool:
        """Whether the process pool is running."""
        return self._pool is not None

    def close(self) -> None:
        if self._thread is not None:
            self._thread.shutdown(wait=True, cancel_futures=True)
            self._thread = None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._released = False

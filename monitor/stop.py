"""The daemon's stop request: set once on SIGTERM/SIGINT; long jobs check it between units of work."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


class Stop:
    """A poll cycle stops claiming feeds and abandons the fetches in flight, a delivery pass sends
    no further message, a retention purge runs no further batch; what is being written is written.

    ``set`` is called on the event loop's thread (the signal handler); ``is_set`` from any thread.
    """

    def __init__(self) -> None:
        self._flag = threading.Event()
        self._waiters: set[asyncio.Future[None]] = set()

    def set(self) -> None:
        self._flag.set()
        for waiter in list(self._waiters):
            if not waiter.done():
                waiter.set_result(None)

    def is_set(self) -> bool:
        return self._flag.is_set()

    async def wait(self) -> None:
        if self.is_set():
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.add(waiter)
        try:
            await waiter
        finally:
            self._waiters.discard(waiter)

    async def unless_stopped(self, work: Awaitable[T]) -> T | None:
        """``work``'s result (or its exception), or None when the stop comes first: ``work`` is
        then cancelled. A result that is ready when the stop comes is kept."""
        task = asyncio.ensure_future(work)
        if self.is_set():
            task.cancel()
        else:
            waiter = asyncio.ensure_future(self.wait())
            try:
                await asyncio.wait((task, waiter), return_when=asyncio.FIRST_COMPLETED)
            finally:   # stopped, or this coroutine was cancelled: neither runs on
                waiter.cancel()
                if not task.done():
                    task.cancel()
        await asyncio.wait((task,))          # the cancelled work has unwound (never raises its error)
        return None if task.cancelled() else task.result()

"""Stop.unless_stopped: the work's result or error, None when the stop comes first (the work is
cancelled), and the caller's own cancellation is never swallowed."""

from __future__ import annotations

import asyncio

import pytest

from monitor.stop import Stop


async def _slow(log: list[str], seconds: float = 30.0) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        log.append("cancelled")
        raise
    return "done"


def test_the_result_when_no_stop_comes() -> None:
    async def main() -> str | None:
        return await Stop().unless_stopped(_slow([], 0.01))
    assert asyncio.run(main()) == "done"


def test_the_work_is_cancelled_when_the_stop_comes_first() -> None:
    log: list[str] = []

    async def main() -> str | None:
        stop = asyncio.get_running_loop().call_later(0.05, stopper.set)
        try:
            return await stopper.unless_stopped(_slow(log))
        finally:
            stop.cancel()
    stopper = Stop()
    assert asyncio.run(main()) is None
    assert log == ["cancelled"] and stopper.is_set()


def test_nothing_starts_once_stopped() -> None:
    log: list[str] = []

    async def main() -> str | None:
        stop = Stop()
        stop.set()
        await stop.wait()                       # returns at once
        return await stop.unless_stopped(_slow(log))
    assert asyncio.run(main()) is None
    assert log == []                            # cancelled before it ran


def test_the_works_error_is_raised() -> None:
    async def fails() -> str:
        raise ValueError("bad feed")

    async def main() -> str | None:
        return await Stop().unless_stopped(fails())
    with pytest.raises(ValueError, match="bad feed"):
        asyncio.run(main())


def test_the_callers_cancellation_cancels_the_work_and_propagates() -> None:
    log: list[str] = []

    async def main() -> None:
        task = asyncio.ensure_future(Stop().unless_stopped(_slow(log)))
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.sleep(0)                  # the work's cancellation runs
    asyncio.run(main())
    assert log == ["cancelled"]

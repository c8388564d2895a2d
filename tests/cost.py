"""Cost assertions that hold on a loaded machine (other tests and builds share its cores): the CPU
time of this process instead of wall time, the best of a few runs, and growth ratios."""

from __future__ import annotations

import time
from collections.abc import Callable


def cpu_seconds(work: Callable[[], object], runs: int = 3) -> float:
    """The least CPU time (this process, all its threads) ``work()`` took in ``runs`` runs: time
    spent waiting for a core, or for another process, is not counted."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def assert_linear(work: Callable[[int], object], n: int, *, factor: int = 10, slack: float = 3.0,
                  floor: float = 0.01) -> None:
    """``work(factor * n)`` costs at most ``slack * factor`` times what ``work(n)`` costs (CPU, best
    of three each): linear work passes with room to spare, quadratic work (``factor ** 2``) fails.
    Work that stays under ``floor`` seconds at the larger size passes whatever its ratio: a ratio of
    microseconds is noise."""
    small = cpu_seconds(lambda: work(n))
    big = cpu_seconds(lambda: work(factor * n))
    assert big <= max(slack * factor * small, floor), (
        f"work({factor * n}) took {big:.3f} s of CPU, {big / max(small, 1e-9):.0f} times work({n}) "
        f"({small:.4f} s): worse than linear")


def process_tree_cpu() -> float:
    """CPU seconds of this process and of its children that have exited (parse workers, once joined)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

"""SIGKILL the delivery worker at random points, many times: nothing lost, repeats keep their id."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from monitor.config.model import Config
from monitor.store import models
from monitor.store.db import session_scope
from tests.alert.helpers import Clock, make_app, make_config, seed_hit
from tests.alert.receiver import Receiver

ROOT = Path(__file__).resolve().parents[2]
HITS = 40
KILLS = 15


def crash_config(db_url: str, url: str, lease: str = "1s") -> Config:
    hook = {"type": "webhook", "name": "hook", "url": url, "timeout": 2,
            "group": {"wait": 0, "interval": 0, "max_hits": 1}}
    return make_config(db_url, [hook], lease=lease)


def worker(db_url: str, url: str, lease: str = "1s") -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "tests.alert.crash_worker", db_url, url, lease], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.slow
def test_sigkill_during_delivery_loses_nothing(sqlite_url: str, hook: Receiver) -> None:
    def slow_ok(_r: Any) -> tuple[int, str, dict[str, str]]:
        time.sleep(0.01)            # widen the window between "received" and "marked sent"
        return 200, "ok", {}

    hook.script(slow_ok)
    app = make_app(crash_config(sqlite_url, hook.url()), Clock(datetime.now(UTC)))
    hit_ids = [seed_hit(app, n, denial="sugovushan" if n % 3 else "washington") for n in range(HITS)]
    rng = random.Random(5)
    killed_mid_delivery = 0
    for _ in range(KILLS):
        before = len(hook.accepted)
        proc = worker(sqlite_url, hook.url())
        deadline = time.monotonic() + 5
        while len(hook.accepted) == before and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)                     # wait until it is delivering ...
        time.sleep(rng.uniform(0.0, 0.12))        # ... then kill it at a random point
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        killed_mid_delivery += before < len(hook.accepted) < before + HITS
        time.sleep(1.05)                          # let the killed worker's lease expire (1s, the shortest allowed)
    proc = worker(sqlite_url, hook.url())
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode()[-2000:]
    assert killed_mid_delivery >= 3, killed_mid_delivery     # the kills did land during delivery

    print(f"kills mid-delivery: {killed_mid_delivery}/{KILLS}, receipts: {len(hook.accepted)} for {HITS} hits")
    by_hit: dict[int, set[str]] = {}
    for req in hook.accepted:
        by_hit.setdefault(req.json()["data"]["hit_id"], set()).add(req.headers["webhook-id"])
    assert sorted(by_hit) == sorted(hit_ids), set(hit_ids) - set(by_hit)  # each arrived at least once
    assert all(len(ids) == 1 for ids in by_hit.values())      # a repeat carries the same webhook-id
    with session_scope(app.sessions) as s:
        assert set(s.scalars(select(models.Delivery.status))) == {"sent"}


def test_three_worker_processes_share_one_queue(database_url: str, hook: Receiver) -> None:
    app = make_app(crash_config(database_url, hook.url()), Clock(datetime.now(UTC)))
    hit_ids = [seed_hit(app, n, denial="sugovushan" if n % 2 else "washington") for n in range(30)]
    procs = [worker(database_url, hook.url(), lease="10s") for _ in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()[-2000:]
    got: dict[int, set[str]] = {}
    for req in hook.accepted:
        got.setdefault(req.json()["data"]["hit_id"], set()).add(req.headers["webhook-id"])
    assert sorted(got) == hit_ids and all(len(ids) == 1 for ids in got.values())
    assert len(hook.accepted) == 30                       # leases: no message went out twice
    assert [r.json()["data"]["hit_id"] for r in hook.accepted] == hit_ids   # in order of the hits

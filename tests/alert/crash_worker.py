"""Delivery worker for the crash test: drains the outbox of a SQLite file, then exits 0.

    python -m tests.alert.crash_worker DB_URL RECEIVER_URL LEASE
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

from monitor.pipeline.deliver import deliver_due
from tests.alert.helpers import make_app
from tests.alert.test_crash import crash_config


async def drain(db_url: str, url: str, lease: str) -> None:
    app = make_app(crash_config(db_url, url, lease), lambda: datetime.now(UTC))  # type: ignore[arg-type]
    while True:
        report = await deliver_due(app, flush=True)
        if report.pending == 0:
            return
        await asyncio.sleep(0.05)   # wait out another worker's lease


if __name__ == "__main__":
    asyncio.run(drain(sys.argv[1], sys.argv[2], sys.argv[3]))

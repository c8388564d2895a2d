"""The quick version of benchmarks/bench_hostile.py: every hostile item within 1 s CPU and 200 MB."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(120)
def test_no_hostile_item_costs_more_than_its_budget() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_hostile.py"), "--quick"],
                          capture_output=True, text=True, timeout=110)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.endswith(("yes", "OVER"))]
    assert len(rows) == 19 and all(row.endswith("yes") for row in rows), proc.stdout
    assert "0 of 19 cases over budget" in proc.stdout

"""Benchmarks and scripts are not run by the suite; at least their imports must not rot."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted([*ROOT.glob("benchmarks/*.py"), *ROOT.glob("scripts/*.py")])


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_imports(path: Path) -> None:
    spec = importlib.util.spec_from_file_location(f"_check_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)  # each file runs its work only under __main__
    finally:
        del sys.modules[spec.name]
    assert callable(getattr(module, "main", None))

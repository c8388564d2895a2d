"""Stages do not import each other: the pipeline wires them (STYLE.md, habit 1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "monitor"

# stage -> modules it must never import (a prefix forbids the whole subtree)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "match": ("monitor.fetch", "monitor.parse", "monitor.dedup", "monitor.schedule", "monitor.alert",
              "monitor.store", "monitor.pipeline", "monitor.cli", "monitor.app", "monitor.daemon", "monitor.suggest"),
    # the suggester (an analyst tool) uses the match engine and the config models, nothing of the daemon
    "suggest": ("monitor.fetch", "monitor.parse", "monitor.dedup", "monitor.schedule", "monitor.alert",
                "monitor.store", "monitor.pipeline", "monitor.cli", "monitor.app", "monitor.daemon"),
    "fetch": ("monitor.match", "monitor.alert", "monitor.pipeline", "monitor.cli", "monitor.daemon", "monitor.app"),
    "parse": ("monitor.match", "monitor.alert", "monitor.fetch", "monitor.pipeline", "monitor.cli",
              "monitor.daemon", "monitor.app", "monitor.store"),
    "dedup": ("monitor.match", "monitor.alert", "monitor.fetch", "monitor.pipeline", "monitor.cli",
              "monitor.daemon", "monitor.app"),
    "schedule": ("monitor.match", "monitor.alert", "monitor.fetch", "monitor.parse", "monitor.store",
                 "monitor.pipeline", "monitor.cli", "monitor.daemon", "monitor.app"),
    "alert": ("monitor.fetch", "monitor.parse", "monitor.dedup", "monitor.schedule", "monitor.pipeline",
              "monitor.cli", "monitor.daemon"),
    "store": ("monitor.fetch", "monitor.parse", "monitor.alert", "monitor.pipeline", "monitor.cli",
              "monitor.daemon", "monitor.app"),
    # the console is a shell like cli/: it reads the store and uses match/fetch/parse, never runs the pipeline
    "console": ("monitor.pipeline", "monitor.daemon", "monitor.cli", "monitor.alert", "monitor.dedup",
                "monitor.schedule"),
    "config": ("monitor.fetch", "monitor.parse", "monitor.match", "monitor.alert", "monitor.pipeline",
               "monitor.cli", "monitor.daemon", "monitor.app"),
}
ALLOWED = ("monitor.match.types",)  # the match stage's public value types may be used anywhere


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def violations(stage: str) -> list[str]:
    out = []
    for path in sorted((PACKAGE / stage).rglob("*.py")):
        for name in sorted(imports_of(path)):
            if name.startswith(ALLOWED):
                continue
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[stage]):
                out.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return out


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_stage_imports_stay_in_their_lane(stage: str) -> None:
    assert (PACKAGE / stage).is_dir()
    assert violations(stage) == []


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "x.py"
    bad.write_text("from monitor.alert import outbox\nimport monitor.fetch.client\n")
    assert {"monitor.alert", "monitor.alert.outbox", "monitor.fetch.client"} <= imports_of(bad)

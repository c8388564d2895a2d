"""--config and --log-level are accepted before or after the subcommand."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.ops.logs import setup_logging


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    yield
    setup_logging("INFO", "text")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(f"database:\n  url: sqlite:///{tmp_path}/m.db\nfeeds:\n  - name: wire\n"
                    "    url: https://example.org/rss\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("command", [["check-config"], ["feeds", "list"], ["hits"], ["deliveries", "list"],
                                     ["classify"]])
def test_config_before_or_after(config: Path, tmp_path: Path, where: str, command: list[str]) -> None:
    args = ["--config", str(config), *command] if where == "before" else [*command, "--config", str(config)]
    result = CliRunner().invoke(main, args, input="")
    assert result.exit_code == 0, result.output
    if command == ["check-config"]:
        assert result.output.startswith(f"{config}: OK (1 feeds")
    if command == ["feeds", "list"]:
        assert "wire" in result.output


def test_a_missing_global_config_is_named(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "nope.yaml"), "feeds", "list"])
    assert result.exit_code == 2 and f"{tmp_path / 'nope.yaml'}: file not found" in result.output


def test_the_one_after_the_subcommand_wins(config: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--config", str(tmp_path / "nope.yaml"), "check-config", "--config",
                                       str(config)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("args", "level"), [
    (["--log-level", "DEBUG", "check-config"], logging.DEBUG),
    (["check-config", "--log-level", "ERROR"], logging.ERROR),
    (["feeds", "list", "--log-level", "warning"], logging.WARNING),
    (["--log-level", "DEBUG", "check-config", "--log-level", "ERROR"], logging.ERROR),
])
def test_log_level_before_or_after(config: Path, args: list[str], level: int,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISINFO_MONITOR_CONFIG", str(config))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert logging.getLogger().level == level


def test_a_bad_log_level_after_the_subcommand(config: Path) -> None:
    result = CliRunner().invoke(main, ["check-config", str(config), "--log-level", "LOUD"])
    assert result.exit_code == 2 and "LOUD" in result.output

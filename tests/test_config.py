"""Config loading: every kind of mistake gives status 2 and names the file, key and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config import load_config
from monitor.errors import ConfigError

GOOD = """\
database:
  url: sqlite:///monitor.db
feeds:
  - url: https://example.org/rss
    name: example
    interval: 10m
denials:
  - id: demo
    title: Demo denial
    claim: The minister met the rebel leader in X.
    entities:
      - name: The Minister
        aliases: [minister]
      - name: Rebel Leader
        aliases: [rebel leader]
    keywords:
      - name: meeting
        query: 'meet* OR met'
notifiers:
  - type: console
  - type: webhook
    url: https://hooks.example.org/x
    secret: ${TEST_WEBHOOK_SECRET}
"""

# (name, replace this, with this, expected words in the message, expected line)
CASES = [
    ("unknown top-level key", "database:\n", "databse:\n", ["databse", "unknown key"], 1),
    ("unknown nested key", "    name: example\n", "    nmae: example\n", ["feeds[0].nmae", "unknown key"], 5),
    ("wrong type", "    interval: 10m\n", "    interval: often\n", ["feeds[0].interval", "duration"], 6),
    ("missing field", "  - url: https://example.org/rss\n    name: example\n", "  - name: example\n",
     ["feeds[0].url", "missing"], 4),
    ("bad notifier type", "  - type: console\n", "  - type: pager\n", ["notifiers[0]", "pager"], 20),
    ("missing webhook url", "    url: https://hooks.example.org/x\n", "", ["notifiers[1].url", "missing"], 21),
    ("missing env var", "${TEST_WEBHOOK_SECRET}", "${NOT_SET_ANYWHERE_42}",
     ["NOT_SET_ANYWHERE_42", "notifiers[1].secret"], 23),
    ("bad yaml", "  - type: console\n", "  - type: [console\n", ["invalid YAML"], None),
    ("duplicate denial", "notifiers:\n", "  - id: demo\n    title: again\n    claim: again\nnotifiers:\n",
     ["duplicate denial id"], None),
]


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_loads_with_env_interpolation(tmp_path: Path) -> None:
    config = load_config(str(write(tmp_path, GOOD)))
    assert config.feeds[0].interval is not None and config.feeds[0].interval.total_seconds() == 600
    assert config.notifiers[1].secret == "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # type: ignore[union-attr]
    assert config.notifier_names() == ["console", "webhook"]


def test_database_url_env_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISINFO_MONITOR_DATABASE_URL", "sqlite:///elsewhere.db")
    assert load_config(str(write(tmp_path, GOOD))).database.url == "sqlite:///elsewhere.db"


def test_config_env_var_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, GOOD.replace("database:\n", "databse:\n"))
    monkeypatch.setenv("DISINFO_MONITOR_CONFIG", str(path))
    with pytest.raises(ConfigError) as info:
        load_config(None)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(("name", "old", "new", "words", "line"), CASES, ids=[c[0] for c in CASES])
def test_config_mistakes_exit_2_naming_key_and_line(tmp_path: Path, name: str, old: str, new: str,
                                                    words: list[str], line: int | None) -> None:
    assert old in GOOD, name
    path = write(tmp_path, GOOD.replace(old, new, 1))
    result = CliRunner().invoke(main, ["check-config", str(path)])
    assert result.exit_code == 2, result.output
    message = result.output
    assert str(path) in message
    for word in words:
        assert word in message, (word, message)
    if line is not None:
        assert f"{path}:{line}" in message, message
    assert "Traceback" not in message


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check-config", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml" in result.output and "not found" in result.output


def test_bad_config_in_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    name: example\n", "    nmae: example\n"))
    proc = subprocess.run([sys.executable, "-m", "monitor", "run", "--once", "--config", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"{path}:5" in proc.stderr and "feeds[0].nmae" in proc.stderr


def test_shipped_and_embedded_configs_are_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXX")
    monkeypatch.setenv("WEBHOOK_URL", "https://receiver.example.org/hook")
    monkeypatch.setenv("WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    root = Path(__file__).resolve().parents[1]
    for src in (str(root / "config" / "monitor.yaml"), None):
        result = CliRunner().invoke(main, ["check-config"] + ([src] if src else []))
        assert result.exit_code == 0, result.output
        assert "OK" in result.output


STAGE_COMMANDS = [["run", "--once"], ["hits"], ["feeds", "list"], ["feeds", "add", "https://example.org/rss"],
                  ["feeds", "export-opml"], ["deliveries", "list"], ["silences", "list"], ["backtest"],
                  ["test-rule", "demo", "--text", "hello"], ["classify", "--input", __file__]]


@pytest.mark.parametrize("args", STAGE_COMMANDS, ids=[" ".join(a[:2]) for a in STAGE_COMMANDS])
def test_every_command_reports_a_bad_config_with_status_2(tmp_path: Path, args: list[str]) -> None:
    path = write(tmp_path, GOOD.replace("database:\n", "databse:\n"))
    result = CliRunner().invoke(main, [*args, "--config", str(path)])
    assert result.exit_code == 2, (result.output, result.exception)
    assert f"{path}:1" in result.output and "databse" in result.output

"""The analyst tools cap their input like the pipeline does, and say so on stderr."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from tests.hostile.items import CONFIG

TITLE = "Abazyan, Muradov and Naghiyev met in Sugovushan. "
TEXT = "Armen Abazyan held talks with Rustam Muradov and Ali Naghiyev in Sugovushan. "


def write_config(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "monitor.yaml"
    text = CONFIG.format(db=f"sqlite:///{tmp_path}/m.db", feeds="  []", slack="http://127.0.0.1:9/s",
                         hook="http://127.0.0.1:9/h")
    path.write_text(text + extra, encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return write_config(tmp_path, "limits:\n  title_chars: 500\n  text_chars: 5000\n")


@pytest.mark.timeout(60)
def test_classify_caps_a_10_mb_line_and_says_so(tmp_path: Path) -> None:
    """With the default caps (before them: 135 s and 1.27 GB for 10 MB)."""
    line = json.dumps({"id": "big", "title": TITLE * 20_000, "text": TEXT * 130_000})   # ~11 MB
    small = json.dumps({"id": "small", "title": TITLE, "text": TEXT})
    start = time.process_time()
    result = CliRunner().invoke(main, ["classify", "--config", str(write_config(tmp_path))],
                                input=f"{line}\n{small}\n")
    assert time.process_time() - start < 10
    assert result.exit_code == 0, result.output
    assert "line 1: input truncated (title 980,000 -> 1,000 characters; text 10,010,000 -> 20,000 characters" \
        in result.stderr
    assert "line 2" not in result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["big", "small"] and all(o["hits"] for o in out)


@pytest.mark.timeout(60)
def test_matching_cost_grows_with_the_text_not_its_square(tmp_path: Path) -> None:
    """At the largest text cap an operator may set (1,000,000 characters) a long text of claim
    sentences costs seconds, not minutes: the verdict asked every sentence for every span and
    cue of the whole text (500,000 characters took 102 s of CPU before, 1.1 s after)."""
    config = write_config(tmp_path, "limits:\n  text_chars: 1000000\n")
    line = json.dumps({"id": "long", "title": "Talks", "text": (TEXT * 6_000)[:450_000]})
    start = time.process_time()
    result = CliRunner().invoke(main, ["classify", "--config", str(config)], input=line + "\n")
    assert time.process_time() - start < 8
    assert result.exit_code == 0, result.output
    assert "truncated" not in result.stderr
    assert json.loads(result.stdout)["hits"][0]["verdict"] == "contradict"


@pytest.mark.timeout(60)
def test_test_rule_caps_text_and_files(config: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["test-rule", "sugovushan-meeting", "--config", str(config),
                                  "--title", TITLE * 100, "--text", TEXT * 1000])
    assert result.exit_code == 0, result.output
    assert "--text: input truncated (title 4,900 -> 500 characters; text 77,000 -> 5,000 characters" \
        in result.stderr
    big = tmp_path / "article.txt"
    big.write_text(TITLE + "\n" + TEXT * 40_000, encoding="utf-8")          # 3 MB, past item_bytes (256 KiB)
    result = runner.invoke(main, ["test-rule", "sugovushan-meeting", "--config", str(config),
                                  "--file", str(big)])
    assert result.exit_code == 0, result.output
    assert f"--file {big}: input truncated (read the first 262,144 characters)" in result.stderr
    assert "text 262,094 -> 5,000 characters" in result.stderr


def test_small_input_is_not_reported(config: Path) -> None:
    result = CliRunner().invoke(main, ["test-rule", "sugovushan-meeting", "--config", str(config),
                                       "--text", TITLE + "\n" + TEXT])
    assert result.exit_code == 0, result.output
    assert "truncated" not in result.stderr


def test_limits_are_strict_config(tmp_path: Path, config: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(config.read_text(encoding="utf-8").replace("title_chars: 500", "title_chars: 5")
                   .replace("text_chars: 5000", "text_chars: 5000\n  body_chars: 1"), encoding="utf-8")
    result = CliRunner().invoke(main, ["check-config", str(bad)])
    assert result.exit_code == 2
    assert "limits" in result.stderr and "bad.yaml" in result.stderr

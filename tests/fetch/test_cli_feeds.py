"""The ``feeds`` command group against a real SQLite file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from monitor.cli.feeds import feeds


def _config(tmp_path: Path) -> str:
    path = tmp_path / "monitor.yaml"
    path.write_text(f"database:\n  url: sqlite:///{tmp_path}/m.db\nfeeds:\n  - url: https://a.invalid/rss\n"
                    "    name: A\n", encoding="utf-8")
    return str(path)


def test_add_list_export_import_remove(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    run = CliRunner().invoke
    assert "added" in run(feeds, ["add", "--config", cfg, "https://b.invalid/feed", "--name", "B", "--no-check"]).output
    out = run(feeds, ["list", "--config", cfg]).output
    assert "https://a.invalid/rss" in out and "https://b.invalid/feed" in out and "HEALTH" in out
    opml = tmp_path / "out.opml"
    assert run(feeds, ["export-opml", "--config", cfg, "-o", str(opml)]).exit_code == 0
    assert 'xmlUrl="https://b.invalid/feed"' in opml.read_text()
    assert "removed" in run(feeds, ["remove", "--config", cfg, "https://b.invalid/feed"]).output
    assert "https://b.invalid/feed" not in run(feeds, ["list", "--config", cfg]).output
    result = run(feeds, ["import-opml", "--config", cfg, str(opml)])
    assert "1 feeds added, 1 already present" in result.output
    assert run(feeds, ["remove", "--config", cfg, "https://nope.invalid/"]).exit_code == 1

"""``deliveries list|retry|purge`` and ``silences add|list|remove`` on a real SQLite file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from monitor.cli import main
from monitor.pipeline.deliver import deliver_due
from tests.alert.helpers import DENIALS, Clock, make_app, make_config, seed_hit
from tests.alert.receiver import Receiver
from tests.alert.test_delivery import hook_cfg, statuses


def write_config(tmp_path: Path, url: str, db: str) -> str:
    path = tmp_path / "monitor.yaml"
    path.write_text(yaml.safe_dump({"database": {"url": db}, "denials": DENIALS,
                                    "feeds": [{"url": "https://feed.invalid/rss", "name": "x"}],
                                    "notifiers": [{"type": "webhook", "name": "hook", "url": url}]}))
    return str(path)


def test_deliveries_list_retry_purge(tmp_path: Path, sqlite_url: str, hook: Receiver) -> None:
    secret_url = hook.url("/hook/SECRETPATH")
    clock = Clock()
    app = make_app(make_config(sqlite_url, [hook_cfg(secret_url)]), clock)
    seed_hit(app, 1)
    hook.answer(400, "nope")
    asyncio.run(deliver_due(app, flush=True))
    cfg = write_config(tmp_path, secret_url, sqlite_url)
    run = CliRunner().invoke

    out = run(main, ["deliveries", "list", "--config", cfg])
    assert out.exit_code == 0, out.output
    assert "dead" in out.output and "HTTP 400" in out.output and "SECRETPATH" not in out.output
    rows = [json.loads(x) for x in run(main, ["deliveries", "list", "--config", cfg, "--format", "jsonl"])
            .output.splitlines()]
    assert rows[0]["status"] == "dead" and rows[0]["webhook_id"].startswith("msg_")

    assert run(main, ["deliveries", "retry", "--config", cfg]).exit_code == 2   # says what to give
    out = run(main, ["deliveries", "retry", "--config", cfg, str(rows[0]["id"])])
    assert "1 deliveries queued again" in out.output and statuses(app) == ["pending"]
    hook.answer(200)
    clock.t = clock.t.replace(year=2030)            # the CLI requeues at the real now
    assert asyncio.run(deliver_due(app, flush=True)).sent == 1
    assert hook.accepted[0].headers["webhook-id"] == rows[0]["webhook_id"]

    assert "0 deliveries purged" in run(main, ["deliveries", "purge", "--config", cfg]).output
    out = run(main, ["deliveries", "purge", "--config", cfg, "--older-than", "0s"])
    assert "1 deliveries purged" in out.output and statuses(app) == []


def test_silences_add_list_remove(tmp_path: Path, sqlite_url: str) -> None:
    make_app(make_config(sqlite_url, []), Clock())
    cfg = write_config(tmp_path, "http://127.0.0.1:9/h", sqlite_url)
    run = CliRunner().invoke
    out = run(main, ["silences", "add", "--config", cfg, "--denial", "sugovushan", "--for", "2h",
                     "--comment", "known story"])
    assert out.exit_code == 0 and out.output.startswith("silence 1: denial sugovushan until")
    assert run(main, ["silences", "add", "--config", cfg, "--feed", "x", "--until",
                      "2000-01-01T00:00"]).exit_code == 0
    listed = run(main, ["silences", "list", "--config", cfg]).output
    assert "sugovushan" in listed and "known story" in listed and " x " not in listed  # expired hidden
    assert " x " in run(main, ["silences", "list", "--config", cfg, "--all"]).output
    assert run(main, ["silences", "add", "--config", cfg, "--denial", "a", "--feed", "b",
                      "--for", "1h"]).exit_code == 2
    assert run(main, ["silences", "remove", "--config", cfg, "1"]).exit_code == 0
    assert run(main, ["silences", "remove", "--config", cfg, "1"]).exit_code == 1
    assert "no silences" in run(main, ["silences", "list", "--config", cfg]).output

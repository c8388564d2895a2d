"""End to end through the real CLI: feed server -> poll -> match -> store -> webhook receiver.

Runs on a real SQLite file and on the real PostgreSQL (``database_url`` is parametrised).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.servers import LoopbackServer, rss

CONFIG = """\
database:
  url: "{db}"
feeds:
  - name: wire
    url: "{feed}"
denials:
  - id: sugovushan-meeting
    title: "SSS: no meeting in Sugovushan"
    claim: Abazyan, Muradov and Naghiyev met in Sugovushan.
    source: State Security Service of Azerbaijan
    date: 2021-02-19
    entities:
      - name: Armen Abazyan
        aliases: [Abazyan, Абазян]
      - name: Rustam Muradov
        aliases: [Muradov, Мурадов]
      - name: Ali Naghiyev
        aliases: [Naghiyev, Nağıyev, Нагиев]
    keywords:
      - name: meeting
        query: 'meet* OR met OR talks OR встреч* OR görüş*'
      - name: place
        query: 'Sugovushan OR Suqovuşan OR Суговушан'
        required: false
    min_entities: 2
notifiers:
  - name: hook
    type: webhook
    url: "{hook}"
    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
"""

CONTRADICT = {
    "guid": "a1", "title": "Abazyan, Muradov and Naghiyev met in Sugovushan, sources say",
    "description": "Armenia's security chief Armen Abazyan held talks with Russian peacekeeping "
                   "commander Rustam Muradov and Ali Naghiyev in Sugovushan, several channels reported."}
MATCH = {
    "guid": "b2", "title": "Azerbaijan's State Security Service denies Sugovushan meeting reports",
    "description": "The State Security Service said reports that Ali Naghiyev met Armen Abazyan and "
                   "Rustam Muradov in Sugovushan are false and do not correspond to reality."}
UNRELATED = {
    "guid": "c3", "title": "Armenia dismisses NSS head Armen Abazyan",
    "description": "Prime minister signed a decree relieving Armen Abazyan of his duties as director "
                   "of the National Security Service. No reason was given."}
CONTRADICT_2 = {
    "guid": "d4", "title": "Мурадов и Абазян встретились с Нагиевым в Суговушане — источники",
    "description": "Командующий российскими миротворцами Рустам Мурадов и глава СНБ Армении Армен "
                   "Абазян провели встречу с Али Нагиевым в Суговушане, сообщают телеграм-каналы."}


def run_cli(*args: str, config: Path, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env_extra or {})}
    proc = subprocess.run([sys.executable, "-m", "monitor", *args, "--config", str(config)],
                          capture_output=True, text=True, timeout=90, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def stored_hits(config: Path) -> list[dict[str, object]]:
    proc = run_cli("hits", "--format", "jsonl", config=config)
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def test_feed_to_webhook_end_to_end(tmp_path: Path, database_url: str, feed_server: LoopbackServer,
                                    receiver: LoopbackServer) -> None:
    config = tmp_path / "monitor.yaml"
    config.write_text(CONFIG.format(db=database_url, feed=feed_server.url("/feed.xml"),
                                    hook=receiver.url("/hook")), encoding="utf-8")

    # 1. an item repeating the denied claim: one contradict hit, one POST
    feed_server.set("/feed.xml", body=rss([CONTRADICT]), headers={"Content-Type": "application/rss+xml"})
    proc = run_cli("run", "--once", config=config)
    assert proc.returncode == 0, proc.stderr
    hits = stored_hits(config)
    assert [(h["verdict"], h["title"]) for h in hits] == [("contradict", CONTRADICT["title"])]
    assert hits[0]["denial"] == "sugovushan-meeting" and hits[0]["link"] == "https://news.invalid/a1"
    assert hits[0]["evidence"] and float(hits[0]["score"]) > 0  # type: ignore[arg-type]
    posts = receiver.posts("/hook")
    assert len(posts) == 1
    assert posts[0].headers["webhook-id"] and posts[0].headers["webhook-signature"].startswith("v1,")
    assert CONTRADICT["title"] in posts[0].body.decode()

    # 2. an echo of the denial gives match; an item that only shares a name gives nothing
    feed_server.set("/feed.xml", body=rss([CONTRADICT, MATCH, UNRELATED]))
    proc = run_cli("run", "--once", config=config)
    assert proc.returncode == 0, proc.stderr
    hits = stored_hits(config)
    assert [(h["verdict"], h["title"]) for h in hits] == [
        ("contradict", CONTRADICT["title"]), ("match", MATCH["title"])]
    assert len(receiver.posts("/hook")) == 2

    # 3. running again sends nothing new
    proc = run_cli("run", "--once", config=config)
    assert proc.returncode == 0, proc.stderr
    assert len(stored_hits(config)) == 2
    assert len(receiver.posts("/hook")) == 2

    # 4. a receiver answering 500 leaves the delivery queued; run --once still exits 0 ...
    receiver.set("/hook", status=500, body=b"boom")
    feed_server.set("/feed.xml", body=rss([CONTRADICT, MATCH, UNRELATED, CONTRADICT_2]))
    proc = run_cli("run", "--once", config=config)
    assert proc.returncode == 0, proc.stderr
    hits = stored_hits(config)
    assert [h["verdict"] for h in hits] == ["contradict", "match", "contradict"]
    failed = receiver.posts("/hook")[2:]
    assert len(failed) >= 1
    # ... and the next run delivers it, with the same webhook-id as the failed try
    receiver.set("/hook", status=200, body=b"ok")
    proc = run_cli("run", "--once", config=config)
    assert proc.returncode == 0, proc.stderr
    posts = receiver.posts("/hook")
    delivered = [p for p in posts[2:] if CONTRADICT_2["title"] in p.body.decode()]
    assert len(delivered) == len(posts) - 2 >= 2
    assert len({p.headers["webhook-id"] for p in delivered}) == 1

    # 5. and then nothing more
    proc = run_cli("run", "--once", config=config)
    assert proc.returncode == 0, proc.stderr
    assert len(receiver.posts("/hook")) == len(posts)


def test_embedded_default_runs_without_config_or_network(tmp_path: Path) -> None:
    """The README's first command: no config file, no network, hits and alerts on the console."""
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data")}
    env.pop("DISINFO_MONITOR_CONFIG", None)
    env.pop("DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS", None)
    proc = subprocess.run([sys.executable, "-m", "monitor", "run", "--once"], capture_output=True,
                          text=True, timeout=90, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "data" / "demo.db").exists()
    assert "contradict" in proc.stdout and "match" in proc.stdout  # the console notifier's alerts
    hits = subprocess.run([sys.executable, "-m", "monitor", "hits", "--format", "jsonl"],
                          capture_output=True, text=True, timeout=60, env=env)
    assert hits.returncode == 0, hits.stderr
    rows = [json.loads(line) for line in hits.stdout.splitlines()]
    verdicts = {r["link"]: r["verdict"] for r in rows}
    assert verdicts == {"https://demo.invalid/news/1": "contradict", "https://demo.invalid/news/2": "match"}

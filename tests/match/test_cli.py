"""The analyst commands, run through click on real files and a real SQLite database."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from monitor.cli import rules as cli
from monitor.cli.rules import backtest, classify, denials
from monitor.config.denials import DenialConfig
from monitor.match import compile_matcher
from tests.match.conftest import MEETING_DENIAL


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "monitor.yaml"
    data = {"database": {"url": f"sqlite:///{tmp_path / 'm.db'}"},
            "feeds": [{"name": "wire", "url": "http://127.0.0.1:9/feed"}], "denials": [MEETING_DENIAL]}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_classify_prints_one_json_line_per_item(config: Path, tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    rows = [{"id": "1", "title": "Karimov met Davletov in Zarechye", "text": ""},
            {"id": "2", "title": "Ministry denies Karimov met Davletov in Zarechye", "text": "", "language": "en",
             "published": "2024-03-02T10:00:00Z", "url": "https://example.invalid/2"},
            {"id": "3", "title": "Weather in Zarechye", "text": "Rain."}]
    items.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    result = CliRunner().invoke(classify, ["--config", str(config), "--input", str(items)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert [x["id"] for x in lines] == ["1", "2", "3"]
    assert [h["verdict"] for h in lines[0]["hits"]] == ["contradict"]
    assert [h["verdict"] for h in lines[1]["hits"]] == ["match"]
    assert lines[2]["hits"] == []
    assert set(lines[0]["hits"][0]) == {"denial", "verdict", "score", "reason", "evidence"}


def test_classify_reports_a_bad_line(config: Path, tmp_path: Path) -> None:
    items = tmp_path / "bad.jsonl"
    items.write_text('{"id": "1", "title": "x"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(classify, ["--config", str(config), "--input", str(items)])
    assert result.exit_code == 1 and "line 2" in result.output


def test_classify_bad_rule_exits_2_naming_the_denial(tmp_path: Path) -> None:
    bad = dict(MEETING_DENIAL, keywords=[{"name": "meeting", "query": "(meet*"}])
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"database": {"url": "sqlite:///x.db"}, "denials": [bad]}), encoding="utf-8")
    result = CliRunner().invoke(classify, ["--config", str(path), "--input", "-"], input="")
    assert result.exit_code == 2
    assert "zarechye-meeting" in result.output and "unbalanced" in result.output


def test_test_rule_explains(config: Path) -> None:
    result = CliRunner().invoke(cli.test_rule, ["zarechye-meeting", "--config", str(config), "--text",
                                            "Ministry: reports of a Karimov-Davletov meeting in Zarechye are false"])
    assert result.exit_code == 0, result.output
    assert "entity 'Anvar Karimov' (claim): found" in result.output
    assert "keywords 'place': matched" in result.output
    assert "=> match" in result.output
    missing = CliRunner().invoke(cli.test_rule, ["nope", "--config", str(config), "--text", "x"])
    assert missing.exit_code == 2 and "no denial with id 'nope'" in missing.output


def test_suggest_gives_yaml_that_compiles() -> None:
    statement = ("The State Security Service of Azerbaijan denies the information spread on social networks "
                 "that Armen Abazyan, Rustam Muradov and Ali Naghiyev met in Sugovushan. The information does "
                 "not correspond to reality.")
    result = CliRunner().invoke(denials, ["suggest", "--text", statement, "--id", "sug"])
    assert result.exit_code == 0, result.output
    entry = yaml.safe_load(result.output)[0]
    roles = {e["name"]: e["role"] for e in entry["entities"]}
    assert roles["State Security Service of Azerbaijan"] == "denier"
    assert roles["Armen Abazyan"] == roles["Ali Naghiyev"] == "claim"
    naghiyev = next(e for e in entry["entities"] if e["name"] == "Ali Naghiyev")
    assert "Нагиев" not in naghiyev["aliases"]      # folding finds it: no alias needed
    cues = entry["cues"]["denial"]
    assert "denies" in cues and any("correspond to reality" in c for c in cues)
    claim_queries = " ".join(g["query"] for g in entry["keywords"])
    assert "denies" not in claim_queries and "correspond" not in claim_queries
    matcher = compile_matcher([DenialConfig.model_validate(entry)])
    from monitor.match import Document

    hits = matcher.classify(Document(id="1", title="Abazyan, Muradov and Naghiyev held talks in Sugovushan", text=""))
    assert hits and hits[0].verdict.value == "contradict"
    hits = matcher.classify(Document(id="2", title="Абазян и Нагиев провели переговоры в Суговушане", text=""))
    assert hits and hits[0].verdict.value == "contradict"


def test_suggest_on_a_bare_claim() -> None:
    result = CliRunner().invoke(denials, ["suggest", "--text", "Armen Grigoryan said an agreement on "
                                          "international mechanisms was reached in Washington."])
    assert result.exit_code == 0, result.output
    entry = yaml.safe_load(result.output)[0]
    assert {e["role"] for e in entry["entities"]} == {"claim"}
    assert "cues" not in entry
    # what was agreed (the mechanism) is the claim's event; the agreement adds evidence
    assert any(g["name"] == "mechanism" and g["required"] for g in entry["keywords"])
    assert any(g["name"] == "agreement" and not g["required"] for g in entry["keywords"])


def test_suggest_keeps_role_descriptions_out_and_adds_russian_spellings() -> None:
    statement = ("Ministry of Defence of Armenia denied reports that Lieutenant General Ashot Sahakyan, deputy chief "
                 "of the General Staff of the Armenian Armed Forces, was arrested by the National Security Service.")
    result = CliRunner().invoke(denials, ["suggest", "--text", statement])
    assert result.exit_code == 0, result.output
    entry = yaml.safe_load(result.output)[0]
    claims = {e["name"]: e["aliases"] for e in entry["entities"] if e["role"] == "claim"}
    assert list(claims) == ["Ashot Sahakyan"] and "Саакян" in claims["Ashot Sahakyan"]
    assert entry["min_entities"] == 1
    assert [g["name"] for g in entry["keywords"] if g["required"]] == ["arrest"]


def test_suggest_keeps_a_named_link_whole_and_a_moved_line_as_the_event() -> None:
    statement = ("The State Security Service of Georgia denied that Russian soldiers moved the occupation line "
                 "near the village of Odzisi so that part of the Gori-Tsveri gas pipeline is on the Abkhaz side.")
    result = CliRunner().invoke(denials, ["suggest", "--text", statement])
    assert result.exit_code == 0, result.output
    entry = yaml.safe_load(result.output)[0]
    claims = {e["name"]: e["aliases"] for e in entry["entities"] if e["role"] == "claim"}
    assert claims.keys() == {"Odzisi", "Gori-Tsveri pipeline"}
    assert {"Gori-Tsveri", "Gori", "Tsveri"} <= set(claims["Gori-Tsveri pipeline"])
    assert [g["name"] for g in entry["keywords"] if g["required"]] == ["move"]


def test_backtest_replays_stored_items(config: Path, tmp_path: Path) -> None:
    from monitor.store import models
    from monitor.store.db import make_sessions, open_database, session_scope

    engine = open_database(f"sqlite:///{tmp_path / 'm.db'}")
    now = datetime.now(UTC)
    with session_scope(make_sessions(engine)) as s:
        feed = models.Feed(url="http://127.0.0.1:9/feed", name="wire", created_at=now)
        s.add(feed)
        s.flush()
        denial = models.Denial(id="zarechye-meeting", title="t", claim="c", config_hash="x", updated_at=now)
        s.add(denial)
        for i, (title, verdict) in enumerate([("Karimov met Davletov in Zarechye", "match"),
                                              ("Weather in Zarechye", "contradict"),
                                              ("Ministry denies Karimov met Davletov in Zarechye", None)]):
            item = models.Item(feed_id=feed.id, dedup_key=f"k{i}", content_hash=f"h{i}", title=title, text="",
                               fetched_at=now)
            s.add(item)
            s.flush()
            if verdict:
                s.add(models.Hit(item_id=item.id, denial_id="zarechye-meeting", verdict=verdict, score=0.5,
                                 reason="", evidence=[], created_at=now))
    engine.dispose()
    result = CliRunner().invoke(backtest, ["--config", str(config), "--since", "1d"])
    assert result.exit_code == 0, result.output
    assert "~ zarechye-meeting: match -> contradict" in result.output
    assert "- zarechye-meeting: was contradict" in result.output
    assert "+ zarechye-meeting: match" in result.output
    assert "3 items" in result.output and "1 new hits, 1 gone, 1 changed verdict" in result.output


def test_test_rule_fetches_a_page(config: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = (b"<html><head><title>Ministry denies Zarechye meeting</title><script>var x = 'Geneva';</script>"
            b"</head><body><p>The ministry said reports that Karimov met Davletov in Zarechye are false.</p>"
            b"</body></html>")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/news"
        result = CliRunner().invoke(cli.test_rule, ["zarechye-meeting", "--config", str(config), "--url", url])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    assert "title[0:" in result.output and "=> match" in result.output

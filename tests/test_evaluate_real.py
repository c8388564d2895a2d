"""scripts/evaluate_real.py: pair-level scoring by a table, the baseline and rule languages."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaluate_real", ROOT / "scripts" / "evaluate_real.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["evaluate_real"] = module
    spec.loader.exec_module(module)
    return module


ev = _load()


def _item(i: str, lang: str, denial: str | None, verdict: str | None, near: str | None = None):  # type: ignore[no-untyped-def]
    return ev.Item(id=i, title="t", text="x", language=lang, denial=denial, verdict=verdict,
                   hard_negative=near is not None, near=near, corpus="c")


def test_score_counts_pairs() -> None:
    items = [_item("1", "en", "d1", "match"), _item("2", "ru", "d1", "contradict"),
             _item("3", "el", "d2", "match"), _item("4", "en", None, None, near="d1")]
    preds = {("1", "d1"): ("match", ""), ("2", "d1"): ("match", ""), ("3", "d1"): ("contradict", ""),
             ("4", "d1"): ("contradict", ""), ("4", "d2"): ("mention", "")}
    r = ev.score(items, {"c": ["d1", "d2"]}, preds, {"d1": frozenset({"en", "ru"}), "d2": frozenset({"en"})})
    assert (r.pairs, r.related) == (8, 3)
    assert (r.verdicts["match"].precision, r.verdicts["match"].recall) == (0.5, 0.5)
    assert r.verdicts["contradict"].predicted == 2 and r.verdicts["contradict"].recall == 0.0
    assert (r.any_hit.precision, r.any_hit.recall) == (2 / 5, 2 / 3)
    assert r.unrelated_alerts == (2, 5)          # (3, d1) and (4, d1); a mention is no alert
    assert r.hard_negative_alerts == (1, 1)
    assert r.unlisted_recall == (0, 1)           # the Greek item, d2 lists only en
    assert r.recall_by_language == {"el": (0, 1), "en": (1, 1), "ru": (1, 1)}
    assert r.exact_by_language["ru"] == (0, 1)
    # gold (rows) x predicted (columns), over pairs that are related or hit
    assert r.confusion == {"match": {"match": 1, "none": 1}, "contradict": {"match": 1},
                           "none": {"contradict": 2, "mention": 1}}
    matrix = ev.render_confusion(r)
    assert matrix[2].split() == ["match", "1", "0", "0", "1"]
    assert matrix[-1].split() == ["none", "0", "2", "1", "-"]


@pytest.mark.parametrize(("word", "langs"), [
    ("встреч*", {"ru", "uk"}), ("зустріч*", {"uk"}), ("Αθήνα", {"el"}), ("פגישה", {"he"}),
    ("دیدار", {"fa"}), ("لقاء", {"ar"}), ("görüş*", {"tr", "az"}), ("görüşə", {"az"}), ("수술", {"ko"}),
])
def test_word_languages_by_script(word: str, langs: set[str]) -> None:
    assert ev.word_languages(word, None) == langs


def test_naive_baseline_and_folder(tmp_path: Path) -> None:
    (tmp_path / "dev_denials.yaml").write_text(
        "denials:\n  - id: d1\n    title: T\n    claim: Troops shelled the Ahli hospital in Gaza\n"
        "    region: Middle East\n"
        "    entities: [{name: Ahli}, {name: Gaza}]\n    keywords: [{name: strike, query: shell*}]\n",
        encoding="utf-8")
    rows = [{"id": "1", "title": "Army denies it shelled Ahli hospital in Gaza", "text": "", "language": "en",
             "label": {"denial": "d1", "verdict": "match"}},
            {"id": "2", "title": "Weather in Gaza", "text": "Sunny.", "language": "en",
             "label": {"denial": None, "verdict": None}, "hard_negative": True, "near": "d1"}]
    (tmp_path / "dev.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = ev.run([tmp_path], "dev")
    assert out["engine"].verdicts["match"].f1 == 1.0
    assert out["engine"].unrelated_alerts == (0, 1)
    naive = ev.predict_naive(ev.load_folder(tmp_path, "dev")[1], ev.load_folder(tmp_path, "dev")[0])
    assert naive == {(f"{tmp_path.name}:1", "d1"): ("match", "naive: overlap 4")}


def test_zero_config_mode_scores_rules_from_the_headline(tmp_path: Path) -> None:
    # the analyst's entities, keywords and claim summary are unusable here: only the headline counts
    (tmp_path / "dev_denials.yaml").write_text(
        "denials:\n  - id: d1\n    title: Army denies that its strike hit the Ahli hospital in Gaza\n"
        "    claim: An army airstrike hit the Ahli hospital in Gaza City and killed hundreds.\n"
        "    entities: [{name: Nowhere}]\n    keywords: [{name: x, query: zzzz}]\n"
        "  - id: d2\n    title: The ministry denied it\n    claim: It was so.\n    entities: [{name: Foo}]\n",
        encoding="utf-8")
    rows = [{"id": "1", "title": "Army denies strike on Ahli hospital", "text": "", "language": "en",
             "label": {"denial": "d1", "verdict": "match"}},
            {"id": "2", "title": "Ahli hospital opens a new wing", "text": "", "language": "en",
             "label": {"denial": None, "verdict": None}, "hard_negative": True, "near": "d1"}]
    (tmp_path / "dev.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    denials = ev.load_folder(tmp_path, "dev")[1]
    assert ev.suggest_text(denials[0]) == "Army denies that its strike hit the Ahli hospital in Gaza"
    out = ev.run([tmp_path], "dev", zero_config=True)
    assert out["engine"].any_hit.recall == 0.0                    # the analyst rule here finds nothing
    zero = out["zero_config"]
    assert (zero.any_hit.recall, zero.any_hit.precision) == (1.0, 1.0)
    assert zero.hard_negative_alerts == (0, 1)
    assert set(out["zero_config_failed"]) == {"d2"}               # nothing to propose: no rule, no hits
    assert "Nowhere" not in json.dumps(out["zero_config_rules"])


def test_a_rule_that_does_not_compile_scores_no_hit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "dev_denials.yaml").write_text(
        "denials:\n  - id: bad\n    title: T\n    claim: c\n    entities: [{name: Gaza}]\n"
        "    keywords: [{name: k, query: 'a*'}]\n", encoding="utf-8")
    (tmp_path / "dev.jsonl").write_text(json.dumps(
        {"id": "1", "title": "Gaza", "text": "", "language": "en", "label": {"denial": "bad", "verdict": "match"}}),
        encoding="utf-8")
    out = ev.run([tmp_path], "dev")
    assert out["engine"].any_hit.recall == 0.0
    assert "denial 'bad': keywords[0] (k): wildcard term 'a*' needs at least 3 letters" in capsys.readouterr().err


def test_half_keeps_the_denials_of_one_parity_and_their_items() -> None:
    from types import SimpleNamespace

    denials = [SimpleNamespace(id=f"d{i}") for i in range(4)]
    items = [_item("1", "en", "d0", "match"), _item("2", "en", "d1", "match"), _item("3", "en", None, None, near="d2"),
             _item("4", "en", None, None, near="d3")]
    got, kept = ev.keep_half(items, denials, "even")
    assert [d.id for d in kept] == ["d0", "d2"] and [i.id for i in got] == ["1", "3"]
    got, kept = ev.keep_half(items, denials, "odd")
    assert [d.id for d in kept] == ["d1", "d3"] and [i.id for i in got] == ["2", "4"]
    assert ev.keep_half(items, denials, None) == (items, denials)

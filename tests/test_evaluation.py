"""The labelled evaluation corpus is well-formed, the scoring is right, and the engine meets floors."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from monitor.config.denials import DenialConfig

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
VERDICTS = {"match", "contradict", "mention"}


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evaluate", ROOT / "scripts" / "evaluate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["evaluate"] = module
    spec.loader.exec_module(module)
    return module


ev = _load_script()


@pytest.fixture(scope="module")
def denial_ids() -> set[str]:
    raw = yaml.safe_load((CORPUS / "denials.yaml").read_text(encoding="utf-8"))
    return {DenialConfig.model_validate(d).id for d in raw["denials"]}


def _read(name: str) -> list[dict[str, object]]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def raw_items() -> list[dict[str, object]]:
    return _read("items.jsonl")


# ---- (a) the corpus ----------------------------------------------------------------------------


def test_denials_file_has_6_to_8_valid_denials(denial_ids: set[str]) -> None:
    assert 6 <= len(denial_ids) <= 8
    assert {"sugovushan-meeting", "washington-mechanism"} <= denial_ids


def test_every_item_is_well_formed(raw_items: list[dict[str, object]], denial_ids: set[str]) -> None:
    allowed = {"id", "title", "text", "language", "label", "group", "note", "hard_negative", "near"}
    ids = [i["id"] for i in raw_items]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for item in raw_items:
        assert set(item) <= allowed, item["id"]
        assert {"id", "title", "text", "language", "label"} <= set(item), item["id"]
        label = item["label"]
        assert isinstance(label, dict) and set(label) == {"denial", "verdict"}, item["id"]
        if label["denial"] is None:
            assert label["verdict"] is None, item["id"]
        else:
            assert label["denial"] in denial_ids, item["id"]
            assert label["verdict"] in VERDICTS, item["id"]
        if item.get("hard_negative"):
            assert label["denial"] is None, f"{item['id']}: a hard negative must not be labelled a hit"
            assert item.get("near") in denial_ids, item["id"]
        size = len(str(item["title"])) + len(str(item["text"]))
        assert 300 <= size <= 1600, f"{item['id']}: {size} characters"


HELDOUT = {"heldout.jsonl": "denials.yaml", "heldout2.jsonl": "denials.yaml", "heldout3.jsonl": "denials.yaml",
           "heldout3_new.jsonl": "heldout3_denials.yaml"}


@pytest.mark.parametrize("name", sorted(HELDOUT))
def test_heldout_set_is_well_formed_and_disjoint(name: str, raw_items: list[dict[str, object]]) -> None:
    raw = yaml.safe_load((CORPUS / HELDOUT[name]).read_text(encoding="utf-8"))
    denial_ids = {DenialConfig.model_validate(d).id for d in raw["denials"]}
    heldout = _read(name)
    assert len(heldout) >= 40
    assert not {i["id"] for i in heldout} & {i["id"] for i in raw_items}
    # written apart from the corpus: a title may recur (a wire headline), a text may not
    assert not {i["text"] for i in heldout} & {i["text"] for i in raw_items}
    for other in set(HELDOUT) - {name}:
        assert not {i["id"] for i in heldout} & {i["id"] for i in _read(other)}, other
    for item in heldout:
        label = item["label"]
        assert isinstance(label, dict)
        assert label["denial"] is None or (label["denial"] in denial_ids and label["verdict"] in VERDICTS)
        assert (label["denial"] is None) == (label["verdict"] is None), item["id"]
        assert not item.get("hard_negative") or label["denial"] is None, item["id"]


def test_corpus_size_languages_and_hard_negatives(raw_items: list[dict[str, object]]) -> None:
    assert len(raw_items) >= 150
    per_language = Counter(str(i["language"]) for i in raw_items)
    assert {"en", "ru", "az"} <= set(per_language)
    assert sum(1 for n in per_language.values() if n >= 5) >= 4, per_language
    hard = sum(1 for i in raw_items if i.get("hard_negative"))
    assert hard * 3 >= len(raw_items), f"{hard} hard negatives of {len(raw_items)}"


def test_every_denial_has_each_verdict_and_hard_negatives(
        raw_items: list[dict[str, object]], denial_ids: set[str]) -> None:
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for item in raw_items:
        label = item["label"]
        assert isinstance(label, dict)
        if label["denial"]:
            seen[label["denial"]][label["verdict"]] += 1
        if item.get("hard_negative"):
            seen[str(item["near"])]["hard_negative"] += 1
    for denial in denial_ids:
        counts = seen[denial]
        assert all(counts[v] >= 2 for v in VERDICTS), (denial, counts)
        assert counts["hard_negative"] >= 5, (denial, counts)


def test_syndication_groups_share_one_label(raw_items: list[dict[str, object]]) -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for item in raw_items:
        if item.get("group"):
            groups[str(item["group"])].append(json.dumps(item["label"], sort_keys=True))
    assert len(groups) >= 5
    for name, labels in groups.items():
        assert len(labels) >= 2 and len(set(labels)) == 1, name


# ---- (b) the scoring -----------------------------------------------------------------------------

P = ev.Prediction


def _item(id_: str, denial: str | None, verdict: str | None, **kw: Any) -> Any:
    return ev.Item(id=id_, title="t", text="x", language=kw.pop("language", "en"), denial=denial,
             verdict=verdict, **kw)


@pytest.mark.parametrize(("tp", "predicted", "support", "expected"), [
    (0, 0, 0, (0.0, 0.0, 0.0)),
    (2, 4, 2, (0.5, 1.0, 2 / 3)),
    (3, 3, 6, (1.0, 0.5, 2 / 3)),
    (0, 5, 5, (0.0, 0.0, 0.0)),
])
def test_prf_table(tp: int, predicted: int, support: int, expected: tuple[float, ...]) -> None:
    got = ev.prf(tp, predicted, support)
    assert (got.precision, got.recall, got.f1) == pytest.approx(expected)


def test_score_counts_verdicts_confusion_and_wrong_denials() -> None:
    items = [
        _item("a", "d1", "match"),                          # right
        _item("b", "d1", "contradict"),                     # right denial, wrong verdict
        _item("c", "d1", "mention"),                        # missed
        _item("d", None, None, hard_negative=True),         # false positive
        _item("e", None, None, hard_negative=True),         # right (no hit)
        _item("f", "d2", "match", language="ru"),           # hit on the wrong denial
    ]
    preds = {"a": P("d1", "match"), "b": P("d1", "match"), "d": P("d1", "contradict"),
             "f": P("d1", "match")}
    r = ev.score(items, preds)
    assert r.accuracy == pytest.approx(2 / 6)
    assert (r.detection.precision, r.detection.recall) == pytest.approx((2 / 4, 2 / 4))
    m = r.verdicts["match"]
    assert (m.precision, m.recall, m.support, m.predicted) == pytest.approx((1 / 3, 1 / 2, 2, 3))
    c = r.verdicts["contradict"]
    assert (c.precision, c.recall) == (0.0, 0.0) and c.predicted == 1 and c.support == 1
    assert r.verdicts["mention"].support == 1 and r.verdicts["mention"].predicted == 0
    assert r.confusion["match"] == {"match": 1, "contradict": 0, "mention": 0, "none": 0,
                                    "wrong_denial": 1}
    assert r.confusion["contradict"]["match"] == 1
    assert r.confusion["mention"]["none"] == 1
    assert r.confusion["none"] == {"match": 0, "contradict": 1, "mention": 0, "none": 1,
                                   "wrong_denial": 0}
    assert r.hard_negatives == 2 and r.hard_negative_fp_rate == pytest.approx(0.5)
    assert r.per_language == {"en": (2, 5), "ru": (0, 1)}
    assert r.verdict_accuracy_when_detected == pytest.approx(0.5)
    assert [(e["id"], e["kind"]) for e in r.errors] == [
        ("b", "wrong verdict"), ("c", "missed"), ("d", "false alarm"), ("f", "wrong denial")]
    assert r.error_kinds == {"wrong verdict": 1, "missed": 1, "false alarm": 1, "wrong denial": 1}
    assert r.per_denial == {"d1": (1, 3), "d2": (0, 1)}


def test_score_group_consistency_and_perfect_run() -> None:
    items = [_item("a", "d1", "match", group="g"), _item("b", "d1", "match", group="g"),
             _item("c", "d1", "contradict", group="h"), _item("d", "d1", "contradict", group="h")]
    perfect = {i.id: P(i.denial, i.verdict) for i in items}
    r = ev.score(items, perfect)
    assert r.accuracy == 1.0 and r.macro_f1 == pytest.approx(2 / 3)  # mention has no support
    assert r.groups_consistent == (2, 2) and r.errors == []
    r = ev.score(items, {**perfect, "d": P(None, None)})
    assert r.groups_consistent == (1, 2)


def test_score_rejects_an_unknown_verdict() -> None:
    with pytest.raises(ValueError, match="unknown verdict"):
        ev.score([_item("a", "d1", "maybe")], {})


def test_cli_prints_a_json_report_for_the_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    assert ev.main(["--baseline", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["n"] >= 150
    assert set(report["confusion"]) == {"match", "contradict", "mention", "none"}
    # the naive baseline never says "mention" and is fooled by hard negatives: the corpus is not trivial
    assert report["verdicts"]["mention"]["predicted"] == 0
    assert report["hard_negative_fp_rate"] > 0.15


def test_cli_text_report_lists_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert ev.main(["--baseline", "--errors"]) == 0
    out = capsys.readouterr().out
    assert "confusion (rows = gold, cols = predicted)" in out
    assert "false alarm" in out and "[hard negative]" in out


# ---- (c) the real engine on the corpus -----------------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize("items", ["items.jsonl", "heldout.jsonl"])
def test_engine_meets_the_floors(items: str) -> None:
    match_pkg = pytest.importorskip("monitor.match")
    if not hasattr(match_pkg, "compile_matcher"):
        pytest.skip("monitor.match.compile_matcher not written yet")
    report = ev.evaluate(CORPUS / "denials.yaml", CORPUS / items)
    summary = ev.render(report, show_errors=True)
    assert report.detection.f1 >= 0.85, summary
    assert report.hard_negative_fp_rate <= 0.15, summary
    assert report.macro_f1 >= 0.6, summary
    baseline = ev.evaluate(CORPUS / "denials.yaml", CORPUS / items, baseline=True)
    assert report.macro_f1 > baseline.macro_f1, summary

"""Score the denial matcher against the labelled corpus: P/R/F1 per verdict, confusion, errors.

Usage: python scripts/evaluate.py [--denials tests/corpus/denials.yaml]
                                  [--items tests/corpus/items.jsonl] [--json] [--errors]
                                  [--baseline]

The scoring (``score``) is a pure function over gold labels and predictions; loading the corpus and
running the engine are the thin shell around it. See docs/evaluation.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VERDICTS = ("match", "contradict", "mention")
GOLD_ROWS = (*VERDICTS, "none")
PRED_COLS = (*VERDICTS, "none", "wrong_denial")


@dataclass(frozen=True, slots=True)
class Item:
    """One labelled corpus item; ``denial``/``verdict`` are None for items that must not hit."""

    id: str
    title: str
    text: str
    language: str
    denial: str | None
    verdict: str | None
    hard_negative: bool = False
    group: str | None = None
    near: str | None = None        # for a hard negative: the denial it shares names with


@dataclass(frozen=True, slots=True)
class Prediction:
    """The engine's top hit for an item, or none (``denial is None``)."""

    denial: str | None = None
    verdict: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int   # gold items of this class
    predicted: int


@dataclass(frozen=True, slots=True)
class Report:
    """Everything ``score`` measures."""

    n: int
    accuracy: float
    detection: PRF
    verdicts: dict[str, PRF]
    macro_f1: float
    verdict_accuracy_when_detected: float
    confusion: dict[str, dict[str, int]]
    per_language: dict[str, tuple[int, int]]       # language -> (correct, total)
    per_denial: dict[str, tuple[int, int]]         # gold or near denial -> (correct, total)
    error_kinds: dict[str, int]                    # missed / false alarm / wrong verdict / wrong denial
    hard_negatives: int
    hard_negative_fp_rate: float
    groups_consistent: tuple[int, int]             # (groups with one shared prediction, groups)
    errors: list[dict[str, str]] = field(default_factory=list)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def prf(tp: int, predicted: int, support: int) -> PRF:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p, r = _ratio(tp, predicted), _ratio(tp, support)
    return PRF(p, r, 0.0 if p + r == 0 else 2 * p * r / (p + r), support, predicted)


def _label(denial: str | None, verdict: str | None) -> str:
    return "none" if denial is None else f"{denial}/{verdict}"


def error_kind(item: Item, pred: Prediction) -> str:
    """Name the failure category of a misclassified item."""
    if pred.denial is None:
        return "missed"
    if item.denial is None:
        return "false alarm"
    return "wrong denial" if pred.denial != item.denial else "wrong verdict"


def score(items: Sequence[Item], predictions: Mapping[str, Prediction]) -> Report:
    """Compare predictions (by item id; a missing id means no hit) with the gold labels.

    A hit for the wrong denial is wrong: it is a false positive of its verdict and a miss of the
    gold verdict, and it is counted in the confusion matrix column ``wrong_denial``.
    """
    confusion = {row: dict.fromkeys(PRED_COLS, 0) for row in GOLD_ROWS}
    tp: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    support: Counter[str] = Counter()
    det_tp = det_pred = det_gold = correct = verdict_ok = 0
    lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_denial: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    hn = hn_fp = 0
    group_preds: dict[str, set[str]] = defaultdict(set)
    errors: list[dict[str, str]] = []
    for item in items:
        pred = predictions.get(item.id, Prediction())
        gold_row = item.verdict if item.denial is not None else "none"
        if gold_row not in GOLD_ROWS:
            raise ValueError(f"item {item.id}: unknown verdict {item.verdict!r}")
        if pred.denial is None:
            col = "none"
        elif item.denial is not None and pred.denial != item.denial:
            col = "wrong_denial"
        else:
            col = pred.verdict or "none"
        confusion[gold_row][col] += 1
        if item.denial is not None:
            support[item.verdict or ""] += 1
            det_gold += 1
        if pred.denial is not None:
            predicted[pred.verdict or ""] += 1
            det_pred += 1
        same_denial = pred.denial is not None and pred.denial == item.denial
        if same_denial:
            det_tp += 1
            if pred.verdict == item.verdict:
                tp[item.verdict or ""] += 1
                verdict_ok += 1
        ok = _label(pred.denial, pred.verdict) == _label(item.denial, item.verdict)
        correct += ok
        lang[item.language][0] += ok
        lang[item.language][1] += 1
        topic = item.denial or item.near
        if topic:
            per_denial[topic][0] += ok
            per_denial[topic][1] += 1
        if item.hard_negative:
            hn += 1
            hn_fp += pred.denial is not None
        if item.group:
            group_preds[item.group].add(_label(pred.denial, pred.verdict))
        if not ok:
            errors.append({"id": item.id, "gold": _label(item.denial, item.verdict),
                           "predicted": _label(pred.denial, pred.verdict), "reason": pred.reason,
                           "kind": error_kind(item, pred),
                           "hard_negative": "yes" if item.hard_negative else "no"})
    verdicts = {v: prf(tp[v], predicted[v], support[v]) for v in VERDICTS}
    return Report(
        n=len(items),
        accuracy=_ratio(correct, len(items)),
        detection=prf(det_tp, det_pred, det_gold),
        verdicts=verdicts,
        macro_f1=sum(p.f1 for p in verdicts.values()) / len(VERDICTS),
        verdict_accuracy_when_detected=_ratio(verdict_ok, det_tp),
        confusion=confusion,
        per_language={k: (v[0], v[1]) for k, v in sorted(lang.items())},
        per_denial={k: (v[0], v[1]) for k, v in sorted(per_denial.items())},
        error_kinds=dict(Counter(e["kind"] for e in errors)),
        hard_negatives=hn,
        hard_negative_fp_rate=_ratio(hn_fp, hn),
        groups_consistent=(sum(len(s) == 1 for s in group_preds.values()), len(group_preds)),
        errors=errors,
    )


# ---- I/O shell -------------------------------------------------------------------------------


def item_from_json(obj: Mapping[str, Any]) -> Item:
    label = obj["label"]
    return Item(id=obj["id"], title=obj["title"], text=obj["text"], language=obj["language"],
                denial=label["denial"], verdict=label["verdict"],
                hard_negative=bool(obj.get("hard_negative", False)), group=obj.get("group"),
                near=obj.get("near"))


def load_items(path: Path) -> list[Item]:
    with path.open(encoding="utf-8") as fh:
        return [item_from_json(json.loads(line)) for line in fh if line.strip()]


def load_denials(path: Path) -> list[Any]:
    import yaml

    from monitor.config.denials import DenialConfig

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [DenialConfig.model_validate(d) for d in raw["denials"]]


def predict(denials: Sequence[Any], items: Iterable[Item]) -> dict[str, Prediction]:
    """Run the real engine and keep each item's top hit."""
    from monitor.match import compile_matcher
    from monitor.match.types import Document

    matcher = compile_matcher(denials)
    out: dict[str, Prediction] = {}
    for item in items:
        hits = matcher.classify(Document(id=item.id, title=item.title, text=item.text,
                                         language=item.language))
        if hits:
            top = hits[0]
            out[item.id] = Prediction(top.denial_id, top.verdict.value, top.reason)
    return out


_NAIVE_CUES = ("deni", "reject", "refut", "false", "untrue", "groundless", "baseless", "опроверг",
               "не соответству", "ложн", "təkzib", "yalan", "həqiqəti əks etdirmir", "հերք", "dément",
               "dementiert", "zurückgewiesen", "yalanla", "asılsız", "نفى", "تنفي")


def predict_naive(denials: Sequence[Any], items: Iterable[Item]) -> dict[str, Prediction]:
    """A reference baseline, not the product: exact aliases, >= 2 claim entities, a cue anywhere."""
    out: dict[str, Prediction] = {}
    for item in items:
        blob = f"{item.title}\n{item.text}".casefold()
        best: tuple[int, str] | None = None
        for d in denials:
            found = sum(any(a.casefold().rstrip("*") in blob for a in [e.name, *e.aliases])
                        for e in d.entities if e.role == "claim")
            if found >= 2 and (best is None or found > best[0]):
                best = (found, d.id)
        if best:
            verdict = "match" if any(c in blob for c in _NAIVE_CUES) else "contradict"
            out[item.id] = Prediction(best[1], verdict, f"naive: {best[0]} entities")
    return out


def zero_config_denials(denials: Sequence[Any]) -> list[Any]:
    """Rules written by ``denials suggest`` alone, from '<source> denied reports that <claim>'
    (keeping only each denial's id and date), to measure matching with no analyst editing."""
    from monitor.config.denials import DenialConfig
    from monitor.suggest import suggest_denial

    out = []
    for d in denials:
        claim = " ".join(d.claim.split())
        text = f"{d.source} denied reports that {claim}" if d.source else claim
        out.append(DenialConfig.model_validate(suggest_denial(text, denial_id=d.id, date=d.date)))
    return out


def evaluate(denials_path: Path, items_path: Path, baseline: bool = False,
             zero_config: bool = False) -> Report:
    items = load_items(items_path)
    run = predict_naive if baseline else predict
    denials = load_denials(denials_path)
    if zero_config:
        denials = zero_config_denials(denials)
    return score(items, run(denials, items))


def render(report: Report, show_errors: bool) -> str:
    lines = [f"items: {report.n}   exact accuracy: {report.accuracy:.3f}", "",
             f"{'':14}{'precision':>10}{'recall':>8}{'F1':>8}{'gold':>6}{'pred':>6}"]
    rows = [*report.verdicts.items(), ("any hit", report.detection)]
    for name, p in rows:
        lines.append(f"{name:14}{p.precision:>10.3f}{p.recall:>8.3f}{p.f1:>8.3f}"
                     f"{p.support:>6}{p.predicted:>6}")
    lines += [f"verdict macro-F1: {report.macro_f1:.3f}   verdict accuracy on detected hits: "
              f"{report.verdict_accuracy_when_detected:.3f}", "",
              "confusion (rows = gold, cols = predicted):",
              f"{'':12}" + "".join(f"{c:>13}" for c in PRED_COLS)]
    for row in GOLD_ROWS:
        lines.append(f"{row:12}" + "".join(f"{report.confusion[row][c]:>13}" for c in PRED_COLS))
    lines += ["", "accuracy per language: " + "  ".join(
        f"{k} {c}/{t} ({_ratio(c, t):.2f})" for k, (c, t) in report.per_language.items()),
        "accuracy per denial (its labelled items and hard negatives):",
        *(f"  {k:28} {c}/{t} ({_ratio(c, t):.2f})" for k, (c, t) in report.per_denial.items()),
        f"hard negatives: {report.hard_negatives}   false-positive rate: "
        f"{report.hard_negative_fp_rate:.3f}",
        f"syndication groups with one shared prediction: {report.groups_consistent[0]}"
        f"/{report.groups_consistent[1]}",
        f"errors: {len(report.errors)} "
        + str(dict(sorted(report.error_kinds.items())))
        + ("" if show_errors else " (use --errors to list)")]
    if show_errors:
        for e in report.errors:
            hn = " [hard negative]" if e["hard_negative"] == "yes" else ""
            lines.append(f"  {e['id']:9} {e['kind']:13} gold={e['gold']:32} pred={e['predicted']:32}"
                         f"{hn}  {e['reason'][:120]}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--denials", type=Path, default=ROOT / "tests/corpus/denials.yaml")
    parser.add_argument("--items", type=Path, default=ROOT / "tests/corpus/items.jsonl")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--errors", action="store_true", help="list every misclassified item")
    parser.add_argument("--baseline", action="store_true",
                        help="score the naive keyword baseline instead of the engine")
    parser.add_argument("--zero-config", action="store_true",
                        help="replace the analyst's rules by what 'denials suggest' proposes")
    args = parser.parse_args(argv)
    report = evaluate(args.denials, args.items, args.baseline, args.zero_config)
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False, indent=2))
    else:
        print(render(report, args.errors))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())

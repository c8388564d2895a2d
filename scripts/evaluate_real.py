"""Score the matcher on real-news corpus folders, pair by pair, beside a naive word-overlap baseline.

Usage: python scripts/evaluate_real.py FOLDER [FOLDER ...] [--part dev] [--errors] [--confusion]
                                       [--json] [--zero-config]

Each FOLDER holds ``<part>.jsonl`` (items: id, title, text, url, date, language, label,
hard_negative, near) and ``<part>_denials.yaml`` (a ``denials:`` list in the config schema).
Every item is paired with every denial of its folder; a pair is *related* when the item is labelled
for that denial. Items go through the real path (``compile_matcher(...).classify(Document)``, with
the item's language and date), so every hit of an item counts, not only its top one.

Printed, for the engine and for the baseline in the same run: per-verdict P/R/F1 over pairs,
any-hit F1, false alerts (a ``match`` or ``contradict`` hit) on unrelated pairs and on the
hard-negative pairs (hard-negative item, its ``near`` denial), hit recall by item language, and hit
recall for items in languages the rule's keyword words do not cover (inferred per denial; printed).
With ``--zero-config``, each denial's rule is also rebuilt by ``denials suggest`` from the denial's
``title`` alone: a headline about the denial, what a user pastes (the ``claim`` sentence is an
analyst's summary, with names and dates a headline does not carry; nothing else an analyst wrote:
no entities, keywords, source or cues), and those rules are scored the same way in the same run,
beside the analyst rules. See
docs/evaluation.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VERDICTS = ("match", "contradict", "mention")
PACKED = ("en", "ru", "uk", "az", "tr", "hy", "ka", "fa", "ar", "he", "fr", "de", "es", "it", "pt", "el", "pl",
          "sr", "hu", "ro")
ALERTS = ("match", "contradict")


@dataclass(frozen=True, slots=True)
class Item:
    """One labelled real-news item (``denial``/``verdict`` None when it relates to no denial)."""

    id: str
    title: str
    text: str
    language: str
    denial: str | None
    verdict: str | None
    hard_negative: bool = False
    near: str | None = None
    url: str | None = None
    date: str | None = None
    corpus: str = ""


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


Pair = tuple[str, str]                  # (item id, denial id)
Predictions = Mapping[Pair, tuple[str, str]]   # pair -> (verdict, reason); absent = no hit


@dataclass(frozen=True, slots=True)
class Report:
    pairs: int
    related: int
    verdicts: dict[str, PRF]
    any_hit: PRF
    unrelated_alerts: tuple[int, int]              # (alerts, unrelated pairs)
    hard_negative_alerts: tuple[int, int]          # (alerts, hard-negative pairs)
    recall_by_language: dict[str, tuple[int, int]]   # any hit on related pairs: (found, related)
    unlisted_recall: tuple[int, int]               # the same, items in languages the rule lacks
    exact_by_language: dict[str, tuple[int, int]]    # right verdict on related pairs
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)   # gold -> predicted -> pairs
    errors: list[dict[str, str]] = field(default_factory=list)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def prf(tp: int, predicted: int, support: int) -> PRF:
    p, r = _ratio(tp, predicted), _ratio(tp, support)
    return PRF(p, r, 0.0 if p + r == 0 else 2 * p * r / (p + r), support, predicted)


def score(items: Sequence[Item], denials_of: Mapping[str, Sequence[str]], predictions: Predictions,
          rule_languages: Mapping[str, frozenset[str]]) -> Report:
    """Pair-level scores. ``denials_of`` maps a corpus name to its denial ids; ``rule_languages``
    maps a denial id to the languages its keyword words cover."""
    tp: Counter[str] = Counter()
    pred: Counter[str] = Counter()
    gold: Counter[str] = Counter()
    hit_tp = hit_pred = related = pairs = 0
    unrel = unrel_alert = hn = hn_alert = 0
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    exact: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    unlisted = [0, 0]
    errors: list[dict[str, str]] = []
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        for denial in denials_of[item.corpus]:
            pairs += 1
            got = predictions.get((item.id, denial))
            verdict = got[0] if got else None
            gold_verdict = item.verdict if item.denial == denial else None
            if verdict:
                pred[verdict] += 1
                hit_pred += 1
            if verdict or gold_verdict:
                confusion[gold_verdict or "none"][verdict or "none"] += 1
            if gold_verdict:
                related += 1
                gold[gold_verdict] += 1
                by_lang[item.language][1] += 1
                exact[item.language][1] += 1
                listed = item.language in rule_languages.get(denial, frozenset())
                unlisted[1] += not listed
                if verdict:
                    hit_tp += 1
                    by_lang[item.language][0] += 1
                    unlisted[0] += not listed
                if verdict == gold_verdict:
                    tp[verdict] += 1
                    exact[item.language][0] += 1
            else:
                unrel += 1
                unrel_alert += verdict in ALERTS
                if item.hard_negative and item.near == denial:
                    hn += 1
                    hn_alert += verdict in ALERTS
            if verdict != gold_verdict:
                errors.append({"item": item.id, "denial": denial, "language": item.language,
                               "gold": gold_verdict or "none", "predicted": verdict or "none",
                               "hard_negative": "yes" if item.hard_negative and item.near == denial else "no",
                               "title": item.title[:90], "reason": got[1] if got else ""})
    return Report(
        pairs=pairs, related=related,
        verdicts={v: prf(tp[v], pred[v], gold[v]) for v in VERDICTS},
        any_hit=prf(hit_tp, hit_pred, related),
        unrelated_alerts=(unrel_alert, unrel), hard_negative_alerts=(hn_alert, hn),
        recall_by_language={k: (v[0], v[1]) for k, v in sorted(by_lang.items())},
        unlisted_recall=(unlisted[0], unlisted[1]),
        exact_by_language={k: (v[0], v[1]) for k, v in sorted(exact.items())},
        confusion={g: dict(c) for g, c in confusion.items()},
        errors=errors)


# ---- which languages a rule's claim words cover ------------------------------------------------

_CYR_UK, _CYR_SR = re.compile(r"[іїєґ]"), re.compile(r"[јђћљњџ]")
_FA = re.compile(r"[پچژگکی]")
_UR = re.compile(r"[ٹڈڑںےھ]")
_AZ = re.compile(r"[ə]")
_TR_AZ = re.compile(r"[ışğ]")


def word_languages(word: str, guess: Any) -> set[str]:
    """Languages one keyword word is written in: by script, telling letters, else the guesser."""
    w = word.rstrip("*").casefold()
    if not w:
        return set()
    first = next((c for c in w if c.isalpha()), "")
    o = ord(first) if first else 0
    if 0x400 <= o < 0x530:
        return {"uk"} if _CYR_UK.search(w) else ({"sr"} if _CYR_SR.search(w) else {"ru", "uk"})
    fixed = [(0x530, 0x590, "hy"), (0x590, 0x600, "he"), (0x10A0, 0x1100, "ka"), (0x370, 0x400, "el"),
             (0x900, 0x980, "hi"), (0xAC00, 0xD7B0, "ko"), (0x1100, 0x1200, "ko"), (0x3040, 0x3100, "ja"),
             (0x4E00, 0xA000, "ja")]
    for lo, hi, lang in fixed:
        if lo <= o < hi:
            return {lang}
    if 0x600 <= o < 0x780:
        return {"ur"} if _UR.search(w) else ({"fa"} if _FA.search(w) else {"ar"})
    if _AZ.search(w):
        return {"az"}
    if _TR_AZ.search(w):
        return {"tr", "az"}
    return {guess(w)} if guess is not None else set()


def rule_languages(denial: Any, guess: Any) -> frozenset[str]:
    """The languages of a denial's keyword words (and query): what the analyst wrote the claim in."""
    queries = [g.query for g in denial.keywords] + ([denial.query] if denial.query else [])
    out: set[str] = set()
    for q in queries:
        for word in re.findall(r"[^\s()\"]+", q):
            if word in ("AND", "OR", "NOT") or re.match(r"O?NEAR/\d+$", word):
                continue
            word = word.split(":", 1)[1] if re.match(r"(title|text):", word) else word
            out |= word_languages(word, guess)
    return frozenset(out)


def _guesser() -> Any:
    from monitor.match.lang.guess import guess_language

    # one word is little to go on: a Latin word counts for another language only when the guess is sure
    return lambda w: guess_language(w, PACKED, latin_only=True, min_probability=0.8) or "en"


# ---- the naive baseline ------------------------------------------------------------------------

_STOP = frozenset(["that", "this", "with", "from", "were", "have", "been", "their", "there", "which", "would", "about", "into", "after", "over", "they", "them", "than", "then", "also", "said", "says", "what", "when", "where", "while"])
_NAIVE_DENIAL = ("deni", "reject", "refut", "false", "untrue", "groundless", "baseless", "fake", "опроверг",
                 "не соответству", "ложн", "фейк", "спросту", "неправд", "təkzib", "yalan", "əsassız",
                 "հերք", "dément", "démenti", "faux", "dementi", "zurückgewiesen", "falsch", "yalanla",
                 "asılsız", "نفى", "نفت", "تنفي", "desmient", "falso", "smentit", "nega", "διαψε", "ψευδ",
                 "הכחיש", "מכחיש", "تکذیب", "zaprzecz", "dementuj", "demant", "cáfol", "tagad", "dezmin",
                 "neag", "opovrg", "демант", "demanti")
OVERLAP_THRESHOLD = 3      # distinct entity names + claim content words found


def _content_words(claim: str, names: set[str]) -> set[str]:
    return {w for w in re.findall(r"\w{4,}", claim.casefold()) if w not in _STOP and w not in names}


def predict_naive(denials: Sequence[Any], items: Iterable[Item]) -> dict[Pair, tuple[str, str]]:
    """Word overlap: an entity name or alias (substring) counts 1, a content word of the claim
    sentence present as a word counts 1; a pair with OVERLAP_THRESHOLD or more is a hit, ``match``
    if a denial word occurs anywhere in the item, else ``contradict``."""
    out: dict[Pair, tuple[str, str]] = {}
    prepared = []
    for d in denials:
        forms = [[f.casefold().rstrip("*") for f in (e.name, *e.aliases)] for e in d.entities if e.role == "claim"]
        names = {w for fs in forms for f in fs for w in f.split()}
        prepared.append((d.id, forms, _content_words(d.claim, names)))
    for item in items:
        blob = f"{item.title}\n{item.text}".casefold()
        words = set(re.findall(r"\w+", blob))
        denied = any(c in blob for c in _NAIVE_DENIAL)
        for denial_id, forms, content in prepared:
            found = sum(any(f in blob for f in fs) for fs in forms) + len(content & words)
            if found >= OVERLAP_THRESHOLD:
                out[(item.id, denial_id)] = ("match" if denied else "contradict", f"naive: overlap {found}")
    return out


# ---- the engine --------------------------------------------------------------------------------


def _published(date: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC) if date else None
    except ValueError:
        return None


def predict_engine(denials: Sequence[Any], items: Iterable[Item]) -> dict[Pair, tuple[str, str]]:
    """Every hit of the real matcher, by (item, denial)."""
    from monitor.errors import RuleError
    from monitor.match import Document, compile_matcher

    usable = []
    for d in denials:        # a rule that does not compile scores no hit, and says why, once
        try:
            compile_matcher([d])
            usable.append(d)
        except RuleError as exc:
            print(f"warning: {exc.message}: scored as no hit", file=sys.stderr)
    matcher = compile_matcher(usable)
    out: dict[Pair, tuple[str, str]] = {}
    for item in items:
        doc = Document(id=item.id, title=item.title, text=item.text, url=item.url, language=item.language,
                       published=_published(item.date))
        for hit in matcher.classify(doc):
            out[(item.id, hit.denial_id)] = (hit.verdict.value, hit.reason)
    return out


# ---- I/O shell ---------------------------------------------------------------------------------


def load_folder(folder: Path, part: str) -> tuple[list[Item], list[Any]]:
    import yaml

    from monitor.config.denials import DenialConfig

    raw = yaml.safe_load((folder / f"{part}_denials.yaml").read_text(encoding="utf-8"))
    known = set(DenialConfig.model_fields)   # corpus notes such as ``region`` are not rule fields
    denials = [DenialConfig.model_validate({k: v for k, v in d.items() if k in known}) for d in raw["denials"]]
    items = []
    with (folder / f"{part}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            o = json.loads(line)
            label = o.get("label") or {}
            items.append(Item(id=f"{folder.name}:{o['id']}", title=o.get("title") or "", text=o.get("text") or "",
                              language=(o.get("language") or "?").lower(), denial=label.get("denial"),
                              verdict=label.get("verdict"), hard_negative=bool(o.get("hard_negative")),
                              near=o.get("near"), url=o.get("url"), date=o.get("date"), corpus=folder.name))
    return items, denials


def suggest_text(denial: Any) -> str:
    """What ``denials suggest`` is given in the zero-config mode: the denial's title, a headline
    about the denial as a user would paste it (the analyst's ``claim`` only when there is no title)."""
    return " ".join(denial.title.split()) or " ".join(denial.claim.split())


def zero_config_denials(denials: Sequence[Any]) -> tuple[list[Any], dict[str, str]]:
    """Rules proposed by ``denials suggest`` from each denial's headline (keeping only its id
    and date), and the denials it could propose nothing for (id -> error): those get no rule."""
    from monitor.config.denials import DenialConfig
    from monitor.errors import RuleError
    from monitor.suggest import suggest_denial

    out: list[Any] = []
    failed: dict[str, str] = {}
    for d in denials:
        try:
            out.append(DenialConfig.model_validate(suggest_denial(suggest_text(d), denial_id=d.id, date=d.date)))
        except RuleError as exc:
            failed[d.id] = str(exc)
    return out, failed


def keep_half(items: list[Item], denials: list[Any], half: str | None) -> tuple[list[Item], list[Any]]:
    """With ``half`` ``even`` or ``odd``: only the denials of that index parity in their folder's
    file, and only the items labelled for one of them or near one of them (develop on one half, check
    on the other)."""
    if not half:
        return items, denials
    denials = [d for i, d in enumerate(denials) if i % 2 == (0 if half == "even" else 1)]
    kept = {d.id for d in denials}
    return [i for i in items if i.denial in kept or i.near in kept], denials


def run(folders: Sequence[Path], part: str, zero_config: bool = False,
        half: str | None = None) -> dict[str, Any]:
    """Both systems on every folder (and, with ``zero_config``, the engine on the rules ``denials
    suggest`` proposes); returns the reports and the inferred rule languages."""
    items: list[Item] = []
    denials_of: dict[str, list[str]] = {}
    engine: dict[Pair, tuple[str, str]] = {}
    naive: dict[Pair, tuple[str, str]] = {}
    zero: dict[Pair, tuple[str, str]] = {}
    languages: dict[str, frozenset[str]] = {}
    zero_languages: dict[str, frozenset[str]] = {}
    failed: dict[str, str] = {}
    rules: dict[str, Any] = {}
    guess = _guesser()
    for folder in folders:
        got, denials = keep_half(*load_folder(folder, part), half)
        items += got
        denials_of[folder.name] = [d.id for d in denials]
        languages.update({d.id: rule_languages(d, guess) for d in denials})
        engine.update(predict_engine(denials, got))
        naive.update(predict_naive(denials, got))
        if zero_config:
            proposed, errs = zero_config_denials(denials)
            failed.update(errs)
            zero_languages.update({d.id: rule_languages(d, guess) for d in proposed})
            rules.update({d.id: d.model_dump(mode="json", exclude_defaults=True) for d in proposed})
            zero.update(predict_engine(proposed, got))
    out: dict[str, Any] = {"engine": score(items, denials_of, engine, languages),
                           "baseline": score(items, denials_of, naive, languages),
                           "rule_languages": {k: sorted(v) for k, v in languages.items()},
                           "items": len(items), "languages": dict(Counter(i.language for i in items))}
    if zero_config:
        out["zero_config"] = score(items, denials_of, zero, zero_languages)
        out["zero_config_failed"] = failed
        out["zero_config_rules"] = rules
    return out


def _fmt(a: int, b: int) -> str:
    return f"{a}/{b} ({_ratio(a, b):.2f})"


def render_confusion(r: Report) -> list[str]:
    """Gold verdict (rows) by predicted verdict (columns), over pairs that are related or hit."""
    labels = (*VERDICTS, "none")
    lines = ["confusion, gold (rows) x predicted (columns):",
             f"{'':12}" + "".join(f"{label:>12}" for label in labels)]
    for gold in labels:
        row = r.confusion.get(gold, {})
        lines.append(f"{gold:12}" + "".join(f"{row.get(p, 0) if (gold, p) != ('none', 'none') else '-':>12}"
                                            for p in labels))
    return lines


def render(name: str, r: Report, errors: bool, confusion: bool = False) -> list[str]:
    lines = [f"== {name}: {r.pairs} pairs, {r.related} related",
             f"{'':12}{'precision':>10}{'recall':>8}{'F1':>8}{'gold':>6}{'pred':>6}"]
    for label, p in [*r.verdicts.items(), ("any hit", r.any_hit)]:
        lines.append(f"{label:12}{p.precision:>10.3f}{p.recall:>8.3f}{p.f1:>8.3f}{p.support:>6}{p.predicted:>6}")
    lines += [f"false alerts on unrelated pairs: {_fmt(*r.unrelated_alerts)}   "
              f"on hard-negative pairs: {_fmt(*r.hard_negative_alerts)}",
              f"hit recall, languages the rule does not list: {_fmt(*r.unlisted_recall)}",
              "hit recall by language: " + "  ".join(f"{k} {_fmt(*v)}" for k, v in r.recall_by_language.items()),
              "right verdict by language: " + "  ".join(f"{k} {_fmt(*v)}" for k, v in r.exact_by_language.items())]
    if confusion:
        lines += render_confusion(r)
    if errors:
        for e in r.errors:
            hn = " [hard negative]" if e["hard_negative"] == "yes" else ""
            lines.append(f"  {e['item']:10} {e['denial']:26} {e['language']:3} gold={e['gold']:10} "
                         f"pred={e['predicted']:10}{hn} {e['title']!r} :: {e['reason'][:140]}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--part", default="dev", help="dev (default) or test")
    parser.add_argument("--errors", action="store_true", help="list every wrong pair of the engine")
    parser.add_argument("--confusion", action="store_true",
                        help="print the engine's gold x predicted verdict matrix")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--half", choices=["even", "odd"],
                        help="only the denials of even (0, 2, ...) or odd index in each folder, and their items")
    parser.add_argument("--zero-config", action="store_true",
                        help="also score the rules 'denials suggest' proposes from each denial's title (a headline)")
    parser.add_argument("--rules", action="store_true", help="with --zero-config: print the proposed rules")
    args = parser.parse_args(argv)
    out = run(args.folders, args.part, args.zero_config, args.half)
    if args.json:
        print(json.dumps({k: asdict(v) if isinstance(v, Report) else v for k, v in out.items()},
                         ensure_ascii=False, indent=2))
        return 0
    print(f"items: {out['items']}  by language: "
          + " ".join(f"{k} {v}" for k, v in sorted(out["languages"].items())))
    print("rule languages (inferred from keyword words): "
          + "; ".join(f"{k}: {','.join(v)}" for k, v in out["rule_languages"].items()))
    print("\n".join(render("engine", out["engine"], args.errors and not args.zero_config, args.confusion)))
    print("\n".join(render(f"naive word-overlap baseline (threshold {OVERLAP_THRESHOLD})",
                           out["baseline"], False)))
    if args.zero_config:
        print("\n".join(render("engine, zero-config rules (denials suggest on the title)",
                               out["zero_config"], args.errors)))
        for denial_id, error in out["zero_config_failed"].items():
            print(f"  no rule proposed for {denial_id}: {error}")
        if args.rules:
            import yaml

            print(yaml.safe_dump({"denials": list(out["zero_config_rules"].values())}, allow_unicode=True,
                                 sort_keys=False, width=110))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())

# ruff: noqa  (the labellers' own check, kept as they wrote it)
"""Check test.jsonl against test_denials.yaml: ids, lengths, labels, references, counts."""
import collections
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).parent
KEYS = {"id", "title", "text", "url", "date", "language", "label", "hard_negative", "near", "note"}
errors = []
denials = yaml.safe_load((ROOT / "test_denials.yaml").read_text())["denials"]
ids = [d["id"] for d in denials]
for d in denials:
    for k in ("id", "title", "claim", "source", "date", "entities", "keywords", "min_entities"):
        if k not in d:
            errors.append(f"denial {d.get('id')}: missing {k}")
    if not any(e.get("role") == "denier" for e in d["entities"]):
        errors.append(f"denial {d['id']}: no denier entity")
if len(set(ids)) != len(ids):
    errors.append("duplicate denial ids")
items = [json.loads(line) for line in (ROOT / "test.jsonl").read_text(encoding="utf-8").splitlines()]
seen, urls = set(), collections.Counter()
per = collections.defaultdict(collections.Counter)
langs = collections.Counter()
for it in items:
    i = it.get("id")
    if set(it) != KEYS:
        errors.append(f"{i}: keys {sorted(set(it) ^ KEYS)}")
    if i in seen:
        errors.append(f"{i}: duplicate id")
    seen.add(i)
    urls[it["url"]] += 1
    if not it["text"] or len(it["text"]) > 1500:
        errors.append(f"{i}: text length {len(it['text'])}")
    if not it["url"].startswith(("http://", "https://")):
        errors.append(f"{i}: url not http(s)")
    lab = it["label"]
    if not isinstance(lab, dict) or set(lab) != {"denial", "verdict"}:
        errors.append(f"{i}: bad label {lab}")
        continue
    if it["hard_negative"]:
        if lab != {"denial": None, "verdict": None} or it["near"] not in ids:
            errors.append(f"{i}: bad hard negative {lab} near={it['near']}")
        per[it["near"]]["hard_neg"] += 1
    else:
        if lab["denial"] not in ids or lab["verdict"] not in ("match", "contradict", "mention") or it["near"] is not None:
            errors.append(f"{i}: bad label {lab} near={it['near']}")
        per[lab["denial"]][lab["verdict"]] += 1
    langs[it["language"]] += 1
for u, n in urls.items():
    if n > 1:
        errors.append(f"url used {n} times: {u}")
print(f"items: {len(items)}  denials: {len(ids)}  languages: {len(langs)}")
neg = sum(c["hard_neg"] for c in per.values())
print(f"hard negatives: {neg} ({100 * neg / max(1, len(items)):.1f}%)")
print(f"{'denial':24} match contra mention hard_neg total")
for d in ids:
    c = per[d]
    print(f"{d:24} {c['match']:5} {c['contradict']:6} {c['mention']:7} {c['hard_neg']:8} {sum(c.values()):5}")
print("languages:", ", ".join(f"{k} {v}" for k, v in langs.most_common()))
print("errors:", len(errors))
for e in errors:
    print("  " + e)
sys.exit(1 if errors else 0)

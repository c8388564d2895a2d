"""The matcher's two per-process caches on real news: bytes when full, and CPU with two sets of caps.

Run: python benchmarks/bench_caches.py [--runs 3] [--other 200000,200000] [--skip-bytes]

The caches: document._TEXT_KEYS (a word as written -> its key) and lang.guess._WalkCache (the
language guesser's (state, word) walks). The items: every item of tests/corpus/real (dev and test
parts, 7,450 items in 65 languages) and, as a second workload, bench_poll.py's news-like items.

Bytes: the caches filled with the corpora (caps lifted), then their first N entries pickled and
loaded again under tracemalloc (fresh objects, shared only where the cache shares them): what a
cache of N entries holds, its table included.

CPU: a fresh process per run, the shipped caps and the ``--other`` ones (text keys, walks)
alternated; each item seen once, as the daemon sees new items, the language not given: the
matcher (every corpus denial that compiles), then guesses and Doc.build alone from emptied caches.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import pickle
import subprocess
import sys
import time
import tracemalloc
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPORA = ROOT / "tests/corpus/real"


def corpus() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CORPORA.glob("*/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                out.append((item.get("title") or "", item.get("text") or ""))
    return out


def bench_items(count: int) -> list[tuple[str, str]]:
    spec = importlib.util.spec_from_file_location("bench_poll", ROOT / "benchmarks/bench_poll.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [module.item_text(n // 50, n % 50, False) for n in range(count)]


def walker() -> Any:
    from monitor.match.lang import codes
    from monitor.match.lang import guess as guess_mod

    cells = type(guess_mod._identifier(codes()))._raw_score.__closure__ or ()
    return next(c.cell_contents for c in cells if isinstance(c.cell_contents, guess_mod._WalkCache))


def traced_bytes(cache: dict[Any, Any], n: int) -> int:
    blob = pickle.dumps(dict(islice(cache.items(), n)), protocol=5)
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    copy = pickle.loads(blob)
    size = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    del copy
    return int(size)


def measure_bytes() -> None:
    from monitor.match import Document
    from monitor.match import document as document_mod
    from monitor.match.document import Doc
    from monitor.match.lang import guess as guess_mod

    caps = {"text keys": document_mod._MAX_TEXT_KEYS, "walks": guess_mod._MAX_WALKS}
    document_mod._MAX_TEXT_KEYS = guess_mod._MAX_WALKS = 10**9
    items, cases = corpus(), (str, str.upper, str.title)     # headlines in capitals and title case
    for case in cases:
        for title, text in items:
            Doc.build(Document(id="x", title=case(title), text=case(text), language=None))
    caches = {"text keys": document_mod._TEXT_KEYS, "walks": walker()._walks}
    print(f"filled from {len(items)} items in {len(cases)} cases: "
          + ", ".join(f"{name} {len(c):,}" for name, c in caches.items()))
    for name, cache in caches.items():
        for n in sorted({caps[name], 200_000}):
            if n <= len(cache):
                size = traced_bytes(cache, n)
                print(f"  {name:9} {n:>8,} entries: {size / 1e6:6.2f} MB, {size / n:4.0f} bytes an entry")


def one_run(text_cap: int, walk_cap: int) -> dict[str, float]:
    """In this process: the caps set, every item once through the matcher, then guesses and
    Doc.build alone (caches emptied first); CPU seconds."""
    import yaml

    from monitor.config.denials import DenialConfig
    from monitor.errors import RuleError
    from monitor.match import Document, compile_matcher
    from monitor.match import document as document_mod
    from monitor.match.document import GUESS_SAMPLE, Doc
    from monitor.match.lang import guess as guess_mod
    from monitor.match.lang import guess_packed, warm_guesser

    document_mod._MAX_TEXT_KEYS, guess_mod._MAX_WALKS = text_cap, walk_cap
    known, denials, seen = set(DenialConfig.model_fields), [], set()
    for path in sorted(CORPORA.glob("*/*_denials.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["denials"]:
            denial = DenialConfig.model_validate({k: v for k, v in raw.items() if k in known})
            try:
                compile_matcher([denial])
            except RuleError:
                continue
            if denial.id not in seen:
                seen.add(denial.id)
                denials.append(denial)
    matcher = compile_matcher(denials)
    warm_guesser()
    out: dict[str, float] = {}
    for name, items in (("corpora", corpus()), ("bench_poll items", bench_items(7450))):
        docs = [Document(id=str(i), title=t, text=x, language=None) for i, (t, x) in enumerate(items)]
        for stage in ("matcher", "guesses", "Doc.build"):
            document_mod._TEXT_KEYS.clear()
            walker()._walks.clear()
            start = time.process_time()
            for doc in docs:
                if stage == "matcher":
                    matcher.classify(doc)
                elif stage == "guesses":
                    guess_packed(doc.title + "\n" + doc.text[:GUESS_SAMPLE])
                else:
                    Doc.build(doc)
            out[f"{name}: {stage}"] = time.process_time() - start
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--other", default="200000,200000", help="text-key and walk caps to compare with")
    parser.add_argument("--skip-bytes", action="store_true")
    parser.add_argument("--one-run", help=argparse.SUPPRESS)
    parser.add_argument("--bytes-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        print(json.dumps(one_run(*map(int, args.one_run.split(",")))))
        return
    if args.bytes_only:
        measure_bytes()
        return
    if not args.skip_bytes:      # in a process of its own: it lifts the caps
        subprocess.run([sys.executable, __file__, "--bytes-only"], check=True)
    from monitor.match import document as document_mod
    from monitor.match.lang import guess as guess_mod

    shipped = f"{document_mod._MAX_TEXT_KEYS},{guess_mod._MAX_WALKS}"
    results: dict[str, list[dict[str, float]]] = {shipped: [], args.other: []}
    for _ in range(args.runs):
        for caps in results:
            got = subprocess.run([sys.executable, __file__, "--one-run", caps], capture_output=True, text=True,
                                 check=True)
            results[caps].append(json.loads(got.stdout))
    if not args.runs:
        return
    print(f"CPU seconds, {args.runs} runs each, alternated (text-key cap, walk cap):")
    for key in results[shipped][0]:
        cells = "   ".join(f"{caps}: " + ", ".join(f"{r[key]:.2f}" for r in runs) for caps, runs in results.items())
        print(f"  {key:28} {cells}")


if __name__ == "__main__":
    main()

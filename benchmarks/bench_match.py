"""Benchmark the compiled matcher against a naive per-rule regex loop (run: python benchmarks/bench_match.py).

Synthetic but realistic: denials with three claim entities (first name + surname, aliases in
Cyrillic), a denier, and two keyword groups of four to six terms (some wildcards); items of about
2 KB of news-like text, a third of which mention the entities of some denial. Prints items per
second for 10, 100, 1,000 and 10,000 denials, for both, in the same run.

Each item is classified once, as a daemon sees it (the matcher keeps per-word caches: looping over
the same few hundred items for a second measured warm caches a news stream does not give), after
a warm-up on other items of the same kind; ``--repeat`` also prints the old figure (400 items
looped for one second) beside it.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Callable, Sized
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.config.denials import DenialConfig  # noqa: E402
from monitor.match import Document, compile_matcher  # noqa: E402

# A plain Latin -> Cyrillic transliteration for the synthetic aliases: kept here, not taken from
# `denials suggest`, so that the benchmark's denials do not change when the suggester does.
_TO_CYR = [("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("ya", "я"),
           ("yu", "ю"), ("gh", "г"), ("ye", "е"), ("iy", "и"), ("a", "а"), ("b", "б"), ("c", "дж"),
           ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"), ("i", "и"), ("j", "дж"),
           ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("q", "г"),
           ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("x", "х"),
           ("y", "й"), ("z", "з")]


def to_cyrillic(name: str) -> str:
    out, s, i = [], name.lower(), 0
    while i < len(s):
        lat, cyr = next(((a, b) for a, b in _TO_CYR if s.startswith(a, i)), (s[i], s[i]))
        out.append(cyr)
        i += len(lat)
    return "".join(out).capitalize()


RNG = random.Random(20210219)
SYL = ["ka", "ra", "zan", "mu", "ri", "do", "va", "li", "ser", "gei", "nar", "bek", "ha", "ji", "to",
       "len", "pa", "shi", "vel", "gor", "am", "ir", "ol", "us", "tem", "bar", "kin", "za", "lo", "mi"]
SURNAME_ENDINGS = ["yan", "ov", "yev", "ashvili", "enko", "li", "oglu", "ski"]
FIRST = ["Armen", "Ali", "Rustam", "Hikmet", "Sergei", "Giorgi", "Elnur", "Tigran", "Anar", "Davit",
         "Nikol", "Ilham", "Zaur", "Levon", "Irakli", "Murad", "Samvel", "Rauf", "Vagif", "Karen"]


FILLER_SYL = ["con", "pre", "tion", "ment", "al", "ing", "er", "for", "ste", "pla", "bro", "ght", "ure",
              "ly", "ness", "ver", "com", "ple", "te", "re", "de", "ous", "ive", "ex", "pro", "ble"]


def word(syllables: list[str] = SYL) -> str:
    return "".join(RNG.choice(syllables) for _ in range(RNG.randint(2, 4)))


VOCAB = [word(FILLER_SYL) for _ in range(3000)] + ["the", "of", "and", "in", "to", "said", "on", "for", "with",
                                         "was", "that", "by", "officials", "ministry", "reported"] * 40


def make_denials(n: int) -> list[DenialConfig]:
    out = []
    for i in range(n):
        entities = []
        for _ in range(3):
            sur = (word() + RNG.choice(SURNAME_ENDINGS)).capitalize()
            entities.append({"name": f"{RNG.choice(FIRST)} {sur}", "aliases": [sur, to_cyrillic(sur)]})
        entities.append({"name": f"{word().capitalize()} Service", "role": "denier"})
        groups = []
        for g in range(2):
            terms = [w + ("*" if RNG.random() < 0.3 else "") for w in RNG.sample(VOCAB[:3000], RNG.randint(4, 6))]
            groups.append({"name": f"g{g}", "query": " OR ".join(terms), "required": g == 0})
        out.append(DenialConfig.model_validate({
            "id": f"d{i}", "title": f"denial {i}", "claim": "synthetic claim", "entities": entities,
            "keywords": groups, "min_entities": 2}))
    return out


def make_items(denials: list[DenialConfig], n: int, every: int = 20) -> list[Document]:
    """``n`` items; one in ``every`` states some denial's claim in one sentence."""
    items = []
    for i in range(n):
        words = [RNG.choice(VOCAB) for _ in range(300)]
        if i % every == 0:
            d = RNG.choice(denials)
            at = RNG.randrange(len(words) - 20)
            claim = [e.aliases[0] if e.aliases else e.name for e in d.entities[:2]]
            claim.append(d.keywords[0].query.split(" OR ")[0].rstrip("*"))
            for k, w in enumerate(claim):
                words.insert(at + 3 * k, w)
        text = " ".join(words)
        # sentences of 19 words, each starting with a capital as in news text (the splitter does
        # not end a sentence at a period followed by a lower-case word: "the 102. askeri üs")
        sentences = re.sub(r"((?:\S+ ){18}\S+) (\S)", lambda m: f"{m.group(1)}. {m.group(2).upper()}", text)
        items.append(Document(id=str(i), title=" ".join(words[:8]).capitalize(), text=sentences[:2000]))
    return items


class NaiveMatcher:
    """One regex per alias and per term, every rule checked on every item."""

    def __init__(self, denials: list[DenialConfig]) -> None:
        self.rules = []
        for d in denials:
            ents = [re.compile(r"\b(?:" + "|".join(re.escape(a) for a in [e.name, *e.aliases]) + r")\w{0,4}\b",
                               re.IGNORECASE) for e in d.entities if e.role == "claim"]
            groups = [re.compile(r"\b(?:" + "|".join(
                re.escape(t.rstrip("*")) + (r"\w*" if t.endswith("*") else "") for t in g.query.split(" OR "))
                + r")\b", re.IGNORECASE) for g in d.keywords if g.required]
            self.rules.append((d.id, ents, groups, d.min_entities or 0))

    def classify(self, doc: Document) -> list[str]:
        text = doc.title + "\n" + doc.text
        hits = []
        for rid, ents, groups, need in self.rules:
            if sum(1 for e in ents if e.search(text)) >= need and all(g.search(text) for g in groups):
                hits.append(rid)
        return hits


def rate(fn: Callable[[Document], Sized], items: list[Document], min_seconds: float = 0.5) -> tuple[float, int]:
    """Items per second over ``items``, looped until ``min_seconds`` have passed."""
    start = time.perf_counter()
    done = hits = 0
    while True:
        for doc in items:
            hits += len(fn(doc))
            done += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed, hits


def rate_once(fn: Callable[[Document], Sized], items: list[Document]) -> float:
    """Items per second over ``items``, each classified once (CPU time of this thread)."""
    start = time.thread_time()
    for doc in items:
        fn(doc)
    return len(items) / (time.thread_time() - start)


FRESH = 4000     # items timed once each at every size


def main() -> None:
    # --claims-every N: one item in N states a claim (default 20: in a news stream most items match
    # no denial; use 3 for a stress run where a third of the items are hits)
    every = int(sys.argv[sys.argv.index("--claims-every") + 1]) if "--claims-every" in sys.argv else 20
    repeat = "--repeat" in sys.argv
    print(f"{'denials':>8} {'compile s':>10} {'matcher items/s':>16} {'naive items/s':>14} {'speed-up':>9} "
          f"{'hit rate':>9}" + (f" {'looped items/s':>15}" if repeat else ""))
    for n in (10, 100, 1000, 10000):
        denials = make_denials(n)
        items = make_items(denials, 400, every)
        fresh = make_items(denials, FRESH, every)
        t0 = time.perf_counter()
        matcher = compile_matcher(denials)
        compile_s = time.perf_counter() - t0
        for doc in items:                      # warm-up: the guesser's model, first-use tables
            matcher.classify(doc)
        fast = rate_once(matcher.classify, fresh)
        looped = rate(matcher.classify, items, 1.0)[0] if repeat else 0.0
        hit_rate = sum(1 for doc in items if matcher.classify(doc)) / len(items)
        naive_items = items[: max(10, 4000 // n)]
        naive = NaiveMatcher(denials)
        slow, _ = rate(naive.classify, naive_items, 1.0)
        print(f"{n:>8} {compile_s:>10.2f} {fast:>16,.0f} {slow:>14,.1f} {fast / slow:>8,.0f}x "
              f"{hit_rate:>9.0%}" + (f" {looped:>15,.0f}" if repeat else ""), flush=True)
    print(f"items ~2 KB each, one in {every} stating a claim; {FRESH:,} items each classified once, CPU time "
          "of one core; naive = one regex per alias and required group per rule")


if __name__ == "__main__":
    main()

"""Classify the related pairs that get no hit, by what is missing (run from tests/corpus/real).

Usage: python ../../../scripts/classify_misses.py FOLDER [FOLDER ...] [--part test] [--zero-config]

With ``--zero-config``, the rules are those ``denials suggest`` proposes from each denial's title
(as ``evaluate_real.py --zero-config`` scores them).

For each item labelled for a denial whose rule gives it no hit, one line: the cause, whether the
item's language is one the rule's keyword words do not cover (``True``), the item, denial,
language, gold verdict, headline, and what was found. Causes, checked in this order:

* ``invalid-rule``: the rule does not compile (counted, not listed);
* ``scope``: out of the rule's window, language or years (timing.py);
* ``names``: fewer claim names than ``min_entities`` (``names+event``: a required group too);
* ``event``: the names are there, a required keyword group is not;
* ``structure``: names and groups are in the item, but no sentence (or the evidence path) relates
  them, or the verdict found no stance.

Then the counts by (cause, unlisted language). A tool for reading misses, not a score.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import evaluate_real as ev  # noqa: E402

from monitor.errors import RuleError  # noqa: E402
from monitor.match import Document, compile_matcher  # noqa: E402
from monitor.match.document import Doc  # noqa: E402
from monitor.match.evaluate import _term_spans  # noqa: E402
from monitor.match.query import evaluate  # noqa: E402
from monitor.match.related import weigh, word_spans  # noqa: E402
from monitor.match.rules import compile_denial  # noqa: E402
from monitor.match.timing import url_year  # noqa: E402


def main(argv: list[str]) -> int:
    part = argv[argv.index("--part") + 1] if "--part" in argv else "test"
    folders = [Path(a) for a in argv if not a.startswith("-") and a != part]
    counts: Counter[object] = Counter()
    rows = []
    guess = ev._guesser()
    for folder in folders:
        items, denials = ev.load_folder(folder, part)
        if "--zero-config" in argv:
            denials = ev.zero_config_denials(denials)[0]
        compiled = {}
        for d in denials:
            try:
                compiled[d.id] = (compile_denial(d), compile_matcher([d]))
            except RuleError:
                compiled[d.id] = None
        languages = {d.id: ev.rule_languages(d, guess) for d in denials}
        for it in items:
            if not it.denial or it.denial not in compiled:
                continue
            got = compiled[it.denial]
            if got is None:
                counts["invalid-rule"] += 1
                continue
            denial, matcher = got
            document = Document(id=it.id, title=it.title, text=it.text, url=it.url, language=it.language,
                                published=ev._published(it.date))
            if matcher.classify(document):
                continue
            unlisted = it.language not in languages[it.denial]
            day = document.published.date() if document.published else None
            if not denial.in_scope(document.language, None, day, dt.datetime.now(dt.UTC).date(),
                                   None if day else url_year(document.url)):
                cause, found = "scope", f"day={day} years={denial.years}"
            else:
                doc = Doc.build(document)
                names = [e.name for e in denial.claim_entities if _term_spans(e.terms, doc)]
                missing = [e.name for e in denial.claim_entities if e.name not in names]
                groups = [g.name for g in denial.groups if g.required and evaluate(g.node, doc) is None]
                if len(names) < denial.min_entities:
                    cause = "names+event" if groups else "names"
                else:
                    cause = "event" if groups else "structure"
                words = word_spans(doc, denial.claim_words)
                event = weigh(doc, denial.claim_words, words,
                              [(g.name, g.node, evaluate(g.node, doc)) for g in denial.groups if not g.names]).event
                found = (f"names={names} missing={missing} min={denial.min_entities} groups missing={groups} "
                         f"event={event:.2f} claim words={list(words)}")
            counts[(cause, "unlisted" if unlisted else "listed")] += 1
            rows.append((cause, unlisted, it.id, it.denial, it.language, it.verdict, it.title[:80], found))
    for row in sorted(rows, key=lambda r: (r[0], r[3])):
        print(*row, sep=" | ")
    print(sorted(counts.items(), key=lambda kv: str(kv[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

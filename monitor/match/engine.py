"""All denials compiled into one matcher: an Aho-Corasick term prefilter, then full rule checks.

Every positive term of every denial (entity names, query words and their stems) is one pattern of
a single automaton over the folded text. A document costs one pass of that automaton; only the
denials whose entity and required-group terms all occur are evaluated further, so the cost grows
with the number of *relevant* denials, not with the number of denials.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import ahocorasick

from monitor.config.denials import DenialConfig
from monitor.errors import RuleError
from monitor.match.cues import LEXICONS
from monitor.match.document import Doc
from monitor.match.evaluate import evaluate_denial
from monitor.match.normalize import fold_text
from monitor.match.query import Term
from monitor.match.rules import CompiledDenial, compile_denial, cue_term, prefilter_words
from monitor.match.types import Document, Hit


class _Prefilter:
    """One automaton over every pattern; reports the ids of the patterns seen at a word start."""

    def __init__(self) -> None:
        self.automaton = ahocorasick.Automaton()
        self.ids: dict[str, int] = {}

    def pattern_id(self, pattern: str) -> int:
        if pattern not in self.ids:
            self.ids[pattern] = len(self.ids)
        return self.ids[pattern]

    def build(self) -> None:
        for pattern, pid in self.ids.items():
            arabic = "\u0600" <= pattern[0] <= "\u06ff"
            self.automaton.add_word(pattern, (len(pattern), arabic, pid))
        if self.ids:
            self.automaton.make_automaton()

    def scan(self, folded: str) -> set[int]:
        seen: set[int] = set()
        if not self.ids:
            return seen
        for end, (length, arabic, pid) in self.automaton.iter(folded):
            start = end - length + 1
            if start == 0 or arabic or folded[start - 1] == " ":
                seen.add(pid)               # must start a word (the end may carry an ending)
        return seen


class CueLexicon:
    """Built-in cue phrases by category, with their own prefilter automaton."""

    def __init__(self) -> None:
        self.terms: list[tuple[str, Term]] = []
        automaton = ahocorasick.Automaton()
        by_pattern: dict[str, list[int]] = {}
        for category, lexicon in LEXICONS.items():
            for phrases in lexicon.values():
                for phrase in phrases:
                    term = cue_term(phrase)
                    self.terms.append((category, term))
                    for p in term.words[0].patterns():
                        by_pattern.setdefault(p, []).append(len(self.terms) - 1)
        for pattern, ids in by_pattern.items():
            automaton.add_word(pattern, (len(pattern), "\u0600" <= pattern[0] <= "\u06ff", tuple(ids)))
        automaton.make_automaton()
        self.automaton = automaton

    def find(self, doc: Doc, folded: str) -> dict[str, list[tuple[str, tuple[int, int]]]]:
        candidates: set[int] = set()
        for end, (length, arabic, ids) in self.automaton.iter(folded):
            start = end - length + 1
            if start == 0 or arabic or folded[start - 1] == " ":
                candidates.update(ids)
        out: dict[str, list[tuple[str, tuple[int, int]]]] = {}
        for i in sorted(candidates):
            category, term = self.terms[i]
            for span in term.spans(doc, None):
                out.setdefault(category, []).append((term.text, span))
        src = doc.source
        if (src.language or "")[:2] in ("az", "tr") or (not src.language and ("ə" in src.text or "ı" in src.text)):
            out.setdefault("neutral", []).extend(("X-or-not-X", span) for span in either_or(doc))
        return out


def either_or(doc: Doc) -> list[tuple[int, int]]:
    """Azerbaijani/Turkish "whether or not" by reduplication: a verb followed by its own negative
    form ("görüşüb-görüşmədiyi", "keçib-keçmədiyi", "olup olmadığı")."""
    out = []
    tokens = doc.tokens
    for a, b in zip(tokens, tokens[1:], strict=False):
        ka, kb = a.key, b.key
        if ka[:2] != kb[:2] or len(kb) < 5 or a.sent != b.sent:
            continue
        n = 2
        while n < min(len(ka), len(kb)) and ka[n] == kb[n]:
            n += 1
        if n < len(ka) and ka[n] in "iu" and kb[n:n + 2] in ("ma", "me") and len(kb) >= n + 3 \
                and doc.field_text(a.field)[a.end:b.start] in ("-", " ") and doc.script(a.pos) == "latin":
            out.append((a.pos, b.pos))
    return out


_CUES: CueLexicon | None = None


def cue_lexicon() -> CueLexicon:
    global _CUES
    if _CUES is None:
        _CUES = CueLexicon()
    return _CUES


class RuleMatcher:
    """The Matcher of the whole config (see monitor.match.types.Matcher).

    Candidate selection: entity patterns point at (denial, entity); a denial whose distinct
    entities seen reach ``min_entities`` is then checked for its required groups, each a set of
    pattern ids one of which must have been seen. Denials with ``min_entities: 0`` are reached
    through the patterns of their groups instead.
    """

    def __init__(self, denials: Sequence[CompiledDenial]) -> None:
        self.denials = tuple(denials)
        self.cues = cue_lexicon()
        self.prefilter = _Prefilter()          # entity names: selective, scanned first
        self.group_prefilter = _Prefilter()    # keyword and query words: scanned only when needed
        self._entity_slots: dict[int, list[tuple[int, int]]] = {}
        self._group_slots: dict[int, set[int]] = {}       # for denials without entity needs
        self._required: list[list[frozenset[int]]] = []
        self._always: list[int] = []
        pid, gid = self.prefilter.pattern_id, self.group_prefilter.pattern_id
        for d, denial in enumerate(self.denials):
            for i, ent in enumerate(denial.claim_entities):
                for term in ent.terms:
                    longest = max(term.words, key=lambda w: len(w.key))
                    for p in longest.patterns():
                        self._entity_slots.setdefault(pid(p), []).append((d, i))
            required: list[frozenset[int]] = []
            nodes = [g.node for g in denial.groups if g.required]
            nodes += [denial.query] if denial.query is not None else []
            for node in nodes:
                words = prefilter_words(node)
                if words is not None:
                    required.append(frozenset(gid(p) for w in words for p in w.patterns()))
            self._required.append(required)
            if denial.min_entities == 0:
                if required:
                    for group_pid in required[0]:
                        self._group_slots.setdefault(group_pid, set()).add(d)
                else:
                    self._always.append(d)
        self.prefilter.build()
        self.group_prefilter.build()

    @property
    def denial_ids(self) -> Sequence[str]:
        return [d.id for d in self.denials]

    def candidates(self, folded: str) -> list[int]:
        """Denials whose entity and required-group terms all occur in ``folded`` text."""
        entities: dict[int, set[int]] = {}
        for p in self.prefilter.scan(folded):
            for d, i in self._entity_slots.get(p, ()):
                entities.setdefault(d, set()).add(i)
        maybe = set(self._always)
        maybe.update(d for d, found in entities.items() if len(found) >= self.denials[d].min_entities)
        if not maybe and not self._group_slots:
            return []
        seen = self.group_prefilter.scan(folded)
        for p in seen:
            maybe.update(self._group_slots.get(p, ()))
        return sorted(d for d in maybe if all(not seen.isdisjoint(req) for req in self._required[d]))

    def classify(self, doc: Document) -> list[Hit]:
        folded = fold_text(doc.title + "\n" + doc.text)
        day = doc.published.date() if doc.published else None
        today = dt.datetime.now(dt.UTC).date()
        todo = [d for d in self.candidates(folded)
                if self.denials[d].in_scope(doc.language, doc.feed, day, today)]
        if not todo:
            return []
        prepared = Doc.build(doc)
        cues = self.cues.find(prepared, folded)
        hits = [h for d in todo if (h := evaluate_denial(self.denials[d], prepared, cues)) is not None]
        return sorted(hits, key=lambda h: (-h.score, h.denial_id))


def compile_matcher(denials: Sequence[DenialConfig]) -> RuleMatcher:
    """Compile every denial into one matcher; RuleError names the first denial that fails."""
    compiled = []
    seen: set[str] = set()
    for cfg in denials:
        if cfg.id in seen:
            raise RuleError(f"denial {cfg.id!r}: duplicate denial id", key=f"denials.{cfg.id}")
        seen.add(cfg.id)
        try:
            compiled.append(compile_denial(cfg))
        except RuleError as exc:
            raise RuleError(exc.message, key=f"denials[{len(compiled)}]") from None
    return RuleMatcher(compiled)

"""All denials compiled into one matcher: an Aho-Corasick term prefilter, then full rule checks.

Every positive term of every denial (entity names, query words and their stems) is one pattern of
a single automaton over the folded text. A document costs one pass of that automaton; only the
denials whose entity and required-group terms all occur are evaluated further, so the cost grows
with the number of *relevant* denials, not with the number of denials.

The pass is made chunk by chunk (whitespace-separated pieces of the raw text) with the result of
each chunk cached, which gives the same pattern ids as scanning the folded text (see _ChunkScan)
without folding text already seen; only documents with candidate denials are prepared as a Doc and
scanned for cue phrases.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from itertools import chain

import ahocorasick

from monitor.config.denials import DenialConfig
from monitor.errors import RuleError
from monitor.match.cues import LEXICONS, cue_languages
from monitor.match.document import Doc
from monitor.match.evaluate import evaluate_denial
from monitor.match.lang import guess_packed, warm_guesser
from monitor.match.normalize import fold_chunk, fold_text, script_of
from monitor.match.query import Term, Word, positive_words
from monitor.match.related import GROUP, MIN_EVENT, TOP, release_word_lists
from monitor.match.rules import CompiledDenial, GappedTerm, compile_denial, cue_term, prefilter_words
from monitor.match.skeleton import skeleton_words
from monitor.match.timing import url_year
from monitor.match.types import Document, Hit

_MAX_CHUNKS = 200_000
_EMPTY: frozenset[int] = frozenset()


class _ChunkScan:
    """A scan of folded text (ids of the patterns starting a word), done chunk by chunk and cached.

    ``fold_text`` is the folded whitespace-separated chunks joined by single spaces, so when no
    pattern holds a space every match lies inside one chunk and starts a word there exactly when
    it does in the whole text: the scan of a text is the union of the scans of its chunks. News
    reuses its words, so after a while nearly every chunk is a dictionary hit.
    """

    def __init__(self, scan: Callable[[str], set[int]]) -> None:
        self._scan = scan
        self._cache: dict[str, frozenset[int]] = {}    # frozensets: their hash is computed once

    def __call__(self, chunks: list[str]) -> set[int]:
        """``scan(fold_text(" ".join(chunks)))``, for ``chunks`` as ``str.split`` returns them."""
        return set().union(*filter(None, self._found(chunks)))

    def among(self, chunks: list[str], wanted: set[int]) -> set[int]:
        """``self(chunks) & wanted``, without building the whole union (a text that hits holds
        hundreds of keyword patterns, of which a few denials want a few)."""
        return wanted.intersection(chain.from_iterable(filter(None, self._found(chunks))))

    def _found(self, chunks: list[str]) -> set[frozenset[int] | None]:
        """The distinct scans of ``chunks`` (and None, or empty sets)."""
        cache = self._cache
        found = set(map(cache.get, chunks))
        if None in found:
            if len(cache) >= _MAX_CHUNKS:
                cache.clear()
            for chunk in set(chunks).difference(cache):
                found.add(cache.setdefault(chunk, frozenset(self._scan(fold_chunk(chunk))) or _EMPTY))
        return found


class _Prefilter:
    """One automaton over every pattern; reports the ids of the patterns seen at a word start."""

    def __init__(self) -> None:
        self.automaton = ahocorasick.Automaton()
        self.ids: dict[str, int] = {}
        self.inner: set[int] = set()     # patterns that may also start inside a word (compound parts)

    def pattern_id(self, pattern: str) -> int:
        if pattern not in self.ids:
            self.ids[pattern] = len(self.ids)
        return self.ids[pattern]

    def word_ids(self, word: Word) -> list[int]:
        """The ids of ``word``'s patterns; a word found as a part of a compound (query.Word.parts)
        may start inside a word of the text."""
        ids = [self.pattern_id(p) for p in word.patterns()]
        if word.parts:
            self.inner.update(ids)
        return ids

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
        inner = self.inner
        for end, (length, arabic, pid) in self.automaton.iter(folded):
            start = end - length + 1
            if start == 0 or arabic or folded[start - 1] == " " or pid in inner:
                seen.add(pid)               # must start a word (the end may carry an ending)
        return seen


class CueLexicon:
    """Built-in cue phrases by category, with their own prefilter automaton."""

    def __init__(self) -> None:
        self.terms: list[tuple[str, Term | GappedTerm]] = []
        self.languages: list[str] = []          # the language of each term
        automaton = ahocorasick.Automaton()
        by_pattern: dict[str, list[int]] = {}
        for category, lexicon in LEXICONS.items():
            for language, phrases in lexicon.items():
                for phrase in phrases:
                    term = cue_term(phrase)
                    self.terms.append((category, term))
                    self.languages.append(language)
                    for p in term.words[0].patterns():
                        by_pattern.setdefault(p, []).append(len(self.terms) - 1)
        for pattern, ids in by_pattern.items():
            automaton.add_word(pattern, (len(pattern), "\u0600" <= pattern[0] <= "\u06ff", tuple(ids)))
        automaton.make_automaton()
        self.automaton = automaton
        self.patterns = frozenset(by_pattern)
        self.scan_chunks = _ChunkScan(self.scan)    # the same as scan(fold_text(...)), from its chunks

    def scan(self, folded: str) -> set[int]:
        """Indexes (into ``terms``) of the cues whose first word may occur in ``folded`` text."""
        candidates: set[int] = set()
        for end, (length, arabic, ids) in self.automaton.iter(folded):
            start = end - length + 1
            if start == 0 or arabic or folded[start - 1] == " ":
                candidates.update(ids)
        return candidates

    def find(self, doc: Doc, folded: str) -> dict[str, list[tuple[str, tuple[int, int]]]]:
        """The cue hits of ``doc``, whose folded text (``fold_text``) is ``folded``."""
        return self.collect(doc, self.scan(folded))

    def collect(self, doc: Doc, candidates: Iterable[int]) -> dict[str, list[tuple[str, tuple[int, int]]]]:
        """The cue hits of ``doc`` among the ``candidates`` found by ``scan``."""
        out: dict[str, list[tuple[str, tuple[int, int]]]] = {}
        allowed = cue_languages(doc.lang)
        head: frozenset[str] | None = None
        head_known = False
        for i in sorted(candidates):
            language = self.languages[i]
            headline_only = False
            if allowed is not None and language not in allowed:
                # a headline in another language than the text (an English slug over a Hindi
                # article) gets the cues of its own language too, in the headline only
                if not head_known:
                    head, head_known = title_languages(doc, allowed), True
                if head is None or language not in head:
                    continue        # a cue of another language ("ma" is "but" in Italian, "has" in Polish)
                headline_only = True
            category, term = self.terms[i]
            for span in term.spans(doc, None):
                if (not headline_only or doc.tokens[span[0]].sent == 0) \
                        and not (category == "negation" and _numbered(doc, span)):
                    out.setdefault(category, []).append((term.text, span))
        if doc.stacks_endings:
            out.setdefault("neutral", []).extend(("X-or-not-X", span) for span in either_or(doc))
        return out


def _numbered(doc: Doc, span: tuple[int, int]) -> bool:
    """A negation word before a number is a number's label, not a negation: "No 10" (Downing
    Street), "No. 1 priority"."""
    nxt = span[1] + 1
    return nxt < len(doc.tokens) and doc.tokens[nxt].sent == doc.tokens[span[1]].sent \
        and doc.surface(nxt).isdigit()


TITLE_MIN_PROBABILITY = 0.5  # the guesser's own threshold (lang.guess.MIN_PROBABILITY)
TITLE_MIN_WORDS = 3       # shorter headlines ("Trump as mediator?") give the guesser too little


def title_languages(doc: Doc, allowed: frozenset[str]) -> frozenset[str] | None:
    """The cue languages of a headline written in another packed language and script than its text,
    by a guess on the headline alone; None when it is in the text's script or cannot be told."""
    title = doc.source.title
    words = title.split()
    if len(words) < TITLE_MIN_WORDS or doc.pack is None:
        return None
    # guessed only for a headline in another script than the text's (an English slug over Hindi,
    # Urdu, Japanese text): a guess costs about 40 us, and most headlines share their text's script
    scripts = Counter(script_of(w) for w in words[:12])
    main, _ = scripts.most_common(1)[0]
    if main == "other" or main in doc.pack.scripts:
        return None
    code = guess_packed(title, min_probability=TITLE_MIN_PROBABILITY)
    if code is None or code in allowed:
        return None
    extra = cue_languages(code)
    return None if extra is None else extra - allowed


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


DENIER_SLOT = -1


class RuleMatcher:
    """The Matcher of the whole config (see monitor.match.types.Matcher).

    Candidate selection: entity patterns point at (denial, entity); a denial whose distinct
    entities seen (any denier name counting as one) reach ``min_entities`` is then checked for its required groups, each a set of
    pattern ids one of which must have been seen. Denials with ``min_entities: 0`` are reached
    through the patterns of their groups instead.
    """

    def __init__(self, denials: Sequence[CompiledDenial]) -> None:
        self.denials = tuple(denials)
        self.cues = cue_lexicon()
        warm_guesser()      # load the language model now, not on the first item that needs it
        self.prefilter = _Prefilter()          # entity names: selective, scanned first
        self.group_prefilter = _Prefilter()    # keyword and query words: scanned only when needed
        self._entity_slots: dict[int, list[tuple[int, int]]] = {}
        self._group_slots: dict[int, set[int]] = {}       # for denials without entity needs
        self._required: list[list[frozenset[int]]] = []
        self._event: list[list[tuple[float, frozenset[int]]]] = []    # see _event_patterns
        self._always: list[int] = []
        pid, gids = self.prefilter.pattern_id, self.group_prefilter.word_ids
        for d, denial in enumerate(self.denials):
            # the denier (or its country) may stand in for one missing claim name (see
            # standin.denier_stand_in): all their names share the slot DENIER_SLOT, so they count once
            deniers = [(DENIER_SLOT, e) for e in denial.entities if e.role in ("denier", "speaker")]
            for i, ent in [*enumerate(denial.claim_entities), *deniers]:
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
                    required.append(frozenset(p for w in words for p in gids(w)))
            self._required.append(required)
            self._event.append(_event_patterns(denial, gids))
            if denial.min_entities == 0:
                if required:
                    for group_pid in required[0]:
                        self._group_slots.setdefault(group_pid, set()).add(d)
                else:
                    self._always.append(d)
        self.prefilter.build()
        self.group_prefilter.build()
        # the group patterns _select looks at whatever the entities: those of denials reached
        # through their groups (min_entities: 0), and what those denials require
        self._group_wanted = frozenset(self._group_slots).union(
            *(req for ds in self._group_slots.values() for d in ds for req in self._required[d]))
        # chunk by chunk scanning sees what a scan of the whole folded text sees (see _ChunkScan)
        self._spaceless = not any(" " in p for p in [*self.prefilter.ids, *self.group_prefilter.ids,
                                                      *self.cues.patterns])
        # names also in the sound skeletons of Arabic, Hebrew and Devanagari words (skeleton.py)
        self._sounds = any(p.startswith("\x00") for p in self.prefilter.ids)
        self._entity_scan = _ChunkScan(self._scan_names)
        self._group_scan = _ChunkScan(self.group_prefilter.scan)

    @property
    def denial_ids(self) -> Sequence[str]:
        return [d.id for d in self.denials]

    def _scan_names(self, folded: str) -> set[int]:
        """The entity patterns in ``folded`` text and in its words' sound skeletons."""
        return self.prefilter.scan(folded + skeleton_words(folded) if self._sounds else folded)

    def candidates(self, folded: str) -> list[int]:
        """Denials whose entity and required-group terms all occur in ``folded`` text."""
        return self._select(self._scan_names(folded), lambda wanted: self.group_prefilter.scan(folded))

    def _select(self, entity_pids: Iterable[int], group_pids: Callable[[set[int]], set[int]]) -> list[int]:
        """``group_pids(wanted)``: the group patterns seen in the text, at least those in ``wanted``
        (the only ones looked at here)."""
        entities: dict[int, set[int]] = {}
        for p in entity_pids:
            for d, i in self._entity_slots.get(p, ()):
                entities.setdefault(d, set()).add(i)
        maybe = set(self._always)
        maybe.update(d for d, found in entities.items() if len(found) >= self.denials[d].min_entities)
        # the evidence path (related.py) needs the rule's claim names and enough of its event (an
        # item one name short that names the denier is in ``maybe`` already: evaluate.py)
        loose = [d for d, found in entities.items() if self._event[d]
                 and len(found if self.denials[d].denier_acts else found - {DENIER_SLOT})
                 >= max(1, self.denials[d].min_entities)]
        if not maybe and not self._group_slots and not loose:
            return []
        wanted = set(self._group_wanted)
        wanted.update(*(req for d in maybe for req in self._required[d]),
                      *(pids for d in loose for _, pids in self._event[d]))
        seen = group_pids(wanted)
        if self._group_slots:
            for p in seen:
                maybe.update(self._group_slots.get(p, ()))
        found = {d for d in maybe if all(not seen.isdisjoint(req) for req in self._required[d])}
        found.update(d for d in loose if sum(w for w, pids in self._event[d] if not seen.isdisjoint(pids)) >= MIN_EVENT)
        return sorted(found)

    def classify(self, doc: Document) -> list[Hit]:
        if not self._spaceless:
            return self._classify(doc, self.candidates(fold_text(doc.title + "\n" + doc.text)), None)
        chunks = doc.title.split()
        chunks += doc.text.split()          # the chunks of fold_text(title + "\n" + text)
        entities = self._entity_scan(chunks)
        if not entities and not self._always and not self._group_slots:
            return []
        return self._classify(doc, self._select(entities, lambda wanted: self._group_scan.among(chunks, wanted)), chunks)

    def _classify(self, doc: Document, todo: list[int], chunks: list[str] | None) -> list[Hit]:
        """Evaluate the candidate denials ``todo`` in scope; ``chunks`` as in ``classify`` (None:
        scan the folded text for cues instead)."""
        if not todo:
            return []
        day = doc.published.date() if doc.published else None
        today = dt.datetime.now(dt.UTC).date()
        year = None if day else url_year(doc.url)
        todo = [d for d in todo if self.denials[d].in_scope(doc.language, doc.feed, day, today, year)]
        if not todo:
            return []
        prepared = Doc.build(doc)
        if chunks is None:
            cues = self.cues.find(prepared, fold_text(doc.title + "\n" + doc.text))
        else:
            cues = self.cues.collect(prepared, self.cues.scan_chunks(chunks))
        hits = [h for d in todo if (h := evaluate_denial(self.denials[d], prepared, cues)) is not None]
        return sorted(hits, key=lambda h: (-h.score, h.denial_id))


def _event_patterns(denial: CompiledDenial, word_ids: Callable[[Word], list[int]]) -> list[tuple[float, frozenset[int]]]:
    """What the evidence path can find of a denial's event, as the most each part may weigh and the
    pattern ids one of which it needs: each sense of its claim words (related.ClaimWord) and each
    keyword group. Their sum over the parts seen bounds ``related.weigh``'s event from above."""
    if not denial.claim_words:
        return []
    senses: dict[str, tuple[float, set[int]]] = {}
    for word in denial.claim_words:
        weight, pids = senses.setdefault(word.sense, (0.0, set()))
        pids.update(p for t in word.terms for w in t.words for p in word_ids(w))
        senses[word.sense] = (max(weight, word.weight * TOP), pids)
    out = [(w, frozenset(pids)) for w, pids in senses.values()]
    out += [(GROUP * TOP, frozenset(p for w in positive_words(g.node) for p in word_ids(w)))
            for g in denial.groups if not g.names]
    return out


def compile_matcher(denials: Sequence[DenialConfig]) -> RuleMatcher:
    """Compile every denial into one matcher; RuleError names the first denial that fails.

    What is alive once the matcher is built (the compiled rules, the lexicons, the word lists:
    some 460,000 objects at 1,000 denials) lives as long as the matcher, so it is frozen out of
    the garbage collector's reach (``gc.freeze``): a full collection would walk all of it again
    each time (about 0.3 s at 1,000 denials), the first one within a second of compiling. The
    next compile unfreezes it first, so a replaced matcher is still collected."""
    gc.unfreeze()
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
    release_word_lists()
    matcher = RuleMatcher(compiled)
    gc.freeze()
    return matcher

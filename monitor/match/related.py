"""Relatedness as evidence: an item that names the claim and tells its event in other words.

The strict path (``verdict.decide``) needs the rule's names and one of its keyword groups in one
sentence, or across the headline and lead. Real news often tells the claim's event in words the
rule's groups lack ("Pyongyang denies sending soldiers to Russia" for a group written as
"troops"), or puts the names and the event in different sentences. When the strict path finds
nothing, an item that holds the rule's claim names (``min_entities`` of them, at least one) is
related when the evidence of its event, ``weigh``, reaches MIN_EVENT (MIN_EVENT_SHORT for an item
with all but one of the claim names a rule asks for, when it asks for two or more, and the denier's
name):

* each keyword group that holds in the item counts GROUP, one with only some of its words GROUP_WORD
  (not a group of place names: where the claim happened is no event);
* each content word of the rule's ``claim`` sentence and ``title`` found counts WORD: its own stem
  and endings, and the words of its event concept in every packed language ("killed" also finds
  "убит", "tués"). Words of one sense (one concept, one stem) count once, and a word of the text
  once (a claim word where a group's word is adds nothing). Entity names, countries and capitals
  (the setting), cue words ("denies", "reports") are no event words, nor are common words
  (``common``: "the", "military") unless they are an event concept's ("killed") or an acronym;
* anything only further down than the headline and lead counts BODY of that.

Names alone do not relate: hard negatives share the names, places and denier of a rule by
construction, and letting a missing name be made up by event words at MIN_EVENT related more of
them than of the related items on the development parts (see docs/evaluation.md); at
MIN_EVENT_SHORT (a group and four claim words at the top, or two groups and two) and with the
denier named, it relates 3 more related pairs of parts a-w and no hard negative. The verdict is
then decided by the same cues as on the strict path (``evaluate._by_evidence``), with a lower
confidence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from wordfreq import zipf_frequency

from monitor.match.countries import rows_of
from monitor.match.cues import LEXICONS
from monitor.match.document import Doc, stem_word
from monitor.match.lang import guess_packed, packs
from monitor.match.normalize import WORD_RE, script_of
from monitor.match.normalize import fold_word as fold  # the same, cached: rules repeat their words
from monitor.match.query import Node, Term, concept_terms, matched_terms, word_concepts, words_of
from monitor.match.verdict import Span, lead_end

TOP, BODY = 1.0, 0.5             # found in the headline or lead / only further down
GROUP, GROUP_WORD = 1.0, 0.5     # a keyword group that holds / one with only some of its words
WORD = 0.5                       # a content word of the claim sentence or title
MIN_EVENT = 2.0                  # at the top: a group that holds and two words of the claim, or four words
MIN_EVENT_SHORT = 3.0            # one claim name short of a rule asking for two or more: a group and four words
COMMON_ZIPF = 5.0                # words this frequent carry no event ("the", "military" 5.2), unless an event concept's


@dataclass(frozen=True, slots=True)
class ClaimWord:
    """A content word of the claim sentence or title, with the words of its event concept."""

    text: str
    sense: str                   # words of one sense count once: "@concept", else the folded stem
    weight: float
    name: bool                   # a proper name or acronym ("Stoltenberg", "NATO"): matched as a name
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class Relatedness:
    """The evidence of a claim's event in one item."""

    event: float
    words: tuple[str, ...] = ()      # the claim words found, for explanations
    groups: tuple[str, ...] = ()     # the keyword groups with a word found
    need: float = MIN_EVENT          # the event it needs (more for an item a claim name short)

    @property
    def related(self) -> bool:
        return self.event >= self.need

    def why(self) -> str:
        found = [*(f"group {g}" for g in self.groups), *self.words]
        return f"related by evidence (event {self.event:.2f} >= {self.need}: {', '.join(found)})"


@functools.cache
def _cue_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """The one-word cues of every pack (denial, reference, say ...), folded: whole words, and
    prefixes (``refut*``)."""
    whole: set[str] = set()
    prefixes: set[str] = set()
    for lexicon in LEXICONS.values():
        for phrases in lexicon.values():
            for phrase in phrases:
                if " " not in phrase.strip():
                    (prefixes if phrase.endswith("*") else whole).add(fold(phrase.rstrip("*")))
    return frozenset(whole), tuple(sorted(p for p in prefixes if len(p) >= 4))


@functools.cache
def common(word: str, language: str) -> bool:
    """A word at least COMMON_ZIPF frequent in general text of ``language`` (wordfreq's Zipf scale,
    log10 of uses per billion words: "the" 7.7, "military" 5.2, "troops" 4.6, "balloon" 3.9); words
    of a language wordfreq has no list for, or cannot split into words without an optional
    tokenizer (Japanese and Korean need MeCab, Chinese jieba), are never common."""
    try:
        return zipf_frequency(word.casefold(), language, wordlist="small") >= COMMON_ZIPF
    except (LookupError, ImportError):
        return False


def release_word_lists() -> None:
    """Drop the frequency lists wordfreq keeps once read (about 19 MB for the shipped rules'
    languages): only compiling asks how common a word is (``common``, spellings), the matcher never
    does, and a later compile reads them again."""
    from wordfreq import get_frequency_dict, get_frequency_list

    get_frequency_dict.cache_clear()
    get_frequency_list.cache_clear()


def _stem(word: str, language: str) -> str:
    pack = packs().get(language)
    algo = pack.stemmer if pack is not None and pack.stemmer and script_of(word) == "latin" else None
    return fold(stem_word(algo, word.casefold()) if algo else word)


def is_cue(word: str, language: str) -> bool:
    """A word of denial, reporting or reference ("denies", "claims", "reports"): a rule's title
    tells its denial in words every item about any denial has."""
    whole, prefixes = _cue_words()
    key = fold(word)
    if key in whole or key.startswith(prefixes):
        return True
    root = _stem(word, language)
    return any(_stem(c, language) == root for c in _cue_words_by_prefix().get(key[:3], ()))


@functools.cache
def _cue_words_by_prefix() -> dict[str, tuple[str, ...]]:
    """The whole one-word cues of ``_cue_words`` by their first three letters (``is_cue`` compares
    a word with those sharing its own: a scan of them all cost ~0.1 ms a word)."""
    out: dict[str, list[str]] = {}
    for c in sorted(_cue_words()[0]):
        out.setdefault(c[:3], []).append(c)
    return {k: tuple(v) for k, v in out.items()}


def _title_case(words: list[str]) -> bool:
    """Most longer words capitalised ("Rwanda Denies Backing the M23 Rebels"): capitals are then
    no sign of a name."""
    cased = [w for w in words if len(w) > 3 and w[:1].lower() != w[:1].upper()]
    return bool(cased) and sum(w[:1].isupper() for w in cased) * 2 > len(cased)


def _proper(raw: str, position: int, title_case: bool) -> bool:
    """An acronym, or a capitalised word that is not the first of its sentence, in text not
    written in title case."""
    if len(raw) > 1 and raw.isupper():
        return True
    return raw[:1].isupper() and position > 0 and not title_case


def claim_words(claim: str, title: str, name_forms: Iterable[str]) -> tuple[ClaimWord, ...]:
    """The content words of a rule's claim and title (see the module docstring), without the
    words of ``name_forms`` (its entities' names and aliases, its places)."""
    language = guess_packed(f"{title}\n{claim}") or "en"
    named = {fold(w) for form in name_forms for w in re.findall(WORD_RE, form)}
    out: dict[str, ClaimWord] = {}
    for text in (claim, title):
        for sentence in re.split(r"(?<=[.!?;:])\s+|\n", text):
            words = re.findall(WORD_RE, sentence)
            title_case = _title_case(words)
            for i, raw in enumerate(words):
                key = fold(raw)
                if raw.isdigit() or key in named or key in out or is_cue(raw, language):
                    continue
                name = _proper(raw, i, title_case)
                own = Term(words_of(raw, "name" if name else "inflect"), raw)
                concepts = () if name else word_concepts(own.words[0])
                if common(raw, language) and not concepts and not (name and raw.isupper()):
                    continue
                if rows_of([raw]):
                    continue        # a country or capital: the claim's setting, shared by every story there
                weight = WORD
                sense = "@" + concepts[0] if concepts else _stem(raw, language)
                out[key] = ClaimWord(raw, sense, weight, name, (own, *(t for c in concepts for t in concept_terms(c))))
    return tuple(out.values())


def _place(doc: Doc, spans: Iterable[Span], lead: int) -> float:
    """TOP when a span is in the headline or lead, BODY when only further down, 0 when none."""
    got = 0.0
    for a, _ in spans:
        if doc.tokens[a].sent <= lead:
            return TOP
        got = BODY
    return got


def word_spans(doc: Doc, words: tuple[ClaimWord, ...]) -> dict[str, list[Span]]:
    """The spans of each claim word found in ``doc``, by its text."""
    out: dict[str, list[Span]] = {}
    for word in words:
        spans = sorted({s for t in word.terms for s in t.spans(doc, None)})
        if spans:
            out[word.text] = spans
    return out


def weigh(doc: Doc, words: tuple[ClaimWord, ...], found: dict[str, list[Span]],
          groups: list[tuple[str, Node, list[Span] | None]]) -> Relatedness:
    """The evidence of the claim's event in ``doc``: ``found`` are the spans of its claim words
    (``word_spans``), ``groups`` each keyword group's name, query and spans (None: it does not
    hold). A word of the text counts once: a claim word found only where a group's word is
    ("airport" of the claim and of a group) adds nothing to the group."""
    lead = lead_end(doc)
    event = 0.0
    named = []
    taken: set[int] = set()
    for name, node, spans in groups:
        hit = [s for _, got in matched_terms(node, doc) for s in got]
        got = GROUP * _place(doc, spans, lead) if spans is not None else GROUP_WORD * _place(doc, hit, lead)
        taken.update(p for a, b in hit for p in range(a, b + 1))
        if got:
            event += got
            named.append(name)
    senses: dict[str, float] = {}
    counted = []
    for word in words:
        spans = [s for s in found.get(word.text, ()) if not taken.intersection(range(s[0], s[1] + 1))]
        if spans:
            senses[word.sense] = max(word.weight * _place(doc, spans, lead), senses.get(word.sense, 0.0))
            counted.append(word.text)
    event += sum(senses.values())
    return Relatedness(round(event, 3), tuple(counted), tuple(named))

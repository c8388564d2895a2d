"""Keyword groups of a statement: the claim's event (an engine event concept where one fits), its content words."""

from __future__ import annotations

import functools
import re
from typing import Any

from monitor.match.document import Doc, stemmer
from monitor.match.lang import concepts, packs
from monitor.match.normalize import HAS_CJK, script_of
from monitor.match.query import evaluate, parse_query
from monitor.suggest.common import zipf
from monitor.suggest.lexicon import (
    CARGO,
    CLAIM_MARKERS,
    CONCEPTS,
    GENERIC_CONCEPTS,
    LINE_MOVE,
    LINE_STEMS,
    LINE_WORDS,
    LOGISTICS,
    NATIONALITY,
    OBJECTS,
    POSTPOSITIONS,
    STOP,
    is_geo_feature,
    is_institution_word,
    is_place_word,
    is_speech,
    is_title,
)
from monitor.suggest.places import (
    place_adjective,
)

_CONCEPT_NODES: dict[str, Any] = {}
_LINE_NODES: dict[str, Any] = {}


def concept_spans(doc: Doc) -> list[tuple[str, str, set[int]]]:
    """Known claim actions found in the statement, in any of their languages: only where the
    statement's own words are the action's words (the matcher's folding and stemming, right for
    feed items, would read "according" as "accord", "selling" as "shelling", "fire" as "fired")."""
    out = []
    for name, query in dict(CONCEPTS.values()).items():
        node = _CONCEPT_NODES.setdefault(name, parse_query(query))
        spans = [(a, b) for a, b in evaluate(node, doc) or []
                 if _written(doc, a, b, query_words(query)) and not _compound_part(doc, a, b)]
        if spans:
            out.append((name, query, {p for a, b in spans for p in range(a, b + 1)}))
    return out


def _compound_part(doc: Doc, a: int, b: int) -> bool:
    """Whether tokens a..b are joined by a hyphen to a word before or after them: part of a modifier
    ("fire-control radar", "morality-police custody"), not the claim's event."""
    text = doc.field_text(doc.tokens[a].field)
    before = doc.tokens[a - 1] if a and doc.tokens[a - 1].field == doc.tokens[a].field else None
    after = doc.tokens[b + 1] if b + 1 < len(doc.tokens) and doc.tokens[b + 1].field == doc.tokens[b].field else None
    return (before is not None and text[before.end:doc.tokens[a].start] == "-") or (
        after is not None and text[doc.tokens[b].end:after.start] == "-")


@functools.cache
def query_words(query: str) -> tuple[str, ...]:
    """The words and phrases of an OR query, an ``@concept`` as its phrases in every pack."""
    out: list[str] = []
    for term in re.findall(r'"[^"]+"|\S+', query):
        if term == "OR":
            continue
        if term.startswith("@"):
            out += [phrase.lower() for _, phrase in concepts().get(term[1:], ())]
        else:
            out.append(term.strip('"').lower())
    return tuple(out)


def _written(doc: Doc, a: int, b: int, words: tuple[str, ...]) -> bool:
    """Whether the tokens a..b are written as one of ``words``: the same words, a ``*`` word's
    prefix, or a word plus a short ending (two letters in Latin script, three in others)."""
    parts = [doc.surface(p).lower() for p in range(a, b + 1)]
    # Japanese, Chinese and Korean: every character is a token, the word is written without spaces
    surface = "".join(parts) if all(HAS_CJK.match(w) for w in parts) else " ".join(parts)
    extra = 2 if script_of(surface) == "latin" else 3
    if _name_like(doc, a):
        extra = 0               # "Navalny" is no "naval" with an ending: a name, not the word
    for word in words:
        stem = word.rstrip("*")
        if surface == stem or (surface.startswith(stem) and (word.endswith("*") or len(surface) - len(stem) <= extra)):
            return True
    return False


def _name_like(doc: Doc, p: int) -> bool:
    """Whether the token at ``p`` is capitalised inside its sentence (a name, or a German noun)."""
    word = doc.surface(p)
    inside = p > 0 and doc.tokens[p - 1].sent == doc.tokens[p].sent
    return inside and word[:1].isupper() and not word.isupper()


@functools.cache
def _concept_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """The words of the engine's event concepts in every pack: whole words, and ``*`` prefixes."""
    phrases = [phrase.lower() for forms in concepts().values() for _, phrase in forms if " " not in phrase]
    return (frozenset(p for p in phrases if not p.endswith("*")),
            tuple(p.rstrip("*") for p in phrases if p.endswith("*")))


def _event_word(word: str) -> bool:
    """Whether ``word`` (lower case) is a word of an engine event concept ("election", "interfering")."""
    whole, prefixes = _concept_words()
    return word in whole or word.startswith(prefixes)


def concept_tokens(doc: Doc) -> set[int]:
    """Tokens of known claim actions: claim words, never names (German "Söldner")."""
    return {p for _, _, tokens in concept_spans(doc) for p in tokens}


def _query_word(word: str, language: str | None = None) -> str:
    """A claim word as a query term: in Latin script its Snowball stem (the statement's language,
    English when it has no pack) with ``*`` when the stem has ``STEM_PREFIX`` letters or more, so
    that the word's cognates in other languages count too ("biological" -> ``biolog*``: biológicos,
    biologiques, biologische; "contaminated" -> ``contamin*``); a shorter stem, an everyday word, an
    adverb, or a word of an engine event concept (which the engine widens to the concept's words in
    every pack) keeps the word with its inflectional ending stripped, never a truncated stem."""
    script = script_of(word)
    low = word.lower()
    if script == "latin":
        pack = packs().get(language or "") or packs().get("en")
        stem = stemmer(pack.stemmer).stemWord(low) if pack is not None and pack.stemmer else low
        if (len(stem) >= STEM_PREFIX and stem != low and low.startswith(stem) and zipf(low, language) < STEM_WORD_ZIPF
                and not low.endswith(ADVERB_ENDINGS) and not _event_word(low)):
            return stem + "*"
        for ending in ("ing", "ed", "es", "s"):
            if low.endswith(ending) and len(low) - len(ending) >= 5:
                return low[: -len(ending)] + "*"
        return low
    lang = {"cyrillic": "russian", "armenian": "armenian"}.get(script)
    stem = stemmer(lang).stemWord(low) if lang else low
    return f"{stem}*" if len(stem) >= 4 and stem != low else low


def _claim_word(doc: Doc, text: str, pos: int) -> bool:
    """Whether the word at ``pos`` may be a claim term: no stop word, title, name, place word,
    river or sea, speech verb or claim marker."""
    word = text[doc.tokens[pos].start:doc.tokens[pos].end]
    return not (word.lower() in STOP or len(word) < 4 or is_title(word) or word[0].isupper() or word.isdigit()
                or is_speech(word) or word.lower() in CLAIM_MARKERS or word.lower() in POSTPOSITIONS
                or is_place_word(word) or is_institution_word(word) or not any(c.isalpha() for c in word)
                or is_geo_feature(word)
                or text[doc.tokens[pos].start - 1:doc.tokens[pos].start] in ("'", "’"))   # Gümrü'deki


def keyword_groups(doc: Doc, text: str, skip: set[int], clause: list[int], places: list[str]
                   ) -> list[dict[str, Any]]:
    """Known actions in the claim clause (multilingual; the most specific one required) and up to
    two other content words of the claim (optional); with no known action, the claim's content
    words together are the required group. Nationality adjectives go to ``places``."""
    groups: list[dict[str, Any]] = []
    concept_tokens: set[int] = set()
    in_clause = set(clause)
    moved = _line_move(doc, text, clause)
    # "moved the occupation line": the move is the event, the line its object
    groups += [{"name": "move", "query": LINE_MOVE, "required": True},
               {"name": "line", "query": LINE_WORDS, "required": False}][:2 * bool(moved)]
    concept_tokens |= moved
    first = _first_sentence(doc, clause)
    for _, name, query, tokens in sorted((min(t), n, q, t) for n, q, t in (
            (n, q, (t - skip) & in_clause) for n, q, t in concept_spans(doc)) if t):
        if tokens <= moved:
            continue        # "moved" there is no deployment of troops
        if not any(g["name"] == name for g in groups):
            groups.append({"name": name, "query": _with_own_words(doc, text, query, tokens), "required": True,
                           "first": bool(tokens & first)})
            concept_tokens |= tokens
    words = _content_words(doc, text, [p for p in clause if p not in skip and p not in concept_tokens], places,
                           LINE_STEMS if moved else ())
    actions = [g for g in groups if g["required"]]

    def freq(w: tuple[str, str, int]) -> float:     # of the word as written, not of its stem
        return zipf(text[doc.tokens[w[2]].start:doc.tokens[w[2]].end].lower(), doc.lang)

    if not actions and words:
        # no known action: the claim's content words are its event, any of them ("plotting a coup to
        # overthrow ..."): first those of the first sentence (a headline states the claim tersely)
        chosen = sorted(words, key=lambda w: (w[2] not in first, words.index(w)))[:_EVENT_WORDS]
        chosen.sort(key=freq)     # the most specific word names the group
        return [{"name": chosen[0][0], "query": " OR ".join(q for _, q, _ in chosen), "required": True}]
    for name, query, _ in sorted(words, key=freq)[:2]:   # the most specific
        groups.append({"name": name, "query": query, "required": False})
    # one action is required: the claim's specific event ("shot down", "mercenaries", "handed over")
    # rather than a generic one ("troops", "control"), one of the first sentence's when it has one
    # an agreement followed by what was agreed ("agreed that FSB guards would control the road") is the
    # frame of the claim: what was agreed is the event
    frame = {"agreement": 2.5} if len(actions) > 1 and actions[0]["name"] == "agreement" else {}
    specific = min(actions, key=lambda g: (not g.get("first", True), frame.get(g["name"], GENERIC_CONCEPTS.get(g["name"], 0))),
                   default=None)
    for g in actions:
        g["required"] = g is specific
    if specific is not None:
        for g in actions:               # what the event acts on is part of the claim ("steal vaccine
            if g["name"] in OBJECTS:   # research", "drones attacked"): two required groups also make
                g["required"] = True   # the event specific enough for the denier to stand in for a name
    if specific is not None and specific["name"] in LOGISTICS:
        cargo = [g for g in actions if g["name"] in CARGO]
        for g in cargo:                 # what is shipped or handed over is part of the claim: a cargo of
            g["required"] = True        # farm machinery unloaded at the same port is another story
        if any(g["required"] and g is not specific for g in actions):
            # the cargo and the parties make the claim; the verbs of handing over are too many in
            # any language ("providing", "gave", "надавав") to be required
            specific["required"] = False
    for g in groups:
        g.pop("first", None)
    return groups


# the shortest Snowball stem that stands for its word's cognates as a prefix (``protest*``; not
# ``camp*``, which is also "campaign")
STEM_PREFIX = 5
# only a word rarer than this Zipf frequency is widened to its stem: an everyday word keeps its form
# ("international", 5.3, is no ``internat*``; "conversations", 4.3, is ``convers*``); so does an
# adverb ("privately" is no ``privat*``)
STEM_WORD_ZIPF = 4.5
ADVERB_ENDINGS = ("ly",)
ADVERB_ENDINGS = ("ly",)
_EVENT_WORDS = 4          # content words ORed into the event group of a claim with no known action


def _with_own_words(doc: Doc, text: str, query: str, tokens: set[int]) -> str:
    """An engine concept (``@kill``) and the statement's own words for it ("@hack OR hacker*"): the
    concept finds each pack's words in text of that language only, a rule's own term in any text
    (German news writes "Hacker", "hackten") and brings the concept in too."""
    if not query.startswith("@") or " " in query:
        return query
    own: list[str] = []
    for run in _runs(sorted(tokens)):
        words = [text[doc.tokens[p].start:doc.tokens[p].end] for p in run]
        sep = "" if all(HAS_CJK.match(w) for w in words) else " "    # 毒殺: one word of two characters
        term = f'"{sep.join(w.lower() for w in words)}"' if len(words) > 1 else _query_word(words[0], doc.lang)
        if term not in own and len(term.rstrip("*")) >= 3:
            own.append(term)
    return " OR ".join([query, *own])


def _runs(positions: list[int]) -> list[list[int]]:
    """Consecutive positions grouped ([3, 4, 9] -> [[3, 4], [9]])."""
    out: list[list[int]] = []
    for p in positions:
        if out and p == out[-1][-1] + 1:
            out[-1].append(p)
        else:
            out.append([p])
    return out


def _first_sentence(doc: Doc, clause: list[int]) -> set[int]:
    """The claim clause's tokens in its first sentence."""
    if not clause:
        return set()
    sent = doc.tokens[clause[0]].sent
    return {p for p in clause if doc.tokens[p].sent == sent}


def _content_words(doc: Doc, text: str, positions: list[int], places: list[str], avoid: tuple[str, ...]
                   ) -> list[tuple[str, str, int]]:
    """The claim's content words as (name, query term, position), once each, in order; nationality
    adjectives go to ``places`` instead."""
    out: list[tuple[str, str, int]] = []
    for pos in positions:
        word = text[doc.tokens[pos].start:doc.tokens[pos].end]
        country = place_adjective(word)
        if country is not None or NATIONALITY.match(word):
            if (country or word) not in places:
                places.append(country or word)      # "syriens", "армянских": the place group
            continue
        if not _claim_word(doc, text, pos) or (avoid and word.lower().startswith(avoid)):
            continue
        query = _query_word(word, doc.lang)
        name = query.rstrip("*")
        if not any(n == name for n, _, _ in out):
            out.append((name, query, pos))
    return out


def _line_move(doc: Doc, text: str, clause: list[int]) -> set[int]:
    """The tokens of a move of a line in the claim ("moved the occupation line", "shifted the
    border", "передвинули границу", "sərhədi irəli çəkib"), or an empty set: a line word up to four
    words after the verb, or up to three before it (never "border guards moved ...")."""

    def tokens(query: str) -> list[tuple[int, int]]:
        node = _LINE_NODES.setdefault(query, parse_query(query))
        return [(a, b) for a, b in evaluate(node, doc) or [] if a in in_clause]

    in_clause = set(clause)
    moves, lines = tokens(LINE_MOVE), tokens(LINE_WORDS)
    for m, _ in moves:
        after = [(a, b) for a, b in lines if 0 < a - m <= 4 and doc.tokens[a].sent == doc.tokens[m].sent]
        before = [(a, b) for a, b in lines if 0 < m - b <= 3 and doc.tokens[a].sent == doc.tokens[m].sent
                  and not _guards(doc, text, b)]
        for a, b in after[:1] or before[-1:]:
            return set(range(min(a, m), max(b, m) + 1))
    return set()


def _guards(doc: Doc, text: str, p: int) -> bool:
    """Whether the line word at ``p`` names people ("border guards", "sərhədçilər")."""
    word = text[doc.tokens[p].start:doc.tokens[p].end].lower()
    nxt = text[doc.tokens[p + 1].start:doc.tokens[p + 1].end].lower() if p + 1 < len(doc.tokens) else ""
    return nxt.startswith(("guard", "troop", "police", "service", "officer")) or word.startswith(
        ("sərhədçi", "sınırcı", "sərhədçi"))

"""Where a sentence places its event: a proper name after a locative preposition ("met in
Dushanbe", "встретился ... в Баку", "à Moscou") or with a locative case ending (Azerbaijani and
Turkish "Bakıda", "Moskova'da", Armenian "Ստեփանակերտում").

Used to tell the claim's event from the same people meeting somewhere else: when a denial names
the place of the claim (a keyword group of place names) and a sentence names another place instead,
the sentence is about another event. Pure functions over a prepared Doc.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

from monitor.match.document import Doc
from monitor.match.lang import packs, union
from monitor.match.normalize import fold

_ALL_LOCATIVES = union("locative_endings")
# Text of unknown language: the words of the packs whose endings are shared, and the locative
# endings of non-Latin scripts only (a Latin "-da" or "-ban" needs the language to be known).
_SHARED = tuple(code for code, pack in packs().items() if pack.shared_endings)
_ANY_PREPOSITIONS = union("place_prepositions", _SHARED)
_ANY_NOT_PLACES = frozenset(m.casefold() for m in union("months", _SHARED))
_ANY_LOCATIVES = tuple(sorted(e for code, pack in packs().items() if "latin" not in pack.scripts
                              for e in pack.locative_endings))


def _pack_words(doc: Doc) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """Place prepositions, months and weekdays, and locative endings of the text's language
    (of every pack when the language is unknown)."""
    pack = doc.pack
    if pack is None:
        return _ANY_PREPOSITIONS, _ANY_NOT_PLACES, _ANY_LOCATIVES
    return (frozenset(pack.place_prepositions), frozenset(m.casefold() for m in pack.months),
            pack.locative_endings)


def same_place(word: str, keys: Collection[str]) -> bool:
    """Whether ``word`` is one of the places of ``keys`` (folded) in a spelling the rule lacks
    ("Sougovouchan" for Sugovushan, "Suqovuşanda" with its ending): most of its letters agree."""
    folded = fold(word)
    return any(difflib.SequenceMatcher(None, folded[:len(k) + 3], k).ratio() >= 0.75 for k in keys if len(k) >= 4)


def _locative(word: str, endings: tuple[str, ...]) -> bool:
    """A name of three letters or more with a locative ending (Bakıda, Ստեփանակերտում, Budapesten)."""
    low = word.casefold()
    return any(low.endswith(e) and len(low) - len(e) >= 3 for e in endings)


def place_named(doc: Doc, sent: int, taken: Collection[int]) -> str | None:
    """A place the sentence puts its event in, other than the words at ``taken`` positions
    (the claim's own names); None when the sentence names no such place."""
    lo, hi = doc.sentence_tokens(sent)
    tokens = doc.tokens[lo:hi]
    prepositions, not_places, locatives = _pack_words(doc)
    for i, tok in enumerate(tokens):
        if i == 0 or tok.pos in taken:
            continue      # a sentence's first word is capitalised whatever it is
        word = doc.surface(tok.pos)
        if not word[:1].isupper() or word.casefold() in not_places:
            continue
        before = doc.surface(tokens[i - 1].pos).casefold()
        text = doc.field_text(tok.field)
        if before in prepositions and text[tokens[i - 1].end:tok.start] == " ":
            return word
        if locatives and _locative(word, locatives):
            return word
        if i + 1 < len(tokens) and text[tok.end:tokens[i + 1].start] in ("'", "’") \
                and doc.surface(tokens[i + 1].pos).casefold() in _ALL_LOCATIVES:
            return word     # Turkish "Moskova'da"
    return None


def is_turkic(doc: Doc) -> bool:
    """Text of a language whose endings stack (Azerbaijani, Turkish: see the packs)."""
    return doc.stacks_endings

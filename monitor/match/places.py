"""Where a sentence places its event: a proper name after a locative preposition ("met in
Dushanbe", "встретился ... в Баку", "à Moscou") or with a locative case ending (Azerbaijani and
Turkish "Bakıda", "Moskova'da", Armenian "Ստեփանակերտում").

Used to tell the claim's event from the same people meeting somewhere else: when a denial names
the place of the claim (a keyword group of place names) and a sentence names another place instead,
the sentence is about another event. Pure functions over a prepared Doc.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection

from monitor.match.document import Doc
from monitor.match.normalize import fold

# Prepositions that put a place after them, by script (the place name is capitalised after them).
_PREPOSITIONS = frozenset({"in", "at", "à", "в", "во", "у", "под"})
# Capitalised words that follow "in"/"at" but are no place: months, weekdays, seasons.
_NOT_PLACES = frozenset([
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "spring", "summer", "autumn", "winter",
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
    "novembre", "décembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
])
_AZ_TR_LOCATIVE = re.compile(r"\w{3,}(?:da|də|de|ta|tə|te)(?:kı|ki|kü)?$")
_AZ_TR_APOSTROPHE = frozenset({"da", "de", "ta", "te", "daki", "deki", "taki", "teki"})
_HY_LOCATIVE = "ում"


def same_place(word: str, keys: Collection[str]) -> bool:
    """Whether ``word`` is one of the places of ``keys`` (folded) in a spelling the rule lacks
    ("Sougovouchan" for Sugovushan, "Suqovuşanda" with its ending): most of its letters agree."""
    folded = fold(word)
    return any(difflib.SequenceMatcher(None, folded[:len(k) + 3], k).ratio() >= 0.75 for k in keys if len(k) >= 4)


def _is_name(word: str) -> bool:
    return word[:1].isupper() and word.casefold() not in _NOT_PLACES


def place_named(doc: Doc, sent: int, taken: Collection[int]) -> str | None:
    """A place the sentence puts its event in, other than the words at ``taken`` positions
    (the claim's own names); None when the sentence names no such place."""
    lo, hi = doc.sentence_tokens(sent)
    tokens = doc.tokens[lo:hi]
    for i, tok in enumerate(tokens):
        if i == 0 or tok.pos in taken:
            continue      # a sentence's first word is capitalised whatever it is
        word = doc.surface(tok.pos)
        if not _is_name(word):
            continue
        script = doc.script(tok.pos)
        before = doc.surface(tokens[i - 1].pos).casefold()
        text = doc.field_text(tok.field)
        if before in _PREPOSITIONS and text[tokens[i - 1].end:tok.start] == " ":
            return word
        if script == "latin" and _AZ_TR_LOCATIVE.fullmatch(word.casefold()) and is_turkic(doc):
            return word
        if i + 1 < len(tokens) and text[tok.end:tokens[i + 1].start] in ("'", "’") \
                and doc.surface(tokens[i + 1].pos).casefold() in _AZ_TR_APOSTROPHE:
            return word
        if script == "armenian" and word.endswith(_HY_LOCATIVE) and len(word) > 5:
            return word
    return None


def is_turkic(doc: Doc) -> bool:
    """Azerbaijani or Turkish text (by its language, else by its letters)."""
    lang = (doc.source.language or "")[:2].lower()
    if lang:
        return lang in ("az", "tr")
    sample = doc.source.title + doc.source.text[:500]
    return "ə" in sample or "ı" in sample

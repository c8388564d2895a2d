"""How common a word is in its language (wordfreq): well-known names, common words written in Title Case."""

from __future__ import annotations

import functools

from wordfreq import available_languages, zipf_frequency

from monitor.match.document import Doc
from monitor.match.normalize import fold
from monitor.suggest.lexicon import PLACE_ROWS

# Zipf frequency (log10 of uses per billion words) from which a word is common in its language:
# "surgery" 4.6, "undergoing" 3.7, "Putin" 4.1, "Gaza" 3.9, "Khashoggi" 2.3, "Bucha" 1.3.
COMMON_ZIPF = 3.5
# The language whose common words are never transliterated as names (the Latin spellings the
# transliteration tables start from are English ones)
TRANSLIT_SOURCE = "en"
TRANSLIT_ZIPF = 4.0


@functools.cache
def _languages() -> frozenset[str]:
    return frozenset(available_languages())


def zipf(word: str, language: str | None) -> float:
    """The word's Zipf frequency in ``language``; 0.0 when the language has no word list, or when
    wordfreq needs an optional tokenizer to split it (Japanese and Korean MeCab, Chinese jieba)."""
    if not language or language not in _languages():
        return 0.0
    try:
        return float(zipf_frequency(word, language))
    except ImportError:
        return 0.0


def is_common_word(word: str, language: str | None) -> bool:
    """A word that is frequent in its language ("Surgery", "Adds", "Participate")."""
    return zipf(word, language) >= COMMON_ZIPF


def is_everyday_word(word: str) -> bool:
    """A word too frequent in English to be a name to transliterate ("Surgery" 4.6, "Participate"
    4.4; "Pentagon" 3.7 and "Khashoggi" 2.3 are names)."""
    return zipf(word, TRANSLIT_SOURCE) >= TRANSLIT_ZIPF


def well_known(name: str, language: str | None) -> bool:
    """A name every word of which is frequent in the language ("Gaza", "Putin", "Tokyo Olympics"):
    it names the claim's setting more often than the claim itself."""
    if any(c.isdigit() for c in name):
        return False                        # a model or flight number: F-16, S-300, MH17
    words = name.split()
    return all(is_common_word(w, language) for w in words)


# A sentence is written in Title Case when this share of its words of four letters or more (at
# least three of them) start with a capital (German capitalises its nouns, so not three in four):
# its capitals then say nothing about names.
TITLE_CASE_SHARE = 0.9
# The text's first word is a function word, not a name, from this frequency ("El", "Il", "Το", "The")
FUNCTION_ZIPF = 6.0


def title_case_sentences(doc: Doc, text: str) -> set[int]:
    """The sentences of ``doc`` written in Title Case ("Woman Adds Third Breast by Undergoing Surgery")."""
    words: dict[int, list[str]] = {}
    for tok in doc.tokens:
        word = text[tok.start:tok.end]
        if len(word) >= 4 and word[:1].isalpha():
            words.setdefault(tok.sent, []).append(word)
    return {sent for sent, ws in words.items()
            if len(ws) >= 3 and sum(w[:1].isupper() for w in ws) >= TITLE_CASE_SHARE * len(ws)}


def recase(doc: Doc, text: str) -> str:
    """``text`` with the common words of its Title-Case sentences, and a function word that opens
    it ("El", "Το"), in lower case (a capital after a full stop still starts a sentence), so that only names keep their capitals: a word stays
    capitalised when it is rare in the text's language, a gazetteer place, an abbreviation or a
    code, or written with a capital inside a sentence in ordinary case."""
    titled = title_case_sentences(doc, text)
    first = {doc.sentence_tokens(s.idx)[0] for s in doc.sentences if s.end > s.start}
    named = {fold(text[t.start:t.end]) for t in doc.tokens
             if t.sent not in titled and t.pos not in first and text[t.start:t.start + 1].isupper()}
    chars = list(text)
    for tok in doc.tokens:
        word = text[tok.start:tok.end]
        if tok.pos in first and tok.pos:
            continue                    # the capital after a full stop says where a sentence starts
        common = (is_common_word(word, doc.lang) if tok.sent in titled
                  else tok.pos == 0 and zipf(word, doc.lang) >= FUNCTION_ZIPF)
        if (common and word[:1].isupper() and word[1:].islower() and word.isalpha()
                and fold(word) not in named and fold(word) not in PLACE_ROWS and len(word[0].lower()) == 1):
            chars[tok.start] = word[0].lower()
    return "".join(chars)

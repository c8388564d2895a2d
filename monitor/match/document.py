"""A document prepared for matching: tokens with offsets, sentences, and a key index."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import Stemmer

from monitor.match.normalize import SUFFIXES, WORD, arabic_variants, fold_word, script_of
from monitor.match.types import Document

_SENT_END = re.compile(r"[.!?…؟。;]+[\"'»”’)\]]*\s+|\n\s*")
_ABBREV = frozenset({"gen", "lt", "col", "maj", "mr", "mrs", "ms", "dr", "st", "prof", "sen", "rep",
                     "gov", "jr", "sr", "no", "vs", "etc", "г", "ген", "т", "им", "проф", "mt", "capt",
                     "adm", "cdr", "sgt", "cpl", "pvt", "u.s", "u.n"})
_LATIN_STEM = {"en": "english", "fr": "french", "de": "german", "tr": "turkish", "az": "turkish",
               "es": "spanish", "it": "italian", "pt": "portuguese", "nl": "dutch", "ro": "romanian",
               "pl": "polish"}
_SCRIPT_STEM = {"cyrillic": "russian", "armenian": "armenian", "arabic": "arabic", "greek": "greek"}
_STEMMERS: dict[str, Stemmer.Stemmer] = {}


def stemmer(language: str) -> Stemmer.Stemmer:
    if language not in _STEMMERS:
        _STEMMERS[language] = Stemmer.Stemmer(language)
    return _STEMMERS[language]


@dataclass(frozen=True, slots=True)
class Token:
    pos: int          # index in Doc.tokens (title tokens first, then text tokens)
    key: str          # folded skeleton
    field: str        # "title" | "text"
    start: int
    end: int
    sent: int         # index in Doc.sentences


@dataclass(frozen=True, slots=True)
class Sentence:
    idx: int
    field: str
    start: int
    end: int


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``; does not split after common abbreviations and initials."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if "\n" not in m.group(0) and m.group(0)[0] == ".":
            words = WORD.findall(text[start:m.start()][-12:])
            last = words[-1] if words else ""
            if last.casefold() in _ABBREV or (len(last) == 1 and last.isupper()):
                continue
        if text[start:m.start()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


@dataclass
class Doc:
    """Tokens, sentences and lookup of one Document; built once, shared by every denial."""

    source: Document
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    _postings: dict[str, list[int]] = field(default_factory=dict)
    _keys: list[str] = field(default_factory=list)
    _stems: dict[str, list[int]] | None = None

    @classmethod
    def build(cls, document: Document) -> Doc:
        doc = cls(source=document)
        doc.sentences.append(Sentence(0, "title", 0, len(document.title)))
        doc._add_field("title", document.title, [(0, len(document.title))])
        spans = split_sentences(document.text)
        doc._add_field("text", document.text, spans)
        doc._keys = sorted(doc._postings)
        return doc

    def _add_field(self, name: str, text: str, spans: list[tuple[int, int]]) -> None:
        for s_start, s_end in spans:
            sent = len(self.sentences) if name == "text" else 0
            if name == "text":
                self.sentences.append(Sentence(sent, name, s_start, s_end))
            for m in WORD.finditer(text, s_start, s_end):
                word = m.group(0)
                key = fold_word(word)
                if not key:
                    continue
                tok = Token(len(self.tokens), key, name, m.start(), m.end(), sent)
                self.tokens.append(tok)
                self._postings.setdefault(key, []).append(tok.pos)
                if word[0] >= "\u0600" and word[0] <= "\u06ff":
                    for alt in arabic_variants(word):
                        self._postings.setdefault(fold_word(alt), []).append(tok.pos)

    def field_text(self, name: str) -> str:
        return self.source.title if name == "title" else self.source.text

    # --- lookups: each returns token positions, sorted --------------------------------------

    def exact(self, key: str) -> list[int]:
        return self._postings.get(key, [])

    def prefixed(self, key: str, *, inflect_only: bool) -> list[int]:
        """Tokens whose key starts with ``key`` (only inflectional endings if ``inflect_only``)."""
        out: list[int] = []
        i = bisect.bisect_left(self._keys, key)
        while i < len(self._keys) and self._keys[i].startswith(key):
            k = self._keys[i]
            if not inflect_only or k[len(key):] in SUFFIXES:
                out.extend(self._postings[k])
            i += 1
        return sorted(out) if len(out) > 1 else out

    def stemmed(self, stem_key: str) -> list[int]:
        if self._stems is None:
            self._stems = self._build_stems()
        return self._stems.get(stem_key, [])

    def _build_stems(self) -> dict[str, list[int]]:
        lang = (self.source.language or "").lower()[:2]
        latin = _LATIN_STEM.get(lang, "english")
        out: dict[str, list[int]] = {}
        for tok in self.tokens:
            word = self.field_text(tok.field)[tok.start:tok.end].casefold()
            script = script_of(word)
            algo = latin if script == "latin" else _SCRIPT_STEM.get(script)
            if algo is None:
                continue
            out.setdefault(fold_word(stemmer(algo).stemWord(word)), []).append(tok.pos)
        return out

    def snippet(self, field_name: str, start: int, end: int, width: int = 60) -> str:
        text = self.field_text(field_name)
        a, b = max(0, start - width), min(len(text), end + width)
        out = " ".join(text[a:b].split())
        return ("…" if a > 0 else "") + out + ("…" if b < len(text) else "")

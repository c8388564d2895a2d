"""A document prepared for matching: tokens with offsets, sentences, and a key index."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import Stemmer

from monitor.match.morph import ANY_SCRIPT_SUFFIX, script_suffix
from monitor.match.normalize import _WORD_KEYS, SUFFIXES, WORD, arabic_variants, fold_word, script_of
from monitor.match.types import Document

_SENT_END = re.compile(r"[.!?…؟。;։۔]+[\"'»”’)\]]*\s+|\n\s*")
_ABBREV = frozenset({"gen", "lt", "col", "maj", "mr", "mrs", "ms", "dr", "st", "prof", "sen", "rep",
                     "gov", "jr", "sr", "no", "vs", "etc", "г", "ген", "т", "им", "проф", "mt", "capt",
                     "adm", "cdr", "sgt", "cpl", "pvt", "u.s", "u.n"})
_LATIN_STEM = {"en": "english", "fr": "french", "de": "german", "tr": "turkish", "az": "turkish",
               "es": "spanish", "it": "italian", "pt": "portuguese", "nl": "dutch", "ro": "romanian",
               "pl": "polish"}
_SCRIPT_STEM = {"cyrillic": "russian", "armenian": "armenian", "arabic": "arabic", "greek": "greek"}
_STEMMERS: dict[str, Stemmer.Stemmer] = {}
_STEM_KEYS: dict[tuple[str, str], str] = {}


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
            if text[m.end():m.end() + 1].islower():
                continue    # "the 102. askeri üs", "z. B. die": a sentence starts with a capital
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
    _stems: dict[int, str] | None = None
    _scripts: dict[int, str] = field(default_factory=dict)
    _latin: str = "english"

    @classmethod
    def build(cls, document: Document) -> Doc:
        doc = cls(source=document)
        doc.sentences.append(Sentence(0, "title", 0, len(document.title)))
        doc._add_field("title", document.title, [(0, len(document.title))])
        doc.sentences[0] = Sentence(0, "title", 0, len(document.title))
        spans = split_sentences(document.text)
        doc._add_field("text", document.text, spans)
        doc._keys = sorted(doc._postings)
        return doc

    def _add_field(self, name: str, text: str, spans: list[tuple[int, int]]) -> None:
        tokens, postings, get = self.tokens, self._postings, _WORD_KEYS.get
        bounds = iter(spans)
        s_start, s_end = next(bounds, (0, 0))
        sent = 0 if name == "title" else len(self.sentences)
        if name == "text" and spans:
            self.sentences.append(Sentence(sent, name, s_start, s_end))
        for m in WORD.finditer(text):
            start, end = m.span()
            while start >= s_end and name == "text":
                nxt = next(bounds, None)
                if nxt is None:
                    break
                s_start, s_end = nxt
                sent = len(self.sentences)
                self.sentences.append(Sentence(sent, name, s_start, s_end))
            word = m.group()
            key = get(word) or fold_word(word)
            if not key:
                continue
            pos = len(tokens)
            tokens.append(Token(pos, key, name, start, end, sent))
            if key in postings:
                postings[key].append(pos)
            else:
                postings[key] = [pos]
            if "\u0600" <= word[0] <= "\u06ff":
                for alt in arabic_variants(word):
                    postings.setdefault(fold_word(alt), []).append(pos)

    def script(self, pos: int) -> str:
        """The script of token ``pos`` ('latin', 'cyrillic', ...)."""
        got = self._scripts.get(pos)
        if got is None:
            tok = self.tokens[pos]
            got = self._scripts[pos] = script_of(self.field_text(tok.field)[tok.start:tok.end])
        return got

    def surface(self, pos: int) -> str:
        """The text of token ``pos`` as written."""
        tok = self.tokens[pos]
        return self.field_text(tok.field)[tok.start:tok.end]

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
            rest = k[len(key):]
            if not inflect_only or rest in SUFFIXES:
                out.extend(self._postings[k])
            elif rest in ANY_SCRIPT_SUFFIX:     # an ending of one script only (Armenian -ով ...)
                out.extend(p for p in self._postings[k] if script_suffix(rest, self.script(p)))
            i += 1
        return sorted(out) if len(out) > 1 else out

    def among(self, prefix: str, keys: frozenset[str]) -> list[int]:
        """Tokens whose key starts with ``prefix`` and is one of ``keys``."""
        out: list[int] = []
        i = bisect.bisect_left(self._keys, prefix)
        while i < len(self._keys) and self._keys[i].startswith(prefix):
            if self._keys[i] in keys:
                out.extend(self._postings[self._keys[i]])
            i += 1
        return out

    def stemmed(self, stem_key: str) -> list[int]:
        """Tokens whose Snowball stem (folded) is ``stem_key``; only tokens sharing its first
        three letters are stemmed, each once."""
        if self._stems is None:
            lang = (self.source.language or "").lower()[:2]
            if not lang:   # no language given: Azerbaijani and Turkish letters are telling
                sample = self.source.title + self.source.text[:2000]
                lang = "az" if "ə" in sample else ("tr" if ("ı" in sample or "ğ" in sample) else "en")
            self._latin = _LATIN_STEM.get(lang, "english")
            self._stems = {}
        out = []
        for pos in self.prefixed(stem_key[:3], inflect_only=False):
            key = self._stems.get(pos)
            if key is None:
                key = self._stems[pos] = self._stem_key(self.tokens[pos])
            if key == stem_key:
                out.append(pos)
        return out

    def _stem_key(self, tok: Token) -> str:
        word = self.field_text(tok.field)[tok.start:tok.end].casefold()
        script = script_of(word)
        algo = self._latin if script == "latin" else _SCRIPT_STEM.get(script)
        if algo is None:
            return ""
        key = _STEM_KEYS.get((algo, word))
        if key is None:
            if len(_STEM_KEYS) > 500_000:
                _STEM_KEYS.clear()
            key = _STEM_KEYS[(algo, word)] = fold_word(stemmer(algo).stemWord(word))
        return key

    def snippet(self, field_name: str, start: int, end: int, width: int = 60) -> str:
        text = self.field_text(field_name)
        a, b = max(0, start - width), min(len(text), end + width)
        out = " ".join(text[a:b].split())
        return ("…" if a > 0 else "") + out + ("…" if b < len(text) else "")

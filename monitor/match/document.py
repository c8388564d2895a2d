"""A document prepared for matching: tokens with offsets, sentences, and a key index."""

from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import accumulate, count, repeat
from operator import attrgetter
from typing import NamedTuple, cast

import Stemmer

from monitor.match import kana, skeleton
from monitor.match.lang import LanguagePack, irregular_forms, language_of, packs, union
from monitor.match.morph import ANY_SCRIPT_SUFFIX, script_suffix
from monitor.match.normalize import (
    HAS_CJK,
    PLAIN_WORD,
    WORD,
    arabic_variants,
    fold_word,
    script_of,
    stem_vowels_for,
    suffixes_for,
)
from monitor.match.types import Document

# Sentence ends: r"[.!?…؟。;։۔]+[\"'»”’)\]]*\s+|\n\s*", written to start with one character class
# (the same matches), which lets the regex engine skip ahead to candidate positions.
_SENT_END = re.compile(r"[.!?…؟。;։۔\n](?:(?<=\n)\s*|(?<!\n)[.!?…؟。;։۔]*[\"'»”’)\]]*\s+)")
_ABBREV = union("abbreviations")
GUESS_SAMPLE = 400          # text characters (after the headline) the language guesser reads
_SCRIPT_STEM = {"cyrillic": "russian", "armenian": "armenian", "arabic": "arabic", "greek": "greek"}
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_WORD_SPLIT = re.compile(f"({WORD.pattern})")
_PLAIN_SPLIT = re.compile(f"({PLAIN_WORD.pattern})")
_STEMMERS: dict[str, Stemmer.Stemmer] = {}
MIN_PART = 4     # letters of a compound's part: an event word, and what stands before or after it
MIN_HEAD = 5     # letters of an event word found as a later part ("Rolle", folded "role", is no "Kontrolle")
_VOWELS = frozenset("aeiou")     # folded ("y" folds to "i")


def stemmer(language: str) -> Stemmer.Stemmer:
    if language not in _STEMMERS:
        _STEMMERS[language] = Stemmer.Stemmer(language)
    return _STEMMERS[language]


def stem_word(algorithm: str, word: str) -> str:
    """The Snowball stem of a lower-case ``word``; an irregular form (the packs' ``irregular``:
    "sent", "met") is stemmed as its base form, so "sent" and "sending" share a stem."""
    return cast(str, stemmer(algorithm).stemWord(irregular_forms(algorithm).get(word, word)))


class Token(NamedTuple):
    """One word of a Doc (immutable; a named tuple, which is several times cheaper to build than a
    frozen dataclass, and a Doc has hundreds of them)."""

    pos: int          # index in Doc.tokens (title tokens first, then text tokens)
    key: str          # folded skeleton
    field: str        # "title" | "text"
    start: int
    end: int
    sent: int         # index in Doc.sentences


_SENT = attrgetter("sent")


@dataclass(frozen=True, slots=True)
class Sentence:
    idx: int
    field: str
    start: int
    end: int


_new_token: Callable[[tuple[int, str, str, int, int, int]], Token] = functools.partial(tuple.__new__, Token)


@functools.lru_cache(maxsize=200_000)
def stem_key_of(surface: str, latin: str) -> str:
    """The folded Snowball stem of a word as written; ``latin`` is the algorithm for Latin script
    (the others follow from the script), and words of scripts without a stemmer get ""."""
    word = surface.casefold()
    script = script_of(word)
    algo = latin if script == "latin" else _SCRIPT_STEM.get(script)
    return "" if algo is None else fold_word(stem_word(algo, word))


def _kana_runs(doc: Doc) -> list[tuple[str, str, int]]:
    """(system, key, first token) of every run of adjacent katakana or hangul tokens of ``doc``."""
    out: list[tuple[str, str, int]] = []
    run: list[str] = []
    system, first, prev = "", 0, None
    for tok in [*doc.tokens, None]:
        now = kana.system_of(tok.key[:1]) if tok is not None else ""
        joined = tok is not None and prev is not None and tok.field == prev.field and tok.start == prev.end
        if now and now == system and joined:
            run.append(tok.key)    # type: ignore[union-attr]
        else:
            if run:
                out.extend((system, key, first) for key in kana.run_forms(run, system))
            run, system = ([tok.key], now) if (now and tok is not None) else ([], "")
            first = tok.pos if tok is not None else 0
        prev = tok
    return out


# The keys of the words met in documents (``fold_word``'s): news reuses a vocabulary of some
# thousands of words, looked up here for every word of every document that hits, in a small table
# that stays in the processor's cache, where ``fold_word``'s also holds every rule word and variant.
# Emptied when full. Measured full on the real corpora (dev + test a-q, 7,450 items in 65 languages:
# 89,763 distinct words as written in one pass): 150-165 bytes an entry with the table, so 3.3 MB
# at this cap (2/3 of 2**15: the table's size up to it), 33 MB at the 200,000 it had. Doc.build of
# each item once, from an empty table: the same CPU at 21,845, 43,690 and 200,000 on the corpora
# (0.77-0.84 s), on their English items (0.21-0.22 s) and on bench_poll's items (2.56-2.70 s; they
# need 2,191 entries); without the table 0.85-1.13, 0.24-0.25 and 3.18-3.21 s.
_TEXT_KEYS: dict[str, str] = {}
_MAX_TEXT_KEYS = 21_845
_MAX_TEXT_WORD = 64         # characters: a longer word (hostile or not a word) is not remembered here


def _text_key(word: str) -> str:
    """``fold_word(word)``, remembered in _TEXT_KEYS."""
    key = fold_word(word)
    if len(word) <= _MAX_TEXT_WORD:
        if len(_TEXT_KEYS) >= _MAX_TEXT_KEYS:
            _TEXT_KEYS.clear()
        _TEXT_KEYS[word] = key
    return key


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
    _stem_groups: dict[str, list[tuple[str, int]]] = field(default_factory=dict)   # by 3-letter prefix
    _scripts: dict[int, str] = field(default_factory=dict)
    _latin: str = ""            # the Snowball algorithm for Latin-script words, once needed
    _sounds: dict[str, list[tuple[int, str]]] | None = None   # skeleton.py keys of other-script tokens
    _kana: list[tuple[str, str, int]] | None = None     # kana.py: (system, key, first token) of each run
    _parts: dict[tuple[str, bool, bool], list[int]] = field(default_factory=dict)   # compounded(), by word
    lang: str | None = None     # the language pack of the text: declared, else guessed; None: unknown
    suffixes: frozenset[str] = frozenset()    # endings tolerated after a base form in this text
    stem_vowels: str = ""       # a Latin name's final vowels those endings may replace (Bucza → Buczy)

    @classmethod
    def build(cls, document: Document) -> Doc:
        lang = language_of(document.language, document.title + "\n" + document.text[:GUESS_SAMPLE])
        postings: defaultdict[str, list[int]] = defaultdict(list)    # filled by _add_field's C-level loop
        doc = cls(source=document, lang=lang, suffixes=suffixes_for(lang), stem_vowels=stem_vowels_for(lang),
                  _postings=postings)
        doc.sentences.append(Sentence(0, "title", 0, len(document.title)))
        doc._add_field("title", document.title, [(0, len(document.title))])
        doc.sentences[0] = Sentence(0, "title", 0, len(document.title))
        spans = split_sentences(document.text)
        doc._add_field("text", document.text, spans)
        postings.default_factory = None     # from now on a missing key is a KeyError, as in a dict
        doc._keys = sorted(postings)
        return doc

    def word_keys(self) -> list[str]:
        """Every distinct folded word of the document, sorted."""
        return self._keys

    def _add_field(self, name: str, text: str, spans: list[tuple[int, int]]) -> None:
        """Tokens of one field; a text token belongs to the first sentence span ending after its
        start (the last one if none does). Sentences are kept up to the one of the last word."""
        plain = text.isascii()          # no Han, kana, hangul, Arabic or U+02BC: no scan for them
        split = _PLAIN_SPLIT if plain or HAS_CJK.search(text) is None else _WORD_SPLIT
        # U+02BC (the Ukrainian apostrophe) is a letter to ``\w`` but folds to "'", which separates
        # words: split it as rules split it (query.words_of); one character for one keeps the offsets
        parts = split.split(text if plain else text.replace("\u02bc", "'"))   # gap, word, gap, word, ..., gap
        offsets = list(accumulate(map(len, parts), initial=0))
        words, starts, ends = parts[1::2], offsets[1:-1:2], offsets[2::2]
        last_start = starts[-1] if starts else None
        cached = list(map(_TEXT_KEYS.get, words))
        keys = [k or _text_key(w) for k, w in zip(cached, words, strict=True)] if None in cached \
            else cast(list[str], cached)
        if "" in keys:
            kept = [i for i, k in enumerate(keys) if k]
            words, keys = [words[i] for i in kept], [keys[i] for i in kept]
            starts, ends = [starts[i] for i in kept], [ends[i] for i in kept]
        pos0 = len(self.tokens)
        postings = self._postings       # a defaultdict(list) while building (see build)
        if plain or _ARABIC.search(text) is None:
            # postings[key].append(pos) for each token, in C (this runs for every word of every hit)
            deque(map(list.append, map(postings.__getitem__, keys), range(pos0, pos0 + len(keys))), maxlen=0)
        else:
            for pos, (key, word) in enumerate(zip(keys, words, strict=True), pos0):
                postings.setdefault(key, []).append(pos)
                if "\u0600" <= word[0] <= "\u06ff":
                    for alt in arabic_variants(word):
                        postings.setdefault(fold_word(alt), []).append(pos)
        sents: Iterable[int]
        if name == "title":
            sents = repeat(0)
        elif not spans:
            sents = repeat(len(self.sentences))
        else:
            base = len(self.sentences)
            last = base + len(spans) - 1
            # index of the first span ending after a start, counted from ``base`` (offsets are >= 0)
            where = functools.partial(bisect.bisect_right, [-1] * base + [e for _, e in spans])
            idx = list(map(where, starts))
            if idx and idx[-1] > last:
                idx = [min(i, last) for i in idx]
            sents = idx
            upto = min(where(last_start), last) if last_start is not None else base
            self.sentences.extend(Sentence(i, name, s, e) for i, (s, e) in enumerate(spans[:upto + 1 - base], base))
        self.tokens.extend(map(_new_token, zip(count(pos0), keys, repeat(name), starts, ends, sents)))

    @functools.cached_property
    def pack(self) -> LanguagePack | None:
        """The language pack of the text (None when its language is not packed or unknown); asked
        for each word looked up, and ``lang`` is set once, by ``build``."""
        return packs().get(self.lang or "")

    @functools.cached_property
    def languages(self) -> frozenset[str] | None:
        """The languages whose words (cues, expanded concepts) apply to this text; None: all."""
        pack = self.pack
        return None if pack is None else pack.cue_languages

    @functools.cached_property
    def compounds(self) -> bool:
        """Text of a language that writes compounds as one word (German, Dutch: the pack's
        ``compounds``)."""
        pack = self.pack
        return pack is not None and pack.compounds

    @property
    def stacks_endings(self) -> bool:
        """Text of a language whose endings stack (Azerbaijani, Turkish): converbs, participles."""
        pack = self.pack
        return pack is not None and bool(pack.suffix_chain)

    def sentence_tokens(self, sent: int) -> tuple[int, int]:
        """The token range [lo, hi) of sentence ``sent`` (tokens are in sentence order)."""
        lo = bisect.bisect_left(self.tokens, sent, key=_SENT)
        return lo, bisect.bisect_right(self.tokens, sent, lo=lo, key=_SENT)

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
        keys, postings, size, suffixes = self._keys, self._postings, len(key), self.suffixes
        i, end = bisect.bisect_left(keys, key), len(keys)
        while i < end and keys[i].startswith(key):
            k = keys[i]
            rest = k[size:]
            if not inflect_only or rest in suffixes:
                out.extend(postings[k])
            elif rest in ANY_SCRIPT_SUFFIX:     # an ending of one script only (Armenian -ով ...)
                out.extend(p for p in postings[k] if script_suffix(rest, self.script(p)))
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

    def compounded(self, key: str, *, prefix: bool, name: bool = False) -> list[int]:
        """Tokens that hold ``key`` (MIN_PART letters or more) as a part of a compound: its first part,
        followed by MIN_PART letters or more ("Wahlbetrug|svorwürfe"; a prefix term already finds
        these), or, when it has MIN_HEAD letters or more, a later one, after MIN_PART letters or
        more and followed by an ending of the text, by nothing or by another part ("Cyber|angriff",
        "Chemie|waffen|konvention"; after a prefix term, anything). A ``name`` is only a first part, and what follows it starts with a
        consonant and derives no word from it (the pack's ``name_derivations``): "Gaza|streifen",
        "Ukraine|krieg"; "iran|isch", "mal|ischer" are adjectives, not compounds.
        For text of a compounding language only (``compounds``)."""
        got = self._parts.get((key, prefix, name))
        if got is not None:
            return got
        out: list[int] = []
        size, suffixes = len(key), self.suffixes
        pack = self.pack
        derived = tuple(fold_word(d) for d in pack.name_derivations) if pack is not None else ()
        for k in self._keys:
            if len(k) < size + MIN_PART:
                continue
            if name:
                if k.startswith(key) and k[size] not in _VOWELS and not k.startswith(derived, size):
                    out.extend(self._postings[k])
                continue
            at = k.find(key)
            while at >= 0:
                rest = k[at + size:]
                if (at == 0 and not prefix and len(rest) >= MIN_PART) or (
                        at >= MIN_PART and size >= MIN_HEAD
                        and (prefix or not rest or rest in suffixes or len(rest) >= MIN_PART)):
                    out.extend(self._postings[k])
                    break
                at = k.find(key, at + 1)
        got = self._parts[(key, prefix, name)] = sorted(out)
        return got

    def stemmed(self, stem_key: str) -> list[int]:
        """Tokens whose Snowball stem (folded) is ``stem_key``; only tokens sharing its first
        three letters are stemmed, each group of them once."""
        prefix = stem_key[:3]
        stems = self._stem_groups.get(prefix)
        if stems is None:
            if not self._latin:
                pack = self.pack
                self._latin = pack.stemmer if pack is not None and pack.stemmer and "latin" in pack.scripts \
                    else "english"
            latin, tokens, title, text = self._latin, self.tokens, self.source.title, self.source.text
            stems = self._stem_groups[prefix] = [   # (self.surface(pos), inlined: a call less a token)
                (stem_key_of((title if (tok := tokens[pos]).field == "title" else text)[tok.start:tok.end], latin), pos)
                for pos in self.prefixed(prefix, inflect_only=False)]
        return [pos for key, pos in stems if key == stem_key]

    def written_as(self, sounds: str) -> list[int]:
        """Tokens of Arabic, Hebrew or Devanagari script that write a Latin name of this sound
        sequence (``skeleton.same_name``); the tokens' sequences are worked out once, when first asked."""
        if self._sounds is None:
            self._sounds = {}
            src = self.source
            other = skeleton.has_other_script(src.title) or skeleton.has_other_script(src.text)
            for tok in self.tokens if other else ():
                if skeleton.has_other_script(tok.key):
                    for form in skeleton.token_forms(tok.key):
                        seq = skeleton.script_sequence(form)
                        self._sounds.setdefault(skeleton.consonants(seq), []).append((tok.pos, seq))
        got = self._sounds.get(skeleton.consonants(sounds))
        return sorted({pos for pos, seq in got if skeleton.same_name(sounds, seq)}) if got else []

    def written_in_kana(self, ja: str, ko: str) -> list[int]:
        """First tokens of the katakana runs whose key is ``ja`` and of the hangul runs that write
        ``ko`` (``kana.writes``); the runs are found once, when first asked."""
        if self._kana is None:
            self._kana = []
            src = self.source
            if HAS_CJK.search(src.title) or HAS_CJK.search(src.text):
                self._kana = _kana_runs(self)
        return [pos for system, key, pos in self._kana if kana.writes(key, ja if system == kana.JA else ko, system)]

    def snippet(self, field_name: str, start: int, end: int, width: int = 60) -> str:
        text = self.field_text(field_name)
        a, b = max(0, start - width), min(len(text), end + width)
        out = " ".join(text[a:b].split())
        return ("…" if a > 0 else "") + out + ("…" if b < len(text) else "")

"""A Russian or Ukrainian name as other languages write it in Latin letters (tables in ``spellings.yaml``).

Rules name a person once, mostly in the English romanisation; German, Polish, Czech, French,
Spanish and Dutch news romanise the same Cyrillic by their own rules: "Zakharova" is "Sacharowa",
"Zacharowa"; "Novichok" is "Nowitschok", "Nowiczok", "Novitchok"; "Lukashenko" is "Lukaschenko",
"Łukaszenko", "Loukachenko". ``spellings`` takes a name back to Cyrillic and out again by each
language's table. Names that decline as adjectives or feminine nouns (Navalny: "Nawalnego",
"Navalného", "Навального"; Zakharova: "Захаровой", "Zacharowej") are also found by their stem as
a prefix ("Naval'n*"). A spelling that is a common word of its language ("jamás" for Hamas in
Spanish) is left out. Pure functions over the tables.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wordfreq import zipf_frequency

from monitor.match.lang import load_data_yaml
from monitor.match.normalize import fold_word as fold
from monitor.match.normalize import script_of

_RAW: dict[str, Any] = load_data_yaml(Path(__file__).with_name("spellings.yaml").read_text(encoding="utf-8"))
_WORD_END: tuple[tuple[str, str], ...] = tuple(sorted(((a, b) for a, b in _RAW["word_end"]), key=lambda p: -len(p[0])))
_TO_CYRILLIC: tuple[tuple[str, str], ...] = tuple((a, b) for a, b in _RAW["to_cyrillic"])
_ADJECTIVE: tuple[str, ...] = tuple(sorted(_RAW["adjective_endings"], key=len, reverse=True))
_FEMININE: tuple[str, ...] = tuple(_RAW["feminine_endings"])
MIN_STEM: int = int(_RAW["min_stem"])
_VOWELS = "аеёиоуыэюяіїєaeiouy"
# A spelling as frequent as this in its language (Zipf) is a word of it, not the name; only
# spellings of at most COMMON_LENGTH letters are looked up (a look-up costs ~0.1-0.8 ms, and the
# words a respelling meets are short: "jamás" for Hamas).
COMMON_ZIPF = 3.0
COMMON_LENGTH = 7


@dataclass(frozen=True, slots=True, eq=False)   # one per language: hashed by identity (memoised romanise)
class Table:
    """One language's romanisation of Cyrillic (see ``spellings.yaml``)."""

    code: str
    end: tuple[tuple[str, str], ...]
    initial: dict[str, str]
    soft: dict[str, str]
    hard: frozenset[str]
    between_vowels: dict[str, str]
    letters: dict[str, str]


def _table(code: str, raw: dict[str, Any]) -> Table:
    return Table(code, tuple(sorted((raw.get("end") or {}).items(), key=lambda p: -len(p[0]))),
                 dict(raw.get("initial") or {}), dict(raw.get("soft") or {}), frozenset(raw.get("hard") or ()),
                 dict(raw.get("between_vowels") or {}), dict(raw["letters"]))


TABLES: tuple[Table, ...] = tuple(_table(code, raw) for code, raw in _RAW["languages"].items())


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=65536)    # a name's words recur in its aliases and surname
def to_cyrillic(word: str) -> str:
    """The Russian spelling of one Latin name word in an English-style romanisation ("Navalny" ->
    "навальный" without the soft sign: "навалный"); Cyrillic words are returned in lower case."""
    if script_of(word) == "cyrillic":
        return word.casefold()
    s, tail = _plain(word), ""
    for a, b in _WORD_END:
        if s.endswith(a) and len(s) > len(a) + 2:
            s, tail = s[:-len(a)], b
            break
    return "".join(replace_greedy(s, _TO_CYRILLIC)) + tail


def replace_greedy(s: str, table: Sequence[tuple[str, str]], *, keep: bool = True) -> list[str]:
    """``s`` rewritten left to right by the first row of ``table`` that starts at each place
    (longer spellings first in the table: "shch" before "sh"), as the list of what each place
    became; a letter no row starts with is kept, or dropped when not ``keep``."""
    out, i = [], 0
    while i < len(s):
        for a, b in table:
            if s.startswith(a, i):
                out.append(b)
                i += len(a)
                break
        else:
            if keep:
                out.append(s[i])
            i += 1
    return out


@functools.lru_cache(maxsize=65536)    # a name's words recur in its aliases, surname and stems
def romanise(cyrillic: str, table: Table, *, ending: bool = True) -> str:
    """A lower-case Cyrillic word in the Latin letters of ``table``'s language; ``ending``: the
    word's end is a word end (its adjective ending romanised as a whole)."""
    tail = ""
    if ending:
        for a, b in table.end:
            if cyrillic.endswith(a) and len(cyrillic) > len(a) + 1:
                cyrillic, tail = cyrillic[:-len(a)], b
                break
    out = []
    for i, c in enumerate(cyrillic):
        before = cyrillic[i - 1] if i else ""
        after = cyrillic[i + 1] if i + 1 < len(cyrillic) else ""
        if c in table.initial and (not before or before in _VOWELS or before in "ьъ"):
            out.append(table.initial[c])
        elif c in table.soft and before and before not in _VOWELS and before not in table.hard:
            out.append(table.soft[c])
        elif c in table.between_vowels and before in _VOWELS and after in _VOWELS and before and after:
            out.append(table.between_vowels[c])
        else:
            out.append(table.letters.get(c, c))
    return "".join(out) + tail


def _stem(cyrillic: str) -> str:
    """The declining stem of a Cyrillic surname ("навалный" -> "навалн", "захарова" -> "захаров"),
    "" when the name does not decline so."""
    for end in _ADJECTIVE:
        if cyrillic.endswith(end):
            return cyrillic[:-len(end)]
    if cyrillic.endswith(_FEMININE):
        return cyrillic[:-1]
    return ""


@functools.lru_cache(maxsize=4096)
def _common(word: str, code: str) -> bool:
    try:
        return len(word) <= COMMON_LENGTH and zipf_frequency(word, code, wordlist="small") >= COMMON_ZIPF
    except (LookupError, ImportError):   # no list, or one that needs an optional tokenizer (MeCab, jieba)
        return False


def _eligible(word: str) -> bool:
    """A name word to respell: letters only, capitalised or Cyrillic, not an acronym."""
    return (word.isalpha() and len(word) >= 4 and not word.isupper()
            and (word[:1].isupper() or script_of(word) == "cyrillic")
            and script_of(word) in ("latin", "cyrillic"))


MIN_WORD = 5


@functools.lru_cache(maxsize=65536)
def _respelled(word: str, cyrillic: str, table: Table) -> str:
    """``word`` romanised by ``table``; as written when it is no name word, or when the spelling
    folds to fewer than ``MIN_WORD`` letters or loses more than one ("Lijian" is not "Lian")."""
    if not _eligible(word):
        return word
    got = romanise(cyrillic, table)
    size = len(fold(got))
    return got if size >= MIN_WORD and size >= len(fold(word)) - 1 else word


def spellings(name: str, *, declines: bool = True) -> list[str]:
    return list(_spellings(name, declines))


@functools.lru_cache(maxsize=65536)
def _spellings(name: str, declines: bool) -> tuple[str, ...]:
    """Other languages' Latin spellings of a Latin or Cyrillic ``name`` that fold differently
    from it, and (``declines``, for a one-word name or a surname) its declining stem as a prefix
    term ("Navaln*"). Words that are no name (short, acronyms, lower case) are kept as written."""
    words = name.split()
    if not words or not all(w.isalpha() or not _eligible(w) for w in words) \
            or not any(_eligible(w) for w in words):
        return ()
    cyr = [to_cyrillic(w) if _eligible(w) else w for w in words]
    seen = {fold(name)}
    out: list[str] = []
    for table in TABLES:
        spelled = [_respelled(w, c, table) for w, c in zip(words, cyr, strict=True)]
        form = " ".join(s[:1].upper() + s[1:] for s in spelled)
        if fold(form) in seen or (len(spelled) == 1 and _common(spelled[0], table.code)):
            continue
        seen.add(fold(form))
        out.append(form)
    if declines and len(words) == 1 and _eligible(words[0]):
        stem = _stem(cyr[0])
        stems = [stem, *(romanise(stem, t, ending=False) for t in TABLES)] if stem else []
        for s in stems:
            if len(fold(s)) >= MIN_STEM and fold(s) + "*" not in seen:
                seen.add(fold(s) + "*")
                out.append(s[:1].upper() + s[1:] + "*")
    return tuple(out)


_NOT_NAME = re.compile(r"\d")


def name_spellings(names: list[str], surname: str | None) -> list[str]:
    """The spellings of every name and alias of an entity (whole names, not declined unless one
    word) and of a person's ``surname`` (declined): what ``rules`` adds to its terms."""
    out: list[str] = []
    for n in names:
        if not _NOT_NAME.search(n):
            out += spellings(n, declines=len(n.split()) == 1)
    if surname is not None and not _NOT_NAME.search(surname):
        out += spellings(surname)
    return list(dict.fromkeys(out))

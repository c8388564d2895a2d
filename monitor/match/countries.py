"""The denier's country as a speaker: "China says ..." for a rule whose denier is the Chinese
Foreign Ministry. Rows of country names, adjectives and capitals live in countries.yaml beside it."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from monitor.match.lang import load_data_yaml
from monitor.match.normalize import WORD, fold

if TYPE_CHECKING:
    from monitor.match.document import Doc

_FILE = Path(__file__).resolve().parent / "countries.yaml"


@functools.cache
def countries() -> tuple[tuple[str, ...], ...]:
    """Every row: a country's names in the packed languages (the first is its English name)."""
    raw = load_data_yaml(_FILE.read_text(encoding="utf-8"))
    return tuple(tuple(str(name) for name in row) for row in raw["countries"])


@functools.cache
def _keys() -> tuple[tuple[frozenset[str], tuple[str, ...]], ...]:
    """Per row: the folded single-word forms (a prefix form without its *), and the row."""
    out = []
    for row in countries():
        keys = frozenset(fold(n.rstrip("*")) for n in row if len(WORD.findall(n)) == 1)
        out.append((keys, row))
    return tuple(out)


def _row_of(word_key: str) -> tuple[str, ...] | None:
    """The row naming ``word_key``: a row with the exact form first ("Nigeria" is not "Niger" +
    an ending), else the first row one of whose forms (four letters or more) it extends by an
    ending of at most three letters ("Iranian")."""
    exact = _by_key().get(word_key)
    if exact is not None:
        return exact
    first = _first_row()
    found = [first[word_key[:n]] for n in range(max(4, len(word_key) - 3), len(word_key)) if word_key[:n] in first]
    return countries()[min(found)] if found else None


@functools.cache
def _first_row() -> dict[str, int]:
    """Every folded single-word form and the index of the first row that has it."""
    out: dict[str, int] = {}
    for i, (keys, _row) in enumerate(_keys()):
        for k in keys:
            out.setdefault(k, i)
    return out


@functools.cache
def _by_key() -> dict[str, tuple[str, ...]]:
    """Every folded single-word form of every row (a prefix form without its *), and its row; a
    form of two rows is the first row's."""
    out: dict[str, tuple[str, ...]] = {}
    for keys, row in _keys():
        for k in keys:
            out.setdefault(k, row)
    return out


def country_of_word(word_key: str) -> tuple[str, ...] | None:
    """The row of a folded word that is one of its forms exactly ("marokko", "polska"), else None."""
    return _by_key().get(word_key)


def names_other_country(word_keys: Iterable[str], known: frozenset[tuple[str, ...]]) -> bool:
    """Whether one of the folded words ``word_keys`` is a one-word form of a country not in ``known``;
    forms of four letters or more only: the shorter ones fold to everyday words of some language
    ("США" folds to "sa", Tagalog's "in"; "US", "eau", "rim")."""
    by_key = _by_key()
    return any(len(k) >= 4 and (row := by_key.get(k)) is not None and row not in known for k in word_keys)


def other_country_in(doc: Doc, sent: int, known: frozenset[tuple[str, ...]]) -> bool:
    """Whether sentence ``sent`` of ``doc`` names, by a one-word form of four letters or more, a
    country not in ``known`` (the shorter forms fold to everyday words: see ``names_other_country``)."""
    lo, hi = doc.sentence_tokens(sent)
    return names_other_country((doc.tokens[p].key for p in range(lo, hi)), known)


def rows_of(names: list[str]) -> set[tuple[str, ...]]:
    """The rows of the countries named in ``names`` (by a whole-name form or by one of their words:
    "Russian Ministry of Defence" names Russia)."""
    out = {row for n in names if (row := country_row(n)) is not None}
    out.update(row for n in names for w in WORD.findall(n) if (row := _row_of(fold(w))) is not None)
    return out


def speaker_names(row: tuple[str, ...]) -> list[str]:
    """The forms of a country that name it as a speaker: not the adjectives (the second entry and
    every entry in lower case)."""
    return [n for i, n in enumerate(row) if i != 1 and not n[:1].islower()]


def country_row(name: str) -> tuple[str, ...] | None:
    """The row of a claim entity named as a country, by its English name ("Turkey", "Serbia"), else
    None ("Kremlin" or "Moscow" name a seat of power, not the country)."""
    return _by_english_name().get(name.strip().casefold())


@functools.cache
def _by_english_name() -> dict[str, tuple[str, ...]]:
    """Every row by its English name, case-folded (the first row of a name that two rows share):
    ``country_row`` looks up every name of every rule."""
    out: dict[str, tuple[str, ...]] = {}
    for row in countries():
        out.setdefault(row[0].casefold(), row)
    return out


def denier_countries(denier_names: list[str], claim_names: list[str]) -> list[tuple[str, ...]]:
    """The rows of the countries named in a denier's name or aliases ("Russian Ministry of Defence",
    "Tehran police"), except a country that is itself one of the claim's names."""
    claim_keys = {fold(w) for name in claim_names for w in WORD.findall(name)}
    found: dict[str, tuple[str, ...]] = {}
    for name in denier_names:
        for word in WORD.findall(name):
            row = _row_of(fold(word))
            if row is not None:
                found[row[0]] = row
    return [row for row in found.values()
            if not any(_row_of(k) == row for k in claim_keys)]

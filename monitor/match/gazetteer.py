"""Exonyms of rule entities: the other spellings of a name (gazetteer.yaml beside this module),
found by the folded form an analyst wrote, so "Khashoggi" also finds "Kaşıkçı" and "خاشقجي"."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from monitor.match.lang import load_data_yaml
from monitor.match.normalize import fold_text

_FILE = Path(__file__).resolve().parent / "gazetteer.yaml"
SECTIONS = ("places", "people", "organisations", "institutions", "events")


def _key(name: str) -> str:
    """A whole name folded word by word ("Kim Jong-un" and "Kim Jong Un" give "kim jong un")."""
    return fold_text(name.replace("-", " ").replace("·", " ").replace("・", " "))


@functools.cache
def _sections() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(section, row) for every row of the file."""
    raw = load_data_yaml(_FILE.read_text(encoding="utf-8")) or {}
    unknown = set(raw) - set(SECTIONS)
    if unknown:
        raise ValueError(f"{_FILE.name}: unknown sections {sorted(unknown)}")
    return tuple((s, tuple(str(n) for n in row)) for s in SECTIONS for row in raw.get(s) or [])


def rows() -> tuple[tuple[str, ...], ...]:
    """Every row of every section: one referent's names."""
    return tuple(row for _, row in _sections())


def known_non_person(names: Iterable[str]) -> bool:
    """Whether one of ``names`` is a place, organisation, institution or event of the gazetteer
    ("Tokyo Olympics" looks like a person's name, but "Olympics" is no surname of it)."""
    return any(_sections()[i][0] != "people" for n in names for i in _index().get(_key(n), ()))


@functools.cache
def _index() -> dict[str, tuple[int, ...]]:
    out: dict[str, list[int]] = {}
    for i, row in enumerate(rows()):
        for name in row:
            k = _key(name)
            if k and i not in out.setdefault(k, []):
                out[k].append(i)
    return {k: tuple(v) for k, v in out.items()}


def exonyms(names: Iterable[str]) -> list[str]:
    """The forms of every gazetteer row one of ``names`` belongs to (by folded whole name), minus
    the names themselves; [] when no row holds any of them."""
    given = list(names)
    found = [i for n in given for i in _index().get(_key(n), ())]
    seen = set(given)
    out = []
    for i in dict.fromkeys(found):
        for name in rows()[i]:
            if name not in seen:
                seen.add(name)
                out.append(name)
    return out

"""The denier named by its office: "the Chinese foreign ministry", "Kreml-Sprecher", "中国外交部".

A rule's denier is often a body or an official of one country ("Chinese Foreign Ministry",
"Kremlin spokesman Dmitry Peskov" in its ``source``); news in other languages names it by its
office beside a name of the country ("Chinas Außenministerium", "portavoce del Cremlino", "МИД
России"). ``office_speakers`` recognises the denier's offices (``offices.yaml``) and its countries
(``countries.yaml``) and makes one speaker entity of them: an office phrase of any language that
stands within ``NEAR`` words of a name of one of those countries, in one clause.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from monitor.match.document import Doc
from monitor.match.gazetteer import exonyms
from monitor.match.lang import load_data_yaml
from monitor.match.query import Span, Term, words_of

_FILE = Path(__file__).resolve().parent / "offices.yaml"
NEAR = 3                      # words between an office phrase and its country's name, at most
_CLAUSE = re.compile(r"[:;,.!?()\[\]\"«»“”|—–]")


@dataclass(frozen=True, slots=True)
class Office:
    name: str
    recognise: tuple[str, ...]
    phrases: tuple[str, ...]


@functools.cache
def offices() -> tuple[Office, ...]:
    raw: dict[str, Any] = load_data_yaml(_FILE.read_text(encoding="utf-8"))
    return tuple(Office(o["name"], tuple(o["recognise"]), tuple(str(p) for p in o["phrases"]))
                 for o in raw["offices"])


def offices_named(texts: list[str]) -> tuple[Office, ...]:
    """The offices one of ``texts`` (a denier's names, the rule's source) names in English."""
    low = " ".join(t.casefold() for t in texts)
    return tuple(o for o in offices() if any(re.search(rf"\b{re.escape(r)}\b", low) for r in o.recognise))


@dataclass(frozen=True, slots=True)
class OfficeTerm(Term):
    """An office phrase that counts only next to one of ``near`` (names of the office's country)."""

    near: tuple[Term, ...] = ()

    def spans(self, doc: Doc, field: str | None) -> list[Span]:
        found = Term.spans(self, doc, field)
        if not found:
            return found
        country = [s for t in self.near for s in t.spans(doc, field)]
        return [s for s in found if any(_beside(doc, s, c) for c in country)]


def _beside(doc: Doc, office: Span, country: Span) -> bool:
    """``country`` within ``NEAR`` words before or after ``office`` in its clause (or inside it:
    "ministère russe des Affaires étrangères")."""
    a, b = office
    if doc.tokens[a].sent != doc.tokens[country[0]].sent:
        return False
    if a <= country[0] and country[1] <= b:
        return True
    if 0 < a - country[1] <= NEAR + 1:
        left, right = country[1], a
    elif 0 < country[0] - b <= NEAR + 1:
        left, right = b, country[0]
    else:
        return False
    first, last = doc.tokens[left], doc.tokens[right]
    return first.field == last.field and not _CLAUSE.search(doc.field_text(first.field)[first.end:last.start])


def _term(text: str) -> Term:
    """A phrase as a name term, not looked for by sound in other scripts (an office is no name)."""
    return Term(words_of(text, "name", by_sound=False), text)


@functools.lru_cache(maxsize=1024)
def office_terms(found: tuple[Office, ...], country_names: tuple[str, ...]) -> tuple[Term, ...]:
    """The terms of the ``found`` offices, each counting beside one of ``country_names`` (and the
    gazetteer's spellings of them: "Kreml", "Cremlino" for the Kremlin)."""
    if not found or not country_names:
        return ()
    names = list(dict.fromkeys([*country_names, *exonyms(list(country_names))]))
    near = tuple({t.words: t for t in map(_term, names)}.values())
    out: dict[tuple[Any, ...], Term] = {}
    for office in found:
        for phrase in office.phrases:
            term = _term(phrase)
            out.setdefault(term.words, OfficeTerm(term.words, phrase, near=near))
    return tuple(out.values())

"""Countries in a proposed rule: a country or its people's adjective becomes the country, named in every packed language.

The rows are the match engine's (``monitor/match/countries.yaml``: names, adjectives, capitals in
the packed languages, ``*`` marking a stem) and the suggester's ``extra_countries`` in lexicon.yaml.
"""

from __future__ import annotations

import functools
from typing import Any

from monitor.match.countries import countries
from monitor.match.normalize import fold
from monitor.suggest.common import is_everyday_word
from monitor.suggest.lexicon import (
    EXTRA_COUNTRIES,
    GERUND_ENDINGS,
    IMPLIED_SUBJECT,
    STOP,
    VOWELS,
    is_institution_word,
    is_org_head,
)


@functools.cache
def _rows() -> tuple[tuple[str, ...], ...]:
    return (*countries(), *EXTRA_COUNTRIES)


def country_row(name: str) -> tuple[str, ...] | None:
    """The row of the country ``name`` names or qualifies ("Russian", "Saudi Arabia", "Eritrean",
    "Молдавия"), if it is one: the whole name is a form of the row, or one of its stems with an ending.
    A capital (the row's third entry) names a city, not the country ("Beirut airport")."""
    key = fold(name)
    if not key:
        return None
    for row in _rows():
        for form in (f for f in row if fold(f) != fold(row[2])):
            f = fold(form.rstrip("*"))
            if key == f or (form.endswith("*") and len(f) >= 4 and key.startswith(f) and len(key) - len(f) <= 4):
                return row
    return None


def country_aliases(row: tuple[str, ...]) -> list[str]:
    """Every other form of the row (names, adjectives, capitals; stems keep their ``*``), once each;
    a form that folds like a stem is left to the stem ("Érythrée" to "érythré*", which also finds
    "érythréens": the matcher keeps one term per folded spelling)."""
    stems = {fold(f.rstrip("*")) for f in row if f.endswith("*")}
    seen = {fold(row[0])}
    out: list[str] = []
    for form in row[1:]:
        key = fold(form)
        if not form.endswith("*") and fold(form) in stems:
            continue
        if key and key not in seen:
            seen.add(key)
            out.append(form)
    return out


def name_countries(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``entities`` with each country or nationality named as its country, in every packed language
    ("Eritrean" -> Eritrea: Érythrée, Eritrea, إريتريا ...); a second entity for the same country goes."""
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for entity in entities:
        # an institution named by its seat ("the Kremlin") is not its country
        row = None if is_institution_word(entity["name"]) else country_row(entity["name"])
        if row is not None:
            entity = {**entity, "name": row[0], "aliases": country_aliases(row)}
        key = (fold(entity["name"]), entity["role"])
        if key not in seen:
            seen.add(key)
            out.append(entity)
    return out


def denier_country(entities: list[dict[str, Any]]) -> tuple[str, ...] | None:
    """The row of the denier's country: the denier is a country, or one of its words names one
    ("Chinese foreign ministry", "Kremlin", "Serbia")."""
    for entity in entities:
        if entity["role"] != "denier":
            continue
        row = country_row(entity["name"])
        for word in entity["name"].split():
            row = row or country_row(word)
        if row is not None:
            return row
    return None


def implied_actor(words: list[str]) -> bool:
    """Whether a claim clause (its words) leaves its subject to the denier: it opens with a pronoun
    or a gerund ("denies it attacked ...", "denies selling weapons ...", "denies using ..."), or
    with a body of a state named by what it is, not whose ("denies government agencies spied ...",
    "denies the army used ...", "denies police fired ...")."""
    first = words[0] if words else ""
    low = first.lower()
    return bool(first) and first[:1].islower() and (
        low in IMPLIED_SUBJECT or any(low.endswith(e) and _verb_stem(low[:-len(e)]) for e in GERUND_ENDINGS)
        or (is_institution_word(low) and low not in STOP) or is_org_head(low))


def _verb_stem(stem: str) -> bool:
    """Whether what a gerund ending leaves is a verb's stem: two letters or more with a vowel
    ("us|ing", "do|ing", "sell|ing"; not "k|ing", "th|ing", "str|ing")."""
    return len(stem) >= 2 and any(c in VOWELS for c in stem)


def implied_names(entities: list[dict[str, Any]], places: list[str], implied: bool) -> list[dict[str, Any]]:
    """Claim names for a claim that names nothing specific: the denier's country, or the denier
    itself when it is a name ("Hamas denies using hospitals ..."), when the claim leaves out its
    subject or names nothing; and the countries the claim mentions other than the denier's own
    ("Belarus denies its troops entered Ukraine": Belarus and Ukraine)."""
    out: list[dict[str, Any]] = []
    own = denier_country(entities)
    if implied and own is not None:
        out.append({"name": own[0], "aliases": country_aliases(own), "role": "claim"})
    elif implied:
        out += [{"name": e["name"], "aliases": list(e["aliases"]), "role": "claim"} for e in entities
                if e["role"] == "denier" and _proper(e["name"])][:1]
    for place in places:
        row = country_row(place)
        if row is not None and row != own and not any(e["name"] == row[0] for e in out):
            out.append({"name": row[0], "aliases": country_aliases(row), "role": "claim"})
    return out


def _proper(name: str) -> bool:
    """A name of its own ("Hamas", "Wagner Group"), not a body named by what it is ("Police",
    "Ministry of Health")."""
    words = name.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not any(
        is_institution_word(w) or is_everyday_word(w) for w in words)

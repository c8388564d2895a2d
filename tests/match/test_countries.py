"""Countries in countries.yaml: a claim country is found by its names in other languages, and a
denier's country is looked up by its exact form before a shorter country's form plus an ending."""

from __future__ import annotations

import pytest

from monitor.match.countries import country_row, denier_countries
from tests.match.conftest import classify, make_matcher

SPYING = {
    "id": "spyware", "title": "t", "claim": "Freedonia used Pegasus to spy on journalists.",
    "entities": [{"name": "Morocco"}, {"name": "Pegasus"},
                 {"name": "Government of Morocco", "role": "denier"}],
    "keywords": [{"name": "spying", "query": "spy* OR espion* OR تجسس OR Spionage OR espionaje"}],
    "min_entities": 2,
}

# (title, language, found): the country written once, in English, by the analyst
CASES = [
    ("Marruecos niega el espionaje con Pegasus", "es", True),
    ("Marokko und die Pegasus-Spionage", "de", True),
    ("Le Maroc et l'espionnage par Pegasus", "fr", True),
    ("المغرب ينفي التجسس عبر برنامج Pegasus", "ar", True),
    ("Pegasus spying claims: Algeria says nothing", "en", False),   # another country
    ("Pegasus spying claims denied", "en", False),                  # no country at all
]


@pytest.mark.parametrize(("title", "language", "found"), CASES)
def test_a_claim_country_in_other_languages(title: str, language: str, found: bool) -> None:
    hits = classify(make_matcher(SPYING), title, language=language)
    assert bool(hits) is found, hits


EAVESDROP = {
    "id": "eavesdrop", "title": "t", "claim": "The United States spied on Freedonia's president.",
    "entities": [{"name": "United States"}, {"name": "Freedonia"}, {"name": "Freedonian office", "role": "denier"}],
    "keywords": [{"name": "spying", "query": "spy* OR eavesdrop*"}],
    "min_entities": 2,
}


@pytest.mark.parametrize(("title", "found"), [
    ("Leaked documents appear to show U.S. spying on Freedonia", True),
    ("Leaked documents appear to show US spying on Freedonia", True),
    ("Leaked documents show spying on Freedonia, says a user", False),   # "us" is no U.S.
])
def test_the_united_states_with_periods(title: str, found: bool) -> None:
    assert bool(classify(make_matcher(EAVESDROP), title, language="en")) is found


@pytest.mark.parametrize(("denier", "country"), [
    ("Nigerian army", "Nigeria"),        # not Niger + "ian"
    ("Niger's junta", "Niger"),
    ("Rwandan government", "Rwanda"),
    ("Moroccan embassy in Paris", "Morocco"),
    ("Iranian mission to the UN", "Iran"),
])
def test_the_denier_country(denier: str, country: str) -> None:
    assert [row[0] for row in denier_countries([denier], [])][:1] == [country]


@pytest.mark.parametrize("name", ["Morocco", "Rwanda", "Poland", "Albania", "Cuba", "Democratic Republic of the Congo",
                                  "Solomon Islands", "Papua New Guinea", "Liberia"])
def test_every_generated_row_has_names_in_other_scripts(name: str) -> None:
    row = country_row(name)
    assert row is not None
    scripts = {c for form in row for c in ("arabic" if any("\u0600" <= ch <= "\u06ff" for ch in form) else "",
                                          "cyrillic" if any("\u0400" <= ch <= "\u04ff" for ch in form) else "") if c}
    assert scripts == {"arabic", "cyrillic"}, row


UAE_ARMS = {
    "id": "uae-arms", "title": "t", "claim": "The UAE supplied weapons to the RSF in Sudan.",
    "entities": [{"name": "United Arab Emirates"}, {"name": "RSF"},
                 {"name": "UAE Foreign Ministry", "role": "denier"}],
    "keywords": [{"name": "arms", "query": "weapons OR зброю"}],
    "min_entities": 2,
}


@pytest.mark.parametrize("apostrophe", ["\u02bc", "'", "\u2019"])
def test_the_ukrainian_apostrophe_compiles_and_matches(apostrophe: str) -> None:
    # countries.yaml writes "Обʼєднані Арабські Емірати" with U+02BC, a letter to \w that folds to
    # "'": compiling a rule with a denier of that country raised QueryError before
    title = f"Об{apostrophe}єднані Арабські Емірати постачали зброю RSF"
    assert classify(make_matcher(UAE_ARMS), title, language="uk")


BASE = {"id": "base", "title": "t", "claim": "The pact lets China build a naval base in the Solomon Islands.",
        "entities": [{"name": "Solomon Islands"}, {"name": "Office of the Prime Minister", "role": "denier"}],
        "keywords": [{"name": "base", "query": "base OR Stützpunkt OR 基地 OR базу"}], "min_entities": 1}


@pytest.mark.parametrize(("title", "language", "found"), [
    # a state of the rows generated from CLDR (scripts/gen_countries.py): its names in other languages
    ("China plant Stützpunkt auf den Salomonen", "de", True),
    ("中国在所罗门群岛建军事基地", "zh", True),
    ("Китай построит военную базу на Соломоновых Островах", "ru", True),
    ("Honiara denies plans for a Chinese base", "en", True),       # its capital
    ("China plans a naval base in Vanuatu", "en", False),           # another state of the region
])
def test_a_generated_state_in_other_languages(title: str, language: str, found: bool) -> None:
    hits = classify(make_matcher(BASE), title, language=language)
    assert bool(hits) is found, hits

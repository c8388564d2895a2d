"""A Russian name written once in a rule is found as German, Polish, Czech, French, Spanish and
Dutch news romanise and decline it (spellings.py). Made-up names and items."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.match.normalize import fold
from monitor.match.spellings import TABLES, romanise, spellings, to_cyrillic
from tests.match.conftest import classify, make_matcher

TABLE = {t.code: t for t in TABLES}


@pytest.mark.parametrize(("latin", "cyrillic"), [
    ("Zhukovsky", "жуковский"),
    ("Shcherbakova", "щербакова"),
    ("Navalny", "навалный"),
    ("Novichok", "новичок"),
    ("Yermakov", "ермаков"),
    ("Kakhovka", "каховка"),
    ("Щербакова", "щербакова"),
])
def test_an_english_romanisation_goes_back_to_cyrillic(latin: str, cyrillic: str) -> None:
    assert to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(("cyrillic", "code", "latin"), [
    ("захарова", "de", "sacharowa"),
    ("захарова", "pl", "zacharowa"),
    ("захарова", "es", "zajarova"),
    ("новичок", "de", "nowitschok"),
    ("новичок", "pl", "nowiczok"),
    ("новичок", "fr", "novitchok"),
    ("новичок", "cs", "novičok"),
    ("новичок", "nl", "novitsjok"),
    ("лукашенко", "de", "lukaschenko"),
    ("лукашенко", "fr", "loukachenko"),
    ("протасевич", "de", "protassewitsch"),
    ("песков", "pl", "pieskow"),
    ("жуковский", "cs", "žukovskij"),
    ("жуковский", "de", "schukowski"),
    ("ермаков", "de", "jermakow"),
])
def test_each_language_romanises_cyrillic_by_its_own_table(cyrillic: str, code: str, latin: str) -> None:
    assert romanise(cyrillic, TABLE[code]) == latin


@pytest.mark.parametrize(("name", "expected", "absent"), [
    ("Shcherbakova", {"Schtscherbakowa", "Szczerbakowa", "Szczerbakow*", "Щербаков*"}, set()),
    ("Zhukovsky", {"Schukowski", "Žukovskij", "Жуковск*"}, set()),
    ("Olga Shcherbakova", {"Olga Schtscherbakowa"}, {"Щербаков*"}),     # a whole name is not declined
    ("Hamas", set(), {"Jamas"}),          # "jamás" is a Spanish word, not the name
    ("Li Lijian", set(), {"Li Lian"}),     # a spelling that loses letters is no spelling of the name
    ("NATO", set(), {"Nato"}),             # acronyms are kept as written
    ("MH17", set(), {"Mh17"}),
])
def test_spellings_of_a_name(name: str, expected: set[str], absent: set[str]) -> None:
    got = set(spellings(name, declines=len(name.split()) == 1))
    assert expected <= got, got
    assert not absent & got, got
    assert fold(name) not in {fold(g) for g in got}      # only spellings folding does not reach


DENIAL: dict[str, Any] = {
    "id": "poisoning",
    "title": "Ruritanian ministry denies poisoning Pavel Zhukovsky",
    "claim": "Ruritanian agents poisoned the opposition leader Pavel Zhukovsky.",
    "source": "Ruritanian foreign ministry",
    "date": "2024-02-01",
    "entities": [
        {"name": "Pavel Zhukovsky"},
        {"name": "Olga Shcherbakova", "role": "denier"},
    ],
    "keywords": [{"name": "poison", "query": "poison* OR vergift* OR otru* OR otráv* OR empoisonn* OR отрав*"}],
    "min_entities": 1,
}


@pytest.mark.parametrize(("title", "language"), [
    ("Schtscherbakowa: Schukowski wurde nicht vergiftet", "de"),
    ("Szczerbakowa zaprzecza: Żukowskiego nikt nie otruł", "pl"),
    ("Ščerbakovová popírá, že Žukovského někdo otrávil", "cs"),
    ("Joukovski n'a pas été empoisonné, dément la porte-parole", "fr"),
    ("Щербакова: Жуковского никто не отравлял", "ru"),
])
def test_a_rule_finds_the_name_as_other_languages_spell_and_decline_it(title: str, language: str) -> None:
    hits = classify(make_matcher(DENIAL), title, language=language)
    assert hits and hits[0].denial_id == "poisoning", hits


def test_a_respelling_is_not_looked_for_by_its_sound_in_arabic_script() -> None:
    # "Akleh" respelt "Aklej" in Spanish has the consonants of "أخلاق" (morals): no hit
    rule = {**DENIAL, "entities": [{"name": "Farah Abu Akleh"}, {"name": "Ruritanian ministry", "role": "denier"}],
            "keywords": [{"name": "poison", "query": "poison* OR تسمم"}]}
    assert classify(make_matcher(rule), "تسمم في شرطة الأخلاق", language="ar") == []

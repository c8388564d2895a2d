"""Replying to the accusations is the accused speaking; a claim entity named as a country is found by
its names and capital in any packed language (countries.yaml). Made-up items."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.match.types import Verdict
from tests.match.conftest import classify, make_matcher

ARMS_DENIAL: dict[str, Any] = {
    "id": "arms-transit",
    "title": "Ruritania denies selling shells to Borduria",
    "claim": "Ruritania sold artillery shells to Borduria.",
    "source": "Ruritanian Ministry of Defence",
    "date": "2024-03-01",
    "entities": [
        {"name": "Ruritania", "aliases": ["Ruritanian"]},
        {"name": "Borduria", "aliases": ["Бордурия", "Бордурії"]},
        {"name": "Ruritanian Ministry of Defence", "role": "denier"},
    ],
    "keywords": [{"name": "arms", "query": "shells OR ammunition OR mühimmat OR снаряд* OR боєприпас*"}],
    "min_entities": 2,
}


@pytest.mark.parametrize(("title", "language", "verdict"), [
    # responding to the accusations, whoever says it: the denial
    ("Shells for Borduria: Ruritania responds to the accusations", "en", Verdict.MATCH),
    ("Снаряди для Бордурії: Ruritania відреагувала на звинувачення", "uk", Verdict.MATCH),
    # a negated response is no denial; the claim stated
    ("Ruritania has not responded to the accusations that it sold shells to Borduria", "en", Verdict.CONTRADICT),
    # the verb with another object: the claim stated
    ("Ruritania responds to the flood by selling shells to Borduria", "en", Verdict.CONTRADICT),
    # a noun of reacting is not the accused answering
    ("Reactions to the reports that Ruritania sold shells to Borduria", "en", Verdict.CONTRADICT),
    # the object before the verb (Turkish word order)
    ("Ruritania, Borduria'ya mühimmat satışı iddialarına yanıt verdi", "tr", Verdict.MATCH),
])
def test_responding_to_the_accusations(title: str, language: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(ARMS_DENIAL), title, language=language)
    assert [h.verdict for h in hits] == [verdict], hits


OIL_DENIAL: dict[str, Any] = {
    "id": "oil-trade",
    "title": "Turkey denies buying oil from a militia",
    "claim": "Turkey buys oil from the militia.",
    "source": "Turkish presidency",
    "date": "2024-03-01",
    "entities": [
        {"name": "Turkey"},
        {"name": "Black Banner militia", "aliases": ["Black Banner"]},
    ],
    "keywords": [{"name": "oil", "query": "oil OR нефть"}],
    "min_entities": 2,
}


@pytest.mark.parametrize(("title", "language", "found"), [
    ("Report: Ankara bought Black Banner oil", "en", True),                  # the capital
    ("Türkiye bought Black Banner oil, report says", "en", True),            # its own name
    ("Турция покупала нефть у Black Banner", "ru", True),                    # another language
    ("Turkish firms bought Black Banner oil, report says", "en", True),      # its adjective
    ("Black Banner sold oil to a Greek trader", "en", False),                # another country
])
def test_a_country_is_found_by_its_names_and_capital(title: str, language: str, found: bool) -> None:
    hits = classify(make_matcher(OIL_DENIAL), title, language=language)
    assert bool(hits) is found, hits


def test_a_seat_of_power_is_not_widened_to_its_country() -> None:
    denial = {**OIL_DENIAL, "entities": [{"name": "Ankara"}, {"name": "Black Banner militia",
                                                            "aliases": ["Black Banner"]}]}
    assert classify(make_matcher(denial), "Turkish firms bought Black Banner oil", language="en") == []


def test_a_country_form_that_is_another_entity_stays_that_entitys() -> None:
    # "Tbilisi" is the rule's own entity beside "Georgia": the capital does not also count as the
    # country, so a headline naming only the city names one entity, not two
    denial = {"id": "transit", "title": "t", "claim": "Fighters were flown through Tbilisi, Georgia.",
              "entities": [{"name": "Georgia"}, {"name": "Tbilisi"}, {"name": "Ruritania"}],
              "keywords": [{"name": "flights", "query": "flown OR flights"}], "min_entities": 2}
    assert classify(make_matcher(denial), "Flights through Tbilisi resume", language="en") == []
    hits = classify(make_matcher(denial), "Ruritanian fighters were flown through Tbilisi", language="en")
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT], hits


@pytest.mark.parametrize(("title", "language"), [
    ("Turkey bought more oil in May", "en"),
    ("Турция закупила больше нефти в мае", "ru"),        # the country's name in another language
    ("Ankara bought more oil in May", "en"),              # its capital, as news names a government
])
def test_a_rule_that_one_name_satisfies_widens_its_country_too(title: str, language: str) -> None:
    denial = {**OIL_DENIAL, "min_entities": 1}
    hits = classify(make_matcher(denial), title, language=language)
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT], hits


def test_a_countrys_adjective_still_needs_the_event() -> None:
    denial = {**OIL_DENIAL, "min_entities": 1}
    hits = classify(make_matcher(denial), "Turkish refineries bought more oil in May", language="en")
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT], hits
    assert classify(make_matcher(denial), "Turkish soldiers handed over a shepherd", language="en") == []

"""The denier stands in for the one claim name an item lacks, only with the claim's specific event."""

from __future__ import annotations

import pytest

from monitor.match.types import Verdict
from tests.match.conftest import classify, make_matcher

# an invented denial: the claim's one name (the hacking group) is often left out of the news
HACKING = {"id": "vaccine-hacking", "title": "t", "claim": "Group Velvet Owl hacked vaccine labs.",
           "entities": [{"name": "Velvet Owl"},
                        {"name": "Ministry of Digital Affairs", "role": "denier", "aliases": ["Kerevan"]}],
           "keywords": [{"name": "hacking", "query": "(vaccine* OR laboratory) AND (hack* OR cyber*)"}],
           "min_entities": 1}
# the same denier, a claim whose event is one word: the denier denying another killing is no claim
KILLINGS = {"id": "killings", "title": "t", "claim": "Troops killed civilians in Ostrava.",
            "entities": [{"name": "Ostrava"},
                         {"name": "Ministry of Digital Affairs", "role": "denier", "aliases": ["Kerevan"]}],
            "keywords": [{"name": "killing", "query": "killed OR killing* OR massacre"}],
            "min_entities": 1}
# two claim names needed: the denier stands in for one of them, never for both
TWO_NAMES = {**HACKING, "id": "two-names", "entities": [
    {"name": "Velvet Owl"}, {"name": "Nordlab Institute"},
    {"name": "Ministry of Digital Affairs", "role": "denier", "aliases": ["Kerevan"]}], "min_entities": 2}
TWO_KILLINGS = {**KILLINGS, "id": "two-killings", "entities": [
    {"name": "Ostrava"}, {"name": "Brenner Brigade"},
    {"name": "Ministry of Digital Affairs", "role": "denier", "aliases": ["Kerevan"]}], "min_entities": 2}
THREE_KILLINGS = {**TWO_KILLINGS, "id": "three-killings", "entities": [
    {"name": "Ostrava"}, {"name": "Brenner Brigade"}, {"name": "Velvet Owl"},
    {"name": "Ministry of Digital Affairs", "role": "denier", "aliases": ["Kerevan"]}], "min_entities": 3}

CASES = [
    # the claim told through its denier: the denier's sentence holds the whole specific event
    (HACKING, "Kerevan denies hackers targeted vaccine research", [Verdict.MATCH]),
    (HACKING, "Ministry of Digital Affairs rejects claims of cyber attacks on vaccine makers", [Verdict.MATCH]),
    # the claim's name is there: as before
    (HACKING, "Velvet Owl hacked vaccine labs, officials say", [Verdict.CONTRADICT]),
    # the event split over two sentences, or only half of it with the denier: no hit
    (HACKING, ("Kerevan denies the report", "Hackers are everywhere. The vaccine is safe."), []),
    (HACKING, "Kerevan denies hacking claims", []),
    # a one-word event: the denier denying some killing is another story
    (KILLINGS, "Kerevan denies troops killed civilians", []),
    (KILLINGS, "Kerevan denies troops killed civilians in Ostrava", [Verdict.MATCH]),
    # one of two names and the denier: a hit; the denier alone: no hit
    (TWO_NAMES, "Kerevan denies Velvet Owl hacked vaccine labs", [Verdict.MATCH]),
    (TWO_NAMES, "Kerevan denies hackers targeted vaccine research", []),
    # a one-word event, two names needed: beside one claim name, the named denier denying in the
    # event's sentence stands in for the other; not without denial wording, not for both names
    (TWO_KILLINGS, "Kerevan denies troops killed civilians in Ostrava", [Verdict.MATCH]),
    (TWO_KILLINGS, "Kerevan: killings in Ostrava 'nonsense'", [Verdict.MATCH]),
    (TWO_KILLINGS, "Kerevan says troops killed civilians in Ostrava", []),
    (TWO_KILLINGS, "Kerevan denies troops killed civilians", []),
    (TWO_KILLINGS, ("Kerevan denies the report on Ostrava", "Troops killed civilians, witnesses say."), []),
    # a rule that asks for three names keeps them: two and the denier on a one-word event are none
    (THREE_KILLINGS, "Kerevan denies the Brenner Brigade killed civilians in Ostrava", []),
]


@pytest.mark.parametrize(("denial", "title", "verdicts"), CASES)
def test_the_denier_stands_in_for_one_claim_name(denial: dict[str, object], title: str | tuple[str, str],
                                                  verdicts: list[Verdict]) -> None:
    head, text = title if isinstance(title, tuple) else (title, "")
    hits = classify(make_matcher(denial), head, text, language="en")
    assert [h.verdict for h in hits] == verdicts, hits


# the denier named by a country (countries.yaml): the country stands in only with denial wording
COUNTRY_DENIER = {**HACKING, "id": "country-denier", "entities": [
    {"name": "Velvet Owl"}, {"name": "Russian Ministry of Digital Affairs", "role": "denier"}]}


@pytest.mark.parametrize(("title", "verdicts"), [
    ("Russia rejects vaccine research hacking allegations", [Verdict.MATCH]),
    ("Moscow denies cyber attacks on vaccine laboratories", [Verdict.MATCH]),
    # the country with the event but no denial: news names countries far more often than denials
    ("Cyber attacks hit vaccine laboratories across Russia", []),
])
def test_the_deniers_country_stands_in_only_when_denying(title: str, verdicts: list[Verdict]) -> None:
    hits = classify(make_matcher(COUNTRY_DENIER), title, language="en")
    assert [h.verdict for h in hits] == verdicts, hits


# the claim's country is one of its names: the denier stands in for it, not where another country
# takes its place (the same denier denying the same kind of claim about that country)
MEDDLING = {"id": "meddling", "title": "t", "claim": "Russia interfered in Romania's presidential election.",
            "entities": [{"name": "Russia"}, {"name": "Romania"}, {"name": "Dmitry Peskov", "role": "denier"}],
            "keywords": [{"name": "interference", "query": "interfer* OR meddl*"},
                         {"name": "election", "query": "election* OR vote"}],
            "min_entities": 2}


@pytest.mark.parametrize(("title", "verdicts"), [
    ("Peskov: Russia did not interfere in the election", [Verdict.MATCH]),
    ("Peskov: Russia did not interfere in Moldova's election", []),
    ("Peskov: Russia did not interfere in Romania's election, nor in Moldova's", [Verdict.MATCH]),  # named
])
def test_another_country_in_place_of_the_claims(title: str, verdicts: list[Verdict]) -> None:
    assert [h.verdict for h in classify(make_matcher(MEDDLING), title, language="en")] == verdicts

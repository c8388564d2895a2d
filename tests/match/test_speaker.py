"""The denier as the speaker of a sentence about the claim reports the denial."""

from __future__ import annotations

import pytest

from monitor.match.types import Verdict
from tests.match.conftest import MEETING_DENIAL, classify, make_matcher

CASES = [
    # the denying body opens the headline before a colon: its own account, in no lexicon's words
    ("Ministry: Karimov's meeting in Zarechye was a routine visit to the troops", Verdict.MATCH),
    ("Karimov's Zarechye meeting was a routine visit to the troops, the ministry says", Verdict.MATCH),
    # "according to reports" gives the reports as the speaker, and a denier name before a claim
    # name is that person's title: the claim relayed
    ("According to reports, Ministry of Defence chief Karimov met Davletov in Zarechye", Verdict.CONTRADICT),
    # no denier at all: the claim stated
    ("Karimov's meeting in Zarechye was a routine visit to the troops", Verdict.CONTRADICT),
]


@pytest.mark.parametrize(("title", "verdict"), CASES)
def test_the_denier_speaking(title: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(MEETING_DENIAL), title, language="en")
    assert [h.verdict for h in hits] == [verdict], hits


BALLOON = {"id": "balloon", "title": "t", "claim": "The Chinese balloon over Montana was a spy balloon.",
           "entities": [{"name": "balloon"}, {"name": "Chinese Foreign Ministry", "role": "denier",
                                             "aliases": ["Mao Ning"]}],
           "keywords": [{"name": "spying", "query": "spy* OR surveillance"}], "min_entities": 1}


@pytest.mark.parametrize(("title", "verdict"), [
    # the denier named by its country or capital ("China says", "Beijing:")
    ("China says the spy balloon over Montana is a civilian airship", Verdict.MATCH),
    ("Beijing: the suspected spy balloon is a weather device", Verdict.MATCH),
    # the country as the object of someone else's verb is no speaker
    ("Pentagon accuses China of flying a spy balloon over Montana", Verdict.CONTRADICT),
    # a line opened by another speaker's colon is theirs
    ("Senator: the spy balloon over Montana was Chinese, whatever Beijing says", Verdict.CONTRADICT),
    # a verb of saying in the passive: the country is the one accused, not the speaker
    ("China accused of flying a spy balloon over Montana", Verdict.CONTRADICT),
    ("China accuses the Pentagon of lying about the spy balloon over Montana", Verdict.MATCH),
])
def test_the_denier_named_by_its_country(title: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(BALLOON), title, language="en")
    assert [h.verdict for h in hits] == [verdict], hits


def test_a_verb_of_saying_before_a_claim_name_makes_the_country_the_speaker() -> None:
    # "China says balloon ...": the claim name right after the verb; the country is the speaker,
    # not the title of the balloon; without the verb it would be ("China balloon over Montana")
    rule = {**BALLOON, "keywords": [{"name": "spying", "query": "spy* OR surveillance OR civilian"}]}
    hits = classify(make_matcher(rule), "China says balloon over Montana is a civilian airship", language="en")
    assert [h.verdict for h in hits] == [Verdict.MATCH], hits


def test_a_negation_in_another_clause_does_not_cancel_the_denial() -> None:
    # "'Certainly not': Putin denies ..." is a denial, not "did not deny"
    hits = classify(make_matcher(MEETING_DENIAL), "'Certainly not': ministry denies Karimov met Davletov in Zarechye",
                    language="en")
    assert [h.verdict for h in hits] == [Verdict.MATCH]


def test_a_country_named_in_the_claim_is_no_speaker() -> None:
    from monitor.match.countries import denier_countries

    assert [r[0] for r in denier_countries(["Chinese Foreign Ministry"], ["balloon"])] == ["China"]
    assert [r[0] for r in denier_countries(["Russian Ministry of Defence", "Tehran police"], [])] == ["Russia", "Iran"]
    assert denier_countries(["Serbian government"], ["Serbia", "Ukraine"]) == []


@pytest.mark.parametrize(("title", "verdict"), [
    # the claimant answering the denial: "they deny the facts" is no denial
    ("'They deny the facts': MP says Karimov met Davletov in Zarechye", Verdict.CONTRADICT),
    ("Депутат: Каримов встречался с Давлетовым в Заречье, министерство отрицает очевидное", Verdict.CONTRADICT),
    ("Ministry denies Karimov met Davletov in Zarechye", Verdict.MATCH),
])
def test_the_claimant_answering_the_denial(title: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(MEETING_DENIAL), title)
    assert [h.verdict for h in hits] == [verdict], hits


@pytest.mark.parametrize(("title", "language"), [
    ("China acusada de espiar con un globo sobre Montana", "es"),
    ("La Chine accusée d'espionnage avec un ballon au-dessus du Montana", "fr"),
])
def test_a_passive_verb_of_saying_in_other_languages(title: str, language: str) -> None:
    rule = {**BALLOON, "entities": [{"name": "balloon", "aliases": ["globo", "ballon"]},
                                    {"name": "Chinese Foreign Ministry", "role": "denier", "aliases": ["Mao Ning"]}],
            "keywords": [{"name": "spying", "query": "spy* OR espi* OR espionnage"}]}
    hits = classify(make_matcher(rule), title, language=language)
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT], hits


# the denier's country negating the claim in its own sentence, with no verb of saying: the denial
COUP = {"id": "coup", "title": "t", "claim": "Russian agents plotted a coup in Montenegro in October 2016.",
        "entities": [{"name": "Montenegro"},
                     {"name": "Russian Foreign Ministry", "role": "denier", "aliases": ["Maria Zakharova"]}],
        "keywords": [{"name": "coup", "query": "coup OR putsch OR госпереворот*"},
                     {"name": "agents", "query": "agents OR GRU OR nationalists", "required": False}],
        "min_entities": 1}


@pytest.mark.parametrize(("title", "verdict"), [
    ("Россия не пыталась устроить госпереворот в Черногории", Verdict.MATCH),
    ("Russia had nothing to gain from a coup in Montenegro", Verdict.MATCH),
    ("Russia did not try to stage a coup in Montenegro, Moscow said", Verdict.MATCH),
    ("Russia backed the coup attempt in Montenegro", Verdict.CONTRADICT),
])
def test_the_deniers_country_negating_the_claim(title: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(COUP), title, language=None)
    assert [h.verdict for h in hits] == [verdict], hits

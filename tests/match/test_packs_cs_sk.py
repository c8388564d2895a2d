"""Czech and Slovak packs (cs.yaml, sk.yaml): made-up headlines against a made-up denial whose
keywords are English only."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.match.lang import language_of
from monitor.match.types import Verdict
from tests.match.conftest import classify, make_matcher

ORLOV: dict[str, Any] = {
    "id": "orlov-killed",
    "title": "Ministry denies general Orlov was killed",
    "claim": "General Petr Orlov was killed in a drone strike near Belogorsk.",
    "source": "Ministry of Defence",
    "date": "2025-05-02",
    "entities": [
        {"name": "Petr Orlov", "aliases": ["Orlov"]},
        {"name": "Ministry of Defence", "role": "denier", "aliases": ["ministry"]},
    ],
    "keywords": [{"name": "killed", "query": "killed OR kill*"}],
    "min_entities": 1,
}

CASES = [
    # a denial: "popřelo" (denied), "odmítá ... jako nepravdivé" (rejects ... as untrue)
    ("cs", "Ministerstvo obrany popřelo, že byl generál Orlov zabit", Verdict.MATCH),
    ("cs", "Ministerstvo odmítá zprávy o smrti generála Orlova jako nepravdivé", Verdict.MATCH),
    # the claim stated: "zabit" (killed) is @kill in Czech; "při" (at) is no hedge
    ("cs", "Generál Orlov byl zabit při útoku dronu u Belogorsku", Verdict.CONTRADICT),
    # names declined with Czech endings: Orlov-a (genitive), Orlov-em (instrumental)
    ("cs", "Ukrajinský dron zabil generála Orlova u Belogorsku", Verdict.CONTRADICT),
    ("cs", "Armáda se rozloučila se zabitým generálem Orlovem", Verdict.CONTRADICT),
    # "refused to comment" is no denial
    ("cs", "Kreml odmítl komentovat zprávy, že byl generál Orlov zabit", Verdict.CONTRADICT),
    ("sk", "Ministerstvo obrany poprelo, že generál Orlov bol zabitý", Verdict.MATCH),
    ("sk", "Ministerstvo odmieta správy o smrti generála Orlova ako nepravdivé", Verdict.MATCH),
    ("sk", "Generál Orlov bol zabitý pri útoku dronu pri Belogorsku", Verdict.CONTRADICT),
    ("sk", "Ukrajinský dron zabil generála Orlova", Verdict.CONTRADICT),
]


@pytest.fixture(scope="module")
def matcher() -> Any:
    return make_matcher(ORLOV)


@pytest.mark.parametrize(("lang", "title", "verdict"), CASES)
def test_czech_and_slovak_headlines(matcher: Any, lang: str, title: str, verdict: Verdict) -> None:
    hits = classify(matcher, title, language=lang)
    assert [h.verdict for h in hits] == [verdict], hits


# "Ukrajinský dron zabil generála Orlova" is Czech and Slovak alike (the guesser says cs): each
# pack also applies the other's cues
SAME_IN_BOTH = "Ukrajinský dron zabil generála Orlova"


@pytest.mark.parametrize(("lang", "title"), [(lang, title) for lang, title, _ in CASES if title != SAME_IN_BOTH])
def test_undeclared_czech_and_slovak_resolve_to_their_pack(lang: str, title: str) -> None:
    assert language_of(None, title) == lang


@pytest.mark.parametrize(("title", "verdict"), [("Ministerstvo obrany poprelo, že generál Orlov bol zabitý", Verdict.MATCH),
                                                ("Ministerstvo obrany popřelo, že byl generál Orlov zabit", Verdict.MATCH)])
def test_each_pack_reads_the_others_denial_wording(matcher: Any, title: str, verdict: Verdict) -> None:
    for lang in ("cs", "sk"):
        assert [h.verdict for h in classify(matcher, title, language=lang)] == [verdict]


def test_the_kill_concept_reaches_czech() -> None:
    # the rule says "killed"; the Czech text says "zabit": found through @kill, not by the rule's word
    hits = classify(make_matcher(ORLOV), "Generál Orlov byl zabit u Belogorsku", language="cs")
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT]
    terms = [e.term for h in hits for e in h.evidence if e.kind == "keyword"]
    assert any("zabit" in t for t in terms), terms
    # and only in text of a pack that has the word: in text declared German it is nothing (Polish has "zabi*")
    assert classify(make_matcher(ORLOV), "Generál Orlov byl zabit u Belogorsku", language="de") == []


def test_a_name_with_a_czech_ending_only_in_czech_text() -> None:
    # "Orlovovi" (dative): -ovi is a Czech/Slovak/Polish ending, not a shared one
    title = "Dron zabil generála, Orlovovi se podle armády nic nestalo"
    assert classify(make_matcher(ORLOV), title, language="cs") != []
    assert classify(make_matcher(ORLOV), title, language="en") == []


@pytest.mark.parametrize("title", ["Ministry denies Karimov met Davletov in Zarechye", "Karimov met Davletov in Zarechye"])
def test_a_text_without_czech_or_slovak_letters_is_neither(title: str) -> None:
    # the guesser alone says Slovak for these; neither language is written without its letters
    assert language_of(None, title) not in ("cs", "sk")


def test_letters_rule_out_a_guess_and_rescale_the_rest() -> None:
    from monitor.match.lang import codes
    from monitor.match.lang.guess import guess_language

    title = "Ministry denies Karimov met Davletov in Zarechye"
    assert guess_language(title, codes()) == "sk"
    assert guess_language(title, codes(), letters={"cs": "ěř", "sk": "ôä"}) is None     # en 0.25 of the rest
    assert guess_language(title, codes(), letters={"cs": "ěř", "sk": "ôä"}, min_probability=0.2) == "en"

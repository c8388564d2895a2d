"""Compile errors name the denial; thresholds and scope decide which items are checked."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from monitor.errors import RuleError
from monitor.match.engine import RuleMatcher
from monitor.match.rules import _country_forms
from tests.match.conftest import MEETING_DENIAL, classify, make_matcher

CLAIM = ("Karimov met Davletov in Zarechye", "Karimov and Davletov held talks in Zarechye on Tuesday.")


def variant(**changes: Any) -> dict[str, Any]:
    d = copy.deepcopy(MEETING_DENIAL)
    d.update(changes)
    return d


BAD = [
    (variant(keywords=[{"name": "meeting", "query": "meet* AND (talks"}]), "keywords[0] (meeting)", "unbalanced"),
    (variant(query="NOT Zarechye"), "query", "only negative"),
    (variant(min_entities=3), "min_entities", "only 2 claim entities"),
    (variant(entities=[], keywords=[]), "rules", "nothing to match"),
    (variant(window={"before": "7d"}, date=None), "window", "needs the denial's date"),
    (variant(keywords=[{"name": "a", "query": "x*"}]), "keywords[0] (a)", "at least 3 letters"),
    (variant(keywords=[{"name": "a", "query": "met"}, {"name": "a", "query": "talks"}]), "keywords[1]",
     "duplicate keyword group"),
    (variant(cues={"denial": ["!!"]}), "cues", "no letters"),
]


@pytest.mark.parametrize(("denial", "where", "problem"), BAD)
def test_rule_error_names_the_denial_and_the_problem(denial: dict[str, Any], where: str, problem: str) -> None:
    with pytest.raises(RuleError) as info:
        make_matcher(denial)
    message = str(info.value)
    assert "zarechye-meeting" in message and where in message and problem in message


def test_duplicate_denial_ids_are_an_error() -> None:
    with pytest.raises(RuleError, match="duplicate denial id"):
        make_matcher(MEETING_DENIAL, MEETING_DENIAL)


def hit(matcher: RuleMatcher, **doc: Any) -> str | None:
    hits = classify(matcher, *CLAIM, **doc)
    return hits[0].verdict.value if hits else None


def test_min_entities() -> None:
    assert hit(make_matcher(variant(min_entities=2))) == "contradict"
    one = ("Karimov visited Zarechye", "Karimov held talks in Zarechye.")
    assert classify(make_matcher(variant(min_entities=2)), *one) == []
    assert classify(make_matcher(variant(min_entities=1)), *one)


def test_optional_group_is_not_required_but_required_group_is() -> None:
    other_place = ("Karimov met Davletov in Geneva", "Karimov and Davletov held talks in Geneva.")
    assert classify(make_matcher(MEETING_DENIAL), *other_place) == []
    groups = copy.deepcopy(MEETING_DENIAL["keywords"])
    groups[1]["required"] = False
    no_place = ("Karimov met Davletov", "Karimov and Davletov held secret talks, sources say.")
    assert classify(make_matcher(MEETING_DENIAL), *no_place) == []
    assert classify(make_matcher(variant(keywords=groups)), *no_place)
    # an optional group of place names still tells the claim from a meeting placed elsewhere
    assert classify(make_matcher(variant(keywords=groups)), *other_place) == []


@pytest.mark.parametrize(("scope", "doc", "expected"), [
    ({"languages": ["ru"]}, {"language": "en"}, None),
    ({"languages": ["ru", "en"]}, {"language": "en-GB"}, "contradict"),
    ({"languages": ["ru"]}, {}, "contradict"),                               # unknown language: checked
    ({"feeds": ["wire"]}, {"feed": "blog"}, None),
    ({"feeds": ["wire"]}, {"feed": "wire"}, "contradict"),
    ({"window": {"before": "7d", "after": "30d"}}, {"published": datetime(2024, 2, 20, tzinfo=UTC)}, None),
    ({"window": {"before": "7d", "after": "30d"}}, {"published": datetime(2024, 2, 25, tzinfo=UTC)}, "contradict"),
    ({"window": {"before": "7d", "after": "30d"}}, {"published": datetime(2024, 4, 5, tzinfo=UTC)}, None),
    ({"expires": "2024-06-01"}, {"published": datetime(2024, 7, 1, tzinfo=UTC)}, None),
    ({"expires": "2024-06-01"}, {"published": datetime(2024, 5, 1, tzinfo=UTC)}, "contradict"),
    ({"expires": "2024-06-01"}, {}, None),                                   # no date: today, past expiry
])
def test_scope(scope: dict[str, Any], doc: dict[str, Any], expected: str | None) -> None:
    assert hit(make_matcher(variant(**scope)), **doc) == expected


def test_query_must_also_match() -> None:
    assert hit(make_matcher(variant(query="title:Karimov AND NOT Geneva"))) == "contradict"
    assert hit(make_matcher(variant(query="title:Geneva"))) is None


def test_denial_specific_cues_and_denier_speaker() -> None:
    text = ("Karimov meeting Davletov in Zarechye a pure invention", "Karimov and Davletov in Zarechye.")
    plain = make_matcher(MEETING_DENIAL)
    assert classify(plain, *text)[0].verdict.value == "contradict"       # no cue, no denier
    extra = make_matcher(variant(cues={"denial": ["pure invention"]}))
    assert classify(extra, *text)[0].verdict.value == "match"
    speaker = ("Ministry: no meeting between Karimov and Davletov in Zarechye", "")
    assert classify(plain, *speaker)[0].verdict.value == "match"          # denier + negation


ARREST_DENIAL: dict[str, Any] = {
    "id": "general-arrest", "title": "MoD denies General Ashot Sahakyan was arrested",
    "claim": "General Ashot Sahakyan was arrested.", "source": "Ministry of Defence",
    "entities": [{"name": "Ashot Sahakyan", "aliases": ["Саакян", "Սահակյան"]}],
    "keywords": [{"name": "arrest", "query": "arrest* OR detain* OR арест* OR задерж* OR ձերբակալ*"}],
}


@pytest.mark.parametrize(("title", "expected"), [
    ("Ashot Sahakyan arrested in Yerevan", "contradict"),
    ("Police arrested General Sahakyan on Tuesday", "contradict"),
    ("Police arrested Lt Gen Sahakyan on Tuesday", "contradict"),
    ("Police arrested Armenian Sahakyan on Tuesday", "contradict"),
    ("СМИ: задержан генерал Ашота Саакяна", "contradict"),           # the given name inflected
    # another given name before the surname is another person
    ("Police arrested customs official Samvel Sahakyan on Tuesday", None),
    ("Полиция задержала таможенника Самвела Саакяна", None),
    ("ԱԱԾ-ն ձերբակալել է պաշտոնյա Սամվել Սահակյանին", None),
])
def test_a_surname_after_another_given_name_is_another_person(title: str, expected: str | None) -> None:
    hits = classify(make_matcher(ARREST_DENIAL), title, "")
    assert (hits[0].verdict.value if hits else None) == expected


# A denier named as a country is also found by its names in other languages that begin as its
# English name does ("Белоруссия", "Biélorussie" for Belarus), not by its capital or adjectives:
# "in Tehran" or "Iranian women" do not make Iran the speaker or, in a self-denial, the actor.
@pytest.mark.parametrize(("name", "found", "not_found"), [
    ("Belarus", ["Белоруссия", "Білорусь", "Biélorussie", "Białoruś"], ["Minsk", "belarusian"]),
    ("Iran", ["Иран", "İran", "Irán"], ["Tehran", "Тегеран", "iranien"]),
    ("Russia", ["Россия", "Russland", "Rosja"], ["Moscow", "Kremlin", "российск*"]),
    ("China", ["Chine", "Chiny"], ["Chinese", "Beijing"]),     # (the row has "Chinese" again, not as its adjective)
])
def test_a_country_denier_by_its_own_names(name: str, found: list[str], not_found: list[str]) -> None:
    forms = _country_forms(name, "denier")
    assert set(found) <= set(forms), forms
    assert not set(not_found) & set(forms), forms


def test_a_country_denier_speaks_by_another_name() -> None:
    rule = {"id": "by-migrants", "title": "Belarus denies it engineered the migrant crisis",
            "claim": "Belarus deliberately pushed migrants across the border into Poland.",
            "source": "Belarus", "date": "2021-11-10",
            "entities": [{"name": "Belarus", "role": "denier"}, {"name": "Poland"}],
            "keywords": [{"name": "migrants", "query": "migrant* OR мигрант*"}], "min_entities": 1}
    # (a self-denial: the denier is the claim's actor, and the item names no claim entity)
    hits = classify(make_matcher(rule), "Белоруссия не причастна к наплыву мигрантов", "",
                    language="ru")
    assert [h.verdict.value for h in hits] == ["match"], hits

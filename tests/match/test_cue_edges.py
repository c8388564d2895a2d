"""Cue edge cases (made-up items): a negation word that labels a number, a denial verb that the
speaker refuses, and a "Name:" headline whose line has another speaker."""

from __future__ import annotations

from typing import Any

import pytest

from tests.match.conftest import classify, make_matcher

PARTY: dict[str, Any] = {
    "id": "no10-party",
    "title": "Downing Street denies a Christmas party was held in December 2020",
    "claim": "Staff held a Christmas party at Downing Street in December 2020, breaking Covid rules.",
    "source": "Downing Street", "date": "2021-12-01",
    "entities": [{"name": "Downing Street", "aliases": ["No 10"]},
                 {"name": "Prime Minister's spokesman", "role": "denier", "aliases": ["spokesman"]}],
    "keywords": [{"name": "party", "query": "party OR parties OR gathering*"}],
    "min_entities": 1,
}

CASES = [
    # "No 10" names the house: no negation, the claim stated
    ("Aide resigns over No 10 Christmas party video", "contradict"),
    ("Aide resigns over No. 10 Christmas party video", "contradict"),
    # a denial verb the speaker refuses is no denial
    ("Minister refuses to deny Downing Street held a Christmas party", "contradict"),
    ("Minister does not deny Downing Street held a Christmas party", "contradict"),
    # ... and the plain denial still is one, a contracted negation by the denier too
    ("Downing Street denies a Christmas party was held", "match"),
    ("Spokesman: we didn't hold a Christmas party at Downing Street", "match"),
    ("Downing Street: there was no Christmas party", "match"),
]


@pytest.mark.parametrize(("title", "verdict"), CASES)
def test_cue_edges(title: str, verdict: str) -> None:
    hits = classify(make_matcher(PARTY), title, "", language="en")
    assert [h.verdict.value for h in hits] == [verdict], hits


SPEAKER: dict[str, Any] = {
    "id": "kesh-massacre",
    "title": "Kesh government denies its army killed villagers in Lora",
    "claim": "Kesh soldiers killed dozens of villagers in Lora in May 2024.",
    "source": "Kesh government", "date": "2024-06-01",
    "entities": [{"name": "Lora"}, {"name": "Kesh", "role": "denier"}],
    "keywords": [{"name": "killing", "query": "kill* OR massacre*"}],
    "min_entities": 1,
}


@pytest.mark.parametrize(("title", "verdict"), [
    # the denier's name opens the line: its statement
    ("Kesh: the reports of a massacre in Lora are lies", "match"),
    ("Kesh: no massacre happened in Lora", "match"),
    # the name is the line's topic, another voice speaks after the colon
    ("Kesh: UN rights chief denounces massacre in Lora", "contradict"),
    # the name describes the speaker ("Kesh insider says"), a title does not ("Kesh spokesman says")
    ("Kesh insider says soldiers carried out the Lora massacre", "contradict"),
    ("Kesh spokesman says no massacre took place in Lora", "match"),
])
def test_a_name_before_a_colon_speaks_unless_another_voice_does(title: str, verdict: str) -> None:
    hits = classify(make_matcher(SPEAKER), title, "", language="en")
    assert [h.verdict.value for h in hits] == [verdict], hits

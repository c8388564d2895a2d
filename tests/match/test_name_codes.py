"""A name that is an acronym and a number ("COVID-19") is a code, not an acronym found in capitals
only: news writes "Covid-19", "covid-19" and the acronym alone. Made-up rule and items."""

from __future__ import annotations

from typing import Any

import pytest

from tests.match.conftest import classify, make_matcher

RULE: dict[str, Any] = {
    "id": "lab",
    "title": "Ruritania denies COVID-19 came from its lab",
    "claim": "COVID-19 leaked from a Ruritanian laboratory.",
    "source": "Ruritanian ministry",
    "date": "2023-03-01",
    "entities": [{"name": "COVID-19"}],
    "keywords": [{"name": "lab", "query": "lab* OR laborator*"}],
    "min_entities": 1,
}


@pytest.mark.parametrize(("title", "hit"), [
    ("Covid-19 leaked from a lab, report says", True),
    ("la fuga de covid-19 desde un laboratorio", True),
    ("il covid nato in un laboratorio", True),
    ("COVID leaked from a lab, report says", True),
    ("The lab reopened after the holidays", False),
])
def test_a_code_name_is_found_in_any_case_and_by_its_acronym(title: str, hit: bool) -> None:
    assert bool(classify(make_matcher(RULE), title)) is hit


def test_a_short_acronym_is_still_found_in_capitals_only() -> None:
    rule = {**RULE, "entities": [{"name": "SSS"}]}
    assert classify(make_matcher(rule), "the sss lab leaked") == []

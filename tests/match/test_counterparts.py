"""Another counterpart: a claim entity that is a country other than the denier's (the event's place,
target or other party) missing from the item, while the deciding sentence puts the event in another
country, is another event of the same shape."""

from __future__ import annotations

import pytest

from monitor.config.denials import DenialConfig
from monitor.match.rules import compile_denial
from monitor.match.types import Verdict
from tests.match.conftest import classify, make_matcher

# an invented denial by a third party: Niger sold uranium to Iran (France denies it)
URANIUM = {"id": "uranium", "title": "t", "source": "French foreign ministry",
           "claim": "Niger agreed to sell 300 tonnes of uranium to Iran.",
           "entities": [{"name": "Niger"}, {"name": "Iran"}],
           "keywords": [{"name": "uranium", "query": "uranium"}], "min_entities": 1}
# Russia's denial of meddling in Romania's election: Russia is the accused, Romania the counterpart
ELECTION = {"id": "election", "title": "t", "source": "Kremlin",
            "claim": "Russia interfered in Romania's presidential election.",
            "entities": [{"name": "Russia"}, {"name": "Romania"},
                         {"name": "Russian Foreign Ministry", "role": "denier"}],
            "keywords": [{"name": "meddling", "query": "interfer* OR meddl*"}], "min_entities": 1}

CASES = [
    (URANIUM, "Niger agreed to sell uranium to Iran, report says", [Verdict.CONTRADICT]),
    (URANIUM, "Niger denies uranium deal with Iran", [Verdict.MATCH]),
    # the counterpart missing, another country in its place: another deal
    (URANIUM, "Niger discusses selling its uranium to Russia", []),
    (URANIUM, "Niger's ex-PM says Iraq did not try to buy uranium", []),
    # the counterpart missing, no other country: judged as before
    (URANIUM, "Niger sold its uranium, report says", [Verdict.CONTRADICT]),
    # the denier's own country missing is no counterpart missing
    (ELECTION, "Kremlin denies meddling in Romania's election", [Verdict.MATCH]),
    (ELECTION, "Russia denies meddling in the elections of Moldova", []),
]


@pytest.mark.parametrize(("denial", "title", "verdicts"), CASES)
def test_another_country_in_the_counterparts_place_is_another_event(
        denial: dict[str, object], title: str, verdicts: list[Verdict]) -> None:
    hits = classify(make_matcher(denial), title, language="en")
    assert [h.verdict for h in hits] == verdicts, hits


def test_another_country_outside_the_deciding_sentence_does_not_count() -> None:
    hits = classify(make_matcher(URANIUM), "Niger sold its uranium, report says",
                    "Niger sold its uranium, a report says. Canada and Australia mine more of it.", language="en")
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT], hits


def test_counterparts_are_the_claims_countries_other_than_the_deniers() -> None:
    assert compile_denial(DenialConfig.model_validate(URANIUM)).counterparts == ("Niger", "Iran")
    assert compile_denial(DenialConfig.model_validate(ELECTION)).counterparts == ("Romania",)

"""Relevance as evidence: names at the top and the event further on, when the top reports the denial."""

from __future__ import annotations

import pytest

from monitor.match.types import Verdict
from tests.match.conftest import MEETING_DENIAL, classify, make_matcher

CASES = [
    # the denial with the claim's names in the headline, the event only in the fourth sentence
    ("Ministry calls the Karimov posts a fabrication",
     "The ministry's press office issued a statement on Tuesday. The minister spent the week in the capital. "
     "Officials said the posts had been shared by anonymous channels. The minister never met any rebel "
     "commander in Zarechye, the spokesman added.", Verdict.MATCH),
    # the same body denying a content of its own ("rumours OF HIS RESIGNATION"): another story
    ("Ministry denies rumours of Karimov's resignation",
     "The ministry's press office issued a statement on Tuesday. The minister spent the week in the capital. "
     "He met local elders in Zarechye last month, officials said.", None),
    # names at the top without a denial, the event further on: another story
    ("Karimov visits a school",
     "The minister opened a new wing of the school. Pupils sang for the guests. Later the minister met "
     "teachers in Zarechye.", None),
]


@pytest.mark.parametrize(("title", "text", "verdict"), CASES)
def test_names_at_the_top_and_the_event_further_on(title: str, text: str, verdict: Verdict | None) -> None:
    hits = classify(make_matcher(MEETING_DENIAL), title, text, language="en")
    assert [h.verdict for h in hits] == ([verdict] if verdict else []), hits
    if verdict:
        assert "its event further on" in hits[0].reason


# The claim told across the headline and the first lead sentence (no one sentence holds names and
# event): the top's stance decides, as contradict or mention. Made-up items.
ACROSS = [
    # the event and the place in the headline, a name in the first lead sentence: the claim stated
    ("Secret Zarechye meeting confirmed by witnesses",
     "Two villagers said Karimov arrived by car on Tuesday and left after dark.", Verdict.CONTRADICT),
    # the same headline over a neutral lead
    ("Secret Zarechye meeting confirmed by witnesses",
     "Whether Karimov was really there remains unclear, the district office said.", Verdict.MENTION),
    # the name only in the second lead sentence: not the top
    ("Secret Zarechye meeting confirmed by witnesses",
     "Two villagers spoke to reporters on Tuesday about the cars they saw. "
     "The district office said the road was closed all week. Karimov arrived by car, they said.", None),
    # the names and the event only further down: another story's background
    ("Villagers prepare for the spring fair",
     "Stalls went up in the square on Tuesday. Traders came from three districts. The secret meeting "
     "of officials was not the talk of the fair. Karimov and Davletov were not there.", None),
]


@pytest.mark.parametrize(("title", "text", "verdict"), ACROSS)
def test_claim_told_across_headline_and_lead(title: str, text: str, verdict: Verdict | None) -> None:
    hits = classify(make_matcher(MEETING_DENIAL), title, text, language="en")
    assert [h.verdict for h in hits] == ([verdict] if verdict else []), hits
    if verdict:
        assert "across the headline and lead" in hits[0].reason


def test_a_headline_denying_the_accusations_above_a_lead_that_tells_the_claim() -> None:
    # the headline names none of the claim, only "the claims" with denial wording; the lead tells
    # the claim: the item reports the denial
    hits = classify(make_matcher(MEETING_DENIAL), "Border row: an official calls the opposition's claims 'unfounded'",
                    "The opposition said last week that Karimov met Davletov in Zarechye.", language="en")
    assert [h.verdict for h in hits] == [Verdict.MATCH], hits
    # without denial wording the headline frames nothing: the lead states the claim
    hits = classify(make_matcher(MEETING_DENIAL), "Border row: what the opposition's claims say",
                    "The opposition said last week that Karimov met Davletov in Zarechye.", language="en")
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT], hits

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

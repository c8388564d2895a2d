"""The English loanword "fake" is denial wording in the packs of languages whose press uses it."""

from __future__ import annotations

import pytest

from monitor.match.types import Verdict
from tests.match.conftest import classify, make_matcher

MASSACRE = {"id": "massacre", "title": "t", "claim": "Troops massacred civilians in Ostrava.",
            "entities": [{"name": "Ostrava"}],
            "keywords": [{"name": "massacre", "query": "massacre OR Massaker OR massacro OR bloedbad"}],
            "min_entities": 1}


@pytest.mark.parametrize(("language", "title", "verdict"), [
    ("fr", "Le massacre d'Ostrava est un fake selon le président", Verdict.MATCH),
    ("de", "Massaker von Ostrava: alles Fake, sagt der Präsident", Verdict.MATCH),
    ("it", "Il massacro di Ostrava è un fake, dice il presidente", Verdict.MATCH),
    ("nl", "Bloedbad in Ostrava is fake, zegt de president", Verdict.MATCH),
    ("pt", "Massacre de Ostrava é fake, diz o presidente", Verdict.MATCH),
    # without the word, the claim stated
    ("fr", "Le massacre d'Ostrava selon le président", Verdict.CONTRADICT),
])
def test_fake_is_denial_wording(language: str, title: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(MASSACRE), title, language=language)
    assert [h.verdict for h in hits] == [verdict], hits

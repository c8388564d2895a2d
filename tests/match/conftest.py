"""Fixtures of the match tests: a made-up denial written the way an analyst would."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.config.denials import DenialConfig
from monitor.match import Document, Hit, compile_matcher
from monitor.match.engine import RuleMatcher

# VERDICTS.md's made-up denial: "the ministry denies that the minister met the rebel leader in the
# border village of X", with names: minister Karimov, rebel leader Davletov, village Zarechye.
MEETING_DENIAL: dict[str, Any] = {
    "id": "zarechye-meeting",
    "title": "Ministry: no Karimov-Davletov meeting in Zarechye",
    "claim": "Defence minister Karimov met rebel leader Davletov in the border village of Zarechye.",
    "source": "Ministry of Defence",
    "date": "2024-03-01",
    "entities": [
        {"name": "Anvar Karimov", "aliases": ["Каримов", "Kərimov"]},
        {"name": "Ruslan Davletov", "aliases": ["Давлетов", "Dövlətov"]},
        {"name": "Ministry of Defence", "role": "denier",
         "aliases": ["ministry", "министерство", "Минобороны", "nazirlik", "Müdafiə Nazirliyi"]},
    ],
    "keywords": [
        {"name": "meeting", "query": "meet* OR met OR meeting OR talks OR встреч* OR встрети* OR görüş*"},
        {"name": "place", "query": "Zarechye OR Заречье OR Zareçye"},
    ],
    "min_entities": 1,
}


def make_matcher(*denials: dict[str, Any]) -> RuleMatcher:
    return compile_matcher([DenialConfig.model_validate(d) for d in denials])


@pytest.fixture(scope="session")
def meeting_matcher() -> RuleMatcher:
    return make_matcher(MEETING_DENIAL)


def classify(matcher: RuleMatcher, title: str, text: str = "", **kw: Any) -> list[Hit]:
    return matcher.classify(Document(id="t", title=title, text=text, **kw))

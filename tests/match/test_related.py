"""Relatedness as evidence (related.py): the rule's names with the claim's event in other words."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.config.denials import DenialConfig
from monitor.match.explain import explain
from monitor.match.related import claim_words
from monitor.match.types import Document, Verdict
from tests.match.conftest import classify, make_matcher

# An invented denial whose keyword group names the event one way ("blew up"); news tells it others.
DAM: dict[str, Any] = {
    "id": "kesh-dam",
    "title": "Ministry denies army engineers blew up the Kesh dam",
    "claim": "Army engineers blew up the Kesh dam on the Lora river, flooding twelve villages downstream.",
    "source": "Ministry of Defence",
    "date": "2024-05-02",
    "entities": [
        {"name": "Kesh dam", "aliases": ["Кешская плотина"]},
        {"name": "Ministry of Defence", "role": "denier", "aliases": ["ministry"]},
    ],
    "keywords": [{"name": "explosion", "query": "\"blew up\" OR blast* OR explosion*"}],
    "min_entities": 1,
}

CLAIM_WORDS = [
    # (word, counted?) for the DAM rule: its event words count; names, cues and common words do not
    ("engineers", True),
    ("flooding", True),
    ("villages", True),
    ("downstream", True),
    ("Lora", True),          # a name of the claim that is no entity
    ("Kesh", False),         # an entity's word
    ("denies", False),       # a cue: every item about any denial has it
    ("the", False),          # common
    ("army", False),         # common (Zipf 5.0 and more)
]


@pytest.mark.parametrize(("word", "counted"), CLAIM_WORDS)
def test_claim_words(word: str, counted: bool) -> None:
    words = claim_words(DAM["claim"], DAM["title"], ["Kesh dam", "Ministry of Defence", "ministry"])
    assert (word in {w.text for w in words}) is counted, [w.text for w in words]


def test_claim_word_senses_and_weights() -> None:
    words = {w.text: w for w in claim_words(
        "Troops killed civilians and soldiers were killing more in Ukraine; NATO and a coup were blamed.",
        "", [])}
    assert words["killed"].sense == words["killing"].sense == "@kill"      # one sense, counted once
    assert words["NATO"].name and words["coup"].sense == "@coup"            # short, but an acronym / a concept
    assert "Ukraine" not in words                                            # a country: the setting
    assert any(t.lang == "ru" for t in words["killed"].terms)               # the concept's words of every pack


CASES = [
    # the names and the event in other words than the group's, no denial wording: the claim stated
    ("Kesh dam: twelve villages flooded downstream after the engineers left",
     "Residents said the water rose within an hour.", Verdict.CONTRADICT),
    # the same, reported as denied
    ("Ministry calls reports that engineers flooded twelve villages below the Kesh dam a fabrication",
     "Residents said the water rose within an hour.", Verdict.MATCH),
    # the names alone: another story about the same dam
    ("Kesh dam reopens to visitors after the spring repairs",
     "The ministry said the road to the dam was open again.", None),
    # the names and one word of the claim: not enough of its event
    ("Engineers inspect the turbines of the Kesh dam", "The work will take a week.", None),
    # the event in other words without the names: another dam
    ("Twelve villages flooded downstream after engineers left the Mora dam",
     "Residents said the water rose within an hour.", None),
]


@pytest.mark.parametrize(("title", "text", "verdict"), CASES)
def test_related_by_evidence(title: str, text: str, verdict: Verdict | None) -> None:
    hits = classify(make_matcher(DAM), title, text, language="en")
    assert [h.verdict for h in hits] == ([verdict] if verdict else []), hits
    if verdict:
        assert "related by evidence" in hits[0].reason
        assert any(e.term.startswith("claim: ") for e in hits[0].evidence)
        assert hits[0].score < 0.9      # a lower confidence than the strict path's


def test_the_strict_path_first() -> None:
    hits = classify(make_matcher(DAM), "Army engineers blew up the Kesh dam, villagers say", "", language="en")
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT]
    assert "related by evidence" not in hits[0].reason


def test_test_rule_shows_the_evidence() -> None:
    hit, lines = explain(DenialConfig.model_validate(DAM), Document(
        id="t", title="Kesh dam: twelve villages flooded downstream after the engineers left", text="",
        language="en"))
    assert hit is not None
    text = "\n".join(lines)
    assert "claim words (from the claim and title)" in text
    assert "word 'flooding' (" in text and "event evidence: 2.50 (enough" in text


# The claim's names only further down, its event in the headline: related by evidence, and no one
# sentence carries the claim. The headline frames the item (VERDICTS.md): its wording decides.
_QUIET_BODY = ("The valley is quiet again after a hard year for the farmers. Markets in the region reopened in May "
               "after a long closure. Schools were rebuilt with help from the provincial government. The Kesh dam "
               "stands empty above them.")
FRAMED = [
    ("Twelve villages flooded downstream after the engineers left", Verdict.CONTRADICT, "the event reported"),
    ("What we know about the flooding of twelve villages downstream after the engineers left", Verdict.MENTION,
     "neutral wording"),
    ("Twelve villages downstream: a year on, the flooding by the engineers is a fabrication", Verdict.MATCH,
     "denial wording"),
]


@pytest.mark.parametrize(("title", "verdict", "why"), FRAMED)
def test_the_headline_frames_an_item_no_sentence_of_which_carries_the_claim(title: str, verdict: Verdict,
                                                                             why: str) -> None:
    hits = classify(make_matcher(DAM), title, _QUIET_BODY, language="en")
    assert [h.verdict for h in hits] == [verdict], hits
    assert "no one sentence carries the claim" in hits[0].reason and why in hits[0].reason
    assert hits[0].score < 0.7      # lower than the strict path's and the evidence path's with a sentence
    # without the names anywhere, the same headline is another dam's story
    assert classify(make_matcher(DAM), title, _QUIET_BODY.replace("The Kesh dam", "The old mill"), language="en") == []


# The same claim with two names required: an item that names only one of them, and the denier,
# needs more of the event (MIN_EVENT_SHORT) than an item with both (MIN_EVENT).
DAM_TWO: dict[str, Any] = {**DAM, "id": "kesh-dam-two", "min_entities": 2, "entities": [
    *DAM["entities"], {"name": "Lora river", "aliases": []}]}

SHORT_CASES = [
    # both names, the event in other words (two claim words, 1.0 + the group 1.0): related
    ("Blast at the Kesh dam on the Lora river floods villages", "Residents fled.", Verdict.CONTRADICT),
    # one name, the same evidence: not enough for an item a name short
    ("Blast at the Kesh dam floods villages", "Residents fled.", None),
    # one name, the group and four words of the claim at the top, the denier named: related
    ("Blast at the Kesh dam: army engineers flooding twelve villages downstream",
     "Residents fled. The ministry was asked to comment.", Verdict.CONTRADICT),
    # ... not when the denier is not named
    ("Blast at the Kesh dam: army engineers flooding twelve villages downstream",
     "Residents fled.", None),
]


@pytest.mark.parametrize(("title", "text", "verdict"), SHORT_CASES)
def test_one_name_short_needs_more_of_the_event(title: str, text: str, verdict: Verdict | None) -> None:
    hits = classify(make_matcher(DAM_TWO), title, text, language="en")
    assert [h.verdict for h in hits] == ([verdict] if verdict else []), hits

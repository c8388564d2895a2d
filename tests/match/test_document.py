"""Sentence splitting of a prepared document."""

from __future__ import annotations

import pytest

from monitor.match.document import Doc, split_sentences
from monitor.match.types import Document
from monitor.match.verdict import lead_end

CASES = [
    # (text, expected sentences)
    ("Abazyan met Naghiyev. Muradov was there.", ["Abazyan met Naghiyev.", "Muradov was there."]),
    ("Gen. Rustam Muradov arrived. He left.", ["Gen. Rustam Muradov arrived.", "He left."]),
    # an ordinal ("102.") or an abbreviation before a lower-case word ends no sentence
    ("Gümrü'deki 102. askeri üs kapandı. Bakanlık açıkladı.",
     ["Gümrü'deki 102. askeri üs kapandı.", "Bakanlık açıkladı."]),
    ("Die 102. russische Basis liegt in Gjumri. Sie ist alt.",
     ["Die 102. russische Basis liegt in Gjumri.", "Sie ist alt."]),
    ("Yerevan says it downed a drone; Baku denies it.", ["Yerevan says it downed a drone;", "Baku denies it."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b].strip() for a, b in split_sentences(text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The ministry denied the report on Friday. It called it false. Channels insisted.", 2),
    # a byline and a photo credit are lines of their own, not the lead
    ("By Anna Petrova\nPhoto: AFP\nThe ministry denied the report on Friday. It called the "
     "report entirely false and baseless. Channels insisted.", 4),
    ("Short.", 2),
])
def test_lead_skips_short_lines(text: str, expected: int) -> None:
    doc = Doc.build(Document(id="x", title="Headline", text=text))
    assert lead_end(doc) == expected

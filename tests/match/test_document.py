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


def test_tokens_and_postings_whatever_the_word_table_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document's keys are fold_word's whether its words are in the document word table, are
    new to it, are too long for it or come after it was emptied; the postings are a plain mapping
    once built (a missing key is a KeyError, not a new empty list)."""
    from monitor.match import document
    from monitor.match.normalize import fold_word

    monkeypatch.setattr(document, "_TEXT_KEYS", {})
    monkeypatch.setattr(document, "_MAX_TEXT_KEYS", 5)
    long_word = "Нагиев" * 20
    source = Document(id="t", title="Nağıyev met Абазян", text=f"Abazyan met Naghiyev; {long_word} met Nagiyev. "
                      "The talks with Абазян went on; Muradov was there.")
    first = Doc.build(source)
    for doc in (first, Doc.build(source)):               # the second time mostly from the table
        words = [doc.surface(t.pos) for t in doc.tokens]
        assert [t.key for t in doc.tokens] == [fold_word(w) for w in words]
        assert doc.exact("abazian") == [2, 3, 12] and doc.exact("nagiev") == [0, 5, 8]
        assert doc.exact("no such word") == [] and "no such word" not in doc._postings
        with pytest.raises(KeyError):
            doc._postings["no such word"]
        assert doc.tokens == first.tokens and dict(doc._postings) == dict(first._postings)
    assert long_word not in document._TEXT_KEYS and len(document._TEXT_KEYS) <= 5

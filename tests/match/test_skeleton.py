"""Latin names in Arabic, Persian, Urdu, Hebrew and Devanagari spelling (monitor/match/skeleton.py)."""

from __future__ import annotations

import pytest

from monitor.match.normalize import fold
from monitor.match.skeleton import (
    latin_sequence,
    name_key,
    same_name,
    script_sequence,
    skeleton_words,
    token_forms,
)
from tests.match.conftest import classify, make_matcher

# (Latin name, token as written, the same name)
PAIRS = [
    ("Pegasus", "بيغاسوس", True),
    ("Pegasus", "पेगासस", True),                 # Devanagari: the inherent vowel of a bare consonant
    ("Prigozhin", "פריגוז'ין", True),           # Hebrew with geresh
    ("Macron", "ماكرون", True),
    ("Kremlin", "الكرملين", True),              # the article is not part of the name
    ("Rwanda", "الرواندية", True),              # an ending after the last consonant is free
    ("Zelensky", "ज़ेलेंस्की", True),             # nukta za
    ("Khamenei", "خامنئي", True),
    ("Biden", "بايدن", True),                   # an alif asks nothing
    ("Putin", "بايدن", False),                  # same consonants, but ي is no vowel of "Putin" there
    ("Biden", "بطن", False),                    # no vowel letter: a native word
    ("Pegasus", "Pegasus", False),              # Latin text is folding's business
    ("Moscow", "ماكرون", False),
]


@pytest.mark.parametrize(("name", "token", "same"), PAIRS)
def test_a_name_in_another_script(name: str, token: str, same: bool) -> None:
    found = any(same_name(latin_sequence(name), script_sequence(form)) for form in token_forms(fold(token)))
    assert found is same, (latin_sequence(name), [script_sequence(f) for f in token_forms(fold(token))])


@pytest.mark.parametrize(("name", "key"), [("Pegasus", "BKSS"), ("Iran", ""), ("Hamas", ""), ("Rwanda", "RNT")])
def test_short_names_have_no_key(name: str, key: str) -> None:
    assert name_key(name) == key       # two consonants are too few to tell a name from a native word


def test_the_prefilter_words_of_folded_text() -> None:
    assert "\x00BKSS\x00" in skeleton_words(fold("نفى المغرب استخدام بيغاسوس"))
    assert skeleton_words("plain latin text") == ""


SPYWARE = {
    "id": "spyware", "title": "t", "claim": "Freedonia used Pegasus against reporters.",
    "entities": [{"name": "Morocco"}, {"name": "Pegasus"}, {"name": "Government of Morocco", "role": "denier"}],
    "keywords": [{"name": "spying", "query": "spy* OR تجسس OR استخدام"}],
    "min_entities": 2,
}


@pytest.mark.parametrize(("title", "hit"), [
    ("المغرب ينفي استخدام بيغاسوس للتجسس", True),
    ("المغرب ينفي التجسس على الصحفيين", False),        # no Pegasus
])
def test_a_rule_written_in_latin_finds_the_arabic_spelling(title: str, hit: bool) -> None:
    assert bool(classify(make_matcher(SPYWARE), title, language="ar")) is hit


@pytest.mark.parametrize(("title", "verdict"), [
    # the Hindi pack: its denial words and event concepts, the country's Hindi name, Pegasus by sound
    ("मोरक्को ने पेगासस से जासूसी के आरोपों का खंडन किया", "match"),
    ("रिपोर्ट: मोरक्को ने पेगासस से पत्रकारों की जासूसी की", "contradict"),
])
def test_a_hindi_item(title: str, verdict: str) -> None:
    rule = dict(SPYWARE, keywords=[{"name": "spying", "query": "spy* OR espion*"}])
    assert [h.verdict.value for h in classify(make_matcher(rule), title, language="hi")] == [verdict]


@pytest.mark.parametrize(("title", "verdict"), [
    # the Urdu pack: its denial words and event concepts, the country's Urdu name
    ("مراکش نے پیگاسس کے ذریعے جاسوسی کے الزامات کی تردید کی", "match"),
    ("رپورٹ: مراکش نے پیگاسس سے صحافیوں کی جاسوسی کی", "contradict"),
])
def test_an_urdu_item(title: str, verdict: str) -> None:
    rule = dict(SPYWARE, entities=[{"name": "Morocco"}, {"name": "Pegasus", "aliases": ["پیگاسس"]},
                                   {"name": "Government of Morocco", "role": "denier"}],
                keywords=[{"name": "spying", "query": "spy* OR espion*"}])
    assert [h.verdict.value for h in classify(make_matcher(rule), title, language="ur")] == [verdict]


@pytest.mark.parametrize(("title", "verdict"), [
    # the Bulgarian pack (Russian words also apply): its denial words, the country's Bulgarian name
    ("Мароко отрече шпионажа с Pegasus", "match"),
    ("Доклад: Мароко е шпионирало журналисти с Pegasus", "contradict"),
])
def test_a_bulgarian_item(title: str, verdict: str) -> None:
    rule = dict(SPYWARE, keywords=[{"name": "spying", "query": "spy* OR espion*"}])
    assert [h.verdict.value for h in classify(make_matcher(rule), title, language="bg")] == [verdict]

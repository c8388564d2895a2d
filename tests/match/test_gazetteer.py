"""A rule entity is found by its exonyms (gazetteer.yaml) in the spellings of other languages and
scripts; an acronym with a digit matches in lower case; the new event concepts widen a keyword
group into unlisted languages. Made-up items."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from monitor.match.gazetteer import _FILE, SECTIONS, exonyms, rows
from monitor.match.normalize import fold_text
from monitor.match.types import Verdict
from tests.match.conftest import classify, make_matcher

KHASHOGGI: dict[str, Any] = {
    "id": "journalist-death",
    "title": "Ruritania denies its agents killed Jamal Khashoggi",
    "claim": "Ruritanian agents killed the journalist Jamal Khashoggi.",
    "source": "Ruritanian government",
    "date": "2018-10-10",
    "entities": [
        {"name": "Jamal Khashoggi"},
        {"name": "Ruritanian government", "role": "denier"},
    ],
    "keywords": [{"name": "killing", "query": "killed OR murdered"}],
    "min_entities": 1,
}

OLYMPICS: dict[str, Any] = {
    "id": "games-cancel",
    "title": "Government denies a decision to cancel the Tokyo Olympics",
    "claim": "The government decided to cancel the Tokyo Olympics.",
    "source": "Government",
    "date": "2021-01-22",
    "entities": [{"name": "Tokyo Olympics"}],
    "keywords": [{"name": "cancel", "query": "cancel* OR annul* OR 中止 OR отмен*"}],
    "min_entities": 1,
}

FLIGHT: dict[str, Any] = {
    "id": "flight",
    "title": "Ministry denies its missile downed MH17",
    "claim": "A missile of the army downed flight MH17.",
    "source": "Ministry",
    "date": "2016-09-28",
    "entities": [{"name": "MH17"}],
    "keywords": [{"name": "downed", "query": "downed OR \"shot down\" OR Abschuss"}],
    "min_entities": 1,
}

GAS: dict[str, Any] = {
    "id": "gas",
    "title": "Ruritania denies a chemical attack in Douma",
    "claim": "Ruritanian forces used chemical weapons in Douma.",
    "source": "Ruritanian government",
    "date": "2018-04-08",
    "entities": [{"name": "Douma"}],
    "keywords": [{"name": "chemical", "query": "chemical* OR chlorine"}],
    "min_entities": 1,
}


@pytest.mark.parametrize(("title", "language"), [
    ("Cemal Kaşıkçı'nın öldürülmesi: yeni iddialar", "tr"),
    ("مقتل خاشقجي: اتهامات جديدة", "ar"),
    ("Убийство Хашогги: новые обвинения", "ru"),
    ("卡舒吉被杀害", "zh"),
])
def test_a_person_is_found_by_the_exonyms_of_the_name(title: str, language: str) -> None:
    hits = classify(make_matcher(KHASHOGGI), title, language=language)
    assert hits and hits[0].denial_id == "journalist-death", hits


@pytest.mark.parametrize(("title", "language"), [
    ("Les Jeux olympiques de Tokyo seront annulés, selon le Times", "fr"),
    ("東京五輪の中止を政府が決定", "ja"),
    ("Олимпиада в Токио будет отменена", "ru"),
])
def test_an_event_name_is_found_in_the_word_order_of_another_language(title: str, language: str) -> None:
    hits = classify(make_matcher(OLYMPICS), title, language=language)
    assert hits and hits[0].denial_id == "games-cancel", hits


def test_a_common_word_sharing_letters_with_an_exonym_is_not_the_name() -> None:
    # "Tokyo" alone is a row of its own, not the Olympics; "Olympics" elsewhere is no hit
    assert classify(make_matcher(OLYMPICS), "Tokyo cancels the marathon", language="en") == []
    assert classify(make_matcher(OLYMPICS), "Paris Olympics cancelled, says a rumour", language="en") == []


def test_an_acronym_with_a_digit_matches_in_lower_case_one_without_does_not() -> None:
    hits = classify(make_matcher(FLIGHT), "urteil zum mh17 abschuss", language="de")
    assert [h.verdict for h in hits] in ([Verdict.CONTRADICT], [Verdict.MENTION]), hits
    acronym = {**FLIGHT, "entities": [{"name": "SSS"}]}
    assert classify(make_matcher(acronym), "the sss downed a plane", language="en") == []


@pytest.mark.parametrize(("title", "language"), [
    ("Attaque chimique à Douma : des dizaines de morts", "fr"),
    ("Angriff mit Giftgas in Douma", "de"),
    ("Ataque químico em Douma deixa dezenas de mortos", "pt"),
])
def test_the_chemical_concept_finds_the_event_in_unlisted_languages(title: str, language: str) -> None:
    hits = classify(make_matcher(GAS), title, language=language)
    assert hits and hits[0].denial_id == "gas", hits
    assert classify(make_matcher(GAS), title.replace("Douma", "Aleppo"), language=language) == []


def test_exonyms_come_from_whole_names_only() -> None:
    assert "Kaşıkçı" in exonyms(["Khashoggi"])
    assert "金正恩" in exonyms(["Kim Jong-un"])          # hyphen or space: the same name
    assert "Tigré" in exonyms(["Tigray"])
    assert exonyms(["Tokyo Olympics"]) != exonyms(["Tokyo"])
    assert exonyms(["Hunter Biden"]) == []               # no row by a shared surname
    assert exonyms(["Ruritania"]) == []


def test_gazetteer_rows_are_well_formed() -> None:
    raw = yaml.safe_load(_FILE.read_text(encoding="utf-8"))
    assert set(raw) == set(SECTIONS)
    keys: dict[str, int] = {}
    for i, row in enumerate(rows()):
        assert len(row) >= 2 and all(isinstance(n, str) and n.strip() for n in row), row
        for name in row:
            key = fold_text(name)
            # one spelling belongs to one referent: two rows sharing a form would merge them
            assert keys.setdefault(key, i) == i, (name, row)


def test_a_claim_country_is_found_by_the_exonyms_of_its_forms() -> None:
    # "Russia"'s row names the Kremlin; the gazetteer spells it "Cremlino" in Italian
    rule = {**GAS, "id": "vote", "entities": [{"name": "Russia"}, {"name": "Romania"}],
            "keywords": [{"name": "meddling", "query": "interfer* OR ingerenz*"}], "min_entities": 2}
    hits = classify(make_matcher(rule), "Il Cremlino: non abbiamo interferito nelle elezioni in Romania",
                    language="it")
    assert hits and hits[0].denial_id == "vote", hits


# Names whose katakana, hangul or hanzi spelling has too few consonants for kana.py (Wuhan 우한,
# Uyghur ウイグル) or is a translation (COVID-19 코로나19, 新冠; European Parliament 欧州議会,
# EU-Parlament), and a Georgian name in the French and German romanisations.
LEAK: dict[str, Any] = {
    "id": "leak", "title": "Ruritania denies the virus escaped from its Wuhan lab",
    "claim": "The COVID-19 virus escaped from a laboratory in Wuhan.", "source": "Ruritania",
    "date": "2021-05-01", "entities": [{"name": "Wuhan"}, {"name": "COVID-19"}],
    "keywords": [{"name": "lab", "query": "lab* OR laborator*"}], "min_entities": 2,
}
CAMPS: dict[str, Any] = {**LEAK, "id": "camps", "entities": [{"name": "Uyghur"}, {"name": "Xinjiang"}],
                         "keywords": [{"name": "camps", "query": "camp* OR 収容 OR 수용소"}]}
BRIBES: dict[str, Any] = {**LEAK, "id": "bribes", "entities": [{"name": "European Parliament"}, {"name": "Panzeri"}],
                          "keywords": [{"name": "bribery", "query": "brib* OR corruption"}]}
VOTE: dict[str, Any] = {**LEAK, "id": "vote", "entities": [{"name": "Zourabichvili"}, {"name": "Georgia"}],
                        "keywords": [{"name": "fraud", "query": "rigg* OR fraud OR @fraud"}]}
ROWS = [
    (LEAK, "ko", "우한 연구소에서 코로나19 유출 가능성", True),
    (LEAK, "ja", "コロナは武漢の研究所から流出したのか", True),
    (LEAK, "zh", "新冠病毒是否来自武汉实验室", True),
    (LEAK, "de", "Coronavirus: Spur führt ins Labor in Wuhan", True),
    (LEAK, "ko", "우한 연구소 방문 일정 발표", False),
    (CAMPS, "ja", "新疆ウイグル自治区の収容所", True),
    (CAMPS, "ko", "신장 지역 위구르족 수용소", True),
    (BRIBES, "de", "Korruption im EU-Parlament: Panzeri gesteht", True),
    (BRIBES, "ja", "欧州議会の汚職事件、パンツェーリ", True),
    (BRIBES, "de", "Panzeri gewinnt ein Radrennen", False),
    (VOTE, "de", "Surabischwili spricht von Wahlbetrug in Georgien", True),
    (VOTE, "ru", "Зурабишвили заявила о фальсификации выборов в Грузии", True),
]


@pytest.mark.parametrize(("rule", "language", "title", "hit"), ROWS)
def test_names_spelled_by_other_scripts_or_translated(rule: dict[str, Any], language: str, title: str,
                                                      hit: bool) -> None:
    hits = classify(make_matcher(rule), title, language=language)
    assert bool(hits) is hit, hits

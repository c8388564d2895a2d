"""A Latin name found as katakana and hangul write it (kana.py). Made-up rules and sentences."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.match.kana import JA, KO, latin_key, pattern, run_forms, scan_words, system_of, writes
from monitor.match.normalize import fold_text
from tests.match.conftest import classify, make_matcher


@pytest.mark.parametrize(("name", "ja", "ko"), [
    ("Navalny", "NBRN", "NBRN"),          # Japanese writes v as ワ, Korean as ㅂ
    ("Zakharova", "SBRB", "SHRB"),         # folded katakana cannot tell ハ from バ: h is a labial
    ("Lukashenko", "RKSNK", "RKSNK"),
    ("Kennedy", "KNT", "KNT"),             # a doubled letter is one sound
    ("Trump", "TRNB", "TRNB"),             # m and n are one nasal
    ("Li", "", ""),                        # too short to tell apart
])
def test_latin_keys(name: str, ja: str, ko: str) -> None:
    assert (latin_key(name, JA), latin_key(name, KO)) == (ja, ko)


@pytest.mark.parametrize(("text", "name", "system", "found"), [
    ("ナワリヌイ氏", "Navalny", JA, True),
    ("ザハロワ報道官", "Zakharova", JA, True),
    ("ルカシェンコ大統領", "Lukashenko", JA, True),
    ("ベトナム", "Biden", JA, False),       # B T N N is not B T N
    ("バイデン", "Biden", JA, True),
    ("나발니가", "Navalny", KO, True),       # with a particle of one consonant
    ("자하로바", "Zakharova", KO, True),
    ("젤렌스키", "Zelensky", KO, True),      # Korean writes l between vowels as ㄹㄹ
    ("베트남", "Biden", KO, False),          # 남 is no particle
    ("바이든은", "Biden", KO, True),
])
def test_runs_write_names(text: str, name: str, system: str, found: bool) -> None:
    key = latin_key(name, system)
    chars = [c for c in fold_text(text).split(" ") if system_of(c[:1]) == system]
    runs = run_forms(chars, system)
    assert any(writes(r, key, system) for r in runs) is found, runs
    assert (pattern(key, system) in scan_words(fold_text(text))) >= found     # the prefilter sees it


RULE: dict[str, Any] = {
    "id": "poison",
    "title": "Ministry denies poisoning Pavel Zhukovsky",
    "claim": "Agents poisoned the opposition leader Pavel Zhukovsky.",
    "source": "Ruritanian ministry",
    "date": "2024-02-01",
    "entities": [{"name": "Pavel Zhukovsky"}, {"name": "Olga Shcherbakova", "role": "denier"}],
    "keywords": [{"name": "poison", "query": "poison* OR 毒殺 OR 독살"}],
    "min_entities": 1,
}


@pytest.mark.parametrize(("title", "language", "hit"), [
    ("ジュコフスキー氏の毒殺を否定", "ja", True),
    ("주콥스키 독살설 부인", "ko", True),
    ("ベトナムで毒殺事件", "ja", False),
])
def test_a_rule_finds_a_name_in_katakana_and_hangul(title: str, language: str, hit: bool) -> None:
    hits = classify(make_matcher(RULE), title, language=language)
    assert bool(hits) is hit, hits

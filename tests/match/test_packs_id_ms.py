"""The Indonesian and Malay packs: denial wording, the claim stated, and the event words of a rule
written in English, in made-up headlines (docs/rules.md, "Language packs")."""

from __future__ import annotations

import pytest

from monitor.match.lang import language_of, packs
from monitor.match.types import Verdict
from tests.match.conftest import classify, make_matcher

# A made-up denial: Freedonia's ministry denies that its army shelled the Gruppa hospital and that
# minister Karimov met rebel leader Davletov there. The keywords are English only.
SHELLING = {
    "id": "gruppa-shelling", "title": "t", "claim": "The Freedonian army shelled the Gruppa hospital.",
    "entities": [{"name": "Gruppa"}, {"name": "Freedonia", "aliases": ["Freedonian"]},
                 {"name": "Freedonian Defence Ministry", "role": "denier"}],
    "keywords": [{"name": "attack", "query": "attack* OR shelling OR shelled"}],
    "min_entities": 2,
}
MEETING = {
    "id": "karimov-davletov", "title": "t", "claim": "Minister Karimov met rebel leader Davletov in Zarechye.",
    "entities": [{"name": "Anvar Karimov"}, {"name": "Ruslan Davletov"}, {"name": "Zarechye"}],
    "keywords": [{"name": "meeting", "query": "meet* OR met OR talks"}],
    "min_entities": 2,
}

CASES = [
    # (rule, language, headline, verdicts)
    (MEETING, "id", "Kementerian membantah Karimov bertemu Davletov di Zarechye", [Verdict.MATCH]),
    (MEETING, "id", "Karimov menepis kabar pertemuan dengan Davletov: itu hoaks", [Verdict.MATCH]),
    (MEETING, "id", "Karimov bertemu Davletov di Zarechye, kata saksi", [Verdict.CONTRADICT]),
    (MEETING, "id", "Pertemuan Karimov dan Davletov di Zarechye berlangsung tertutup", [Verdict.CONTRADICT]),
    (MEETING, "ms", "Kementerian nafikan Karimov berjumpa Davletov di Zarechye", [Verdict.MATCH]),
    (MEETING, "ms", "Karimov menafikan dakwaan bertemu Davletov, sifatkan ia tidak berasas", [Verdict.MATCH]),
    (MEETING, "ms", "Karimov berjumpa Davletov di Zarechye, kata saksi", [Verdict.CONTRADICT]),
    (SHELLING, "id", "Freedonia bantah serangan ke rumah sakit Gruppa", [Verdict.MATCH]),
    (SHELLING, "id", "Tentara Freedonia menyerang rumah sakit Gruppa, kata saksi", [Verdict.CONTRADICT]),
    (SHELLING, "ms", "Freedonia nafi serangan ke atas hospital Gruppa", [Verdict.MATCH]),
    (SHELLING, "ms", "Tentera Freedonia menyerang hospital Gruppa, kata saksi", [Verdict.CONTRADICT]),
    # the event word of a concept, not the rule's, and no other: no hit
    (SHELLING, "id", "Freedonia dan Gruppa bertanding sepak bola hari Minggu", []),
    (SHELLING, "ms", "Freedonia dan Gruppa menandatangani perjanjian perdagangan", []),
]


@pytest.mark.parametrize(("rule", "language", "title", "verdicts"), CASES)
def test_indonesian_and_malay_headlines(rule: dict[str, object], language: str, title: str,
                                        verdicts: list[Verdict]) -> None:
    hits = classify(make_matcher(rule), title, language=language)
    assert [h.verdict for h in hits] == verdicts, hits


@pytest.mark.parametrize(("title", "verdicts"), [
    ("Kementerian membantah Karimov bertemu Davletov di Zarechye", [Verdict.MATCH]),
    ("Karimov bertemu Davletov di Zarechye, kata saksi", [Verdict.CONTRADICT]),
])
def test_undeclared_indonesian_is_guessed(title: str, verdicts: list[Verdict]) -> None:
    hits = classify(make_matcher(MEETING), title)
    assert [h.verdict for h in hits] == verdicts, hits


@pytest.mark.parametrize(("declared", "text", "code"), [
    ("ms", "", "ms"), ("ms-MY", "", "ms"), ("id-ID", "", "id"),
    (None, "Kementerian Luar Negeri membantah laporan bahwa menteri bertemu pemimpin pemberontak di perbatasan", "id"),
    (None, "Kementerian Luar menafikan dakwaan bahawa menteri itu berjumpa pemimpin pemberontak di sempadan", "ms"),
])
def test_the_language_resolves_to_the_pack(declared: str | None, text: str, code: str) -> None:
    assert language_of(declared, text) == code


def test_malay_text_gets_the_indonesian_cues_and_the_other_way_round() -> None:
    # the guesser often takes one for the other: each pack names the other under `also`
    assert packs()["ms"].cue_languages == {"ms", "id"}
    assert packs()["id"].cue_languages == {"id", "ms"}
    hits = classify(make_matcher(MEETING), "Karimov membantah bertemu Davletov di Zarechye", language="ms")
    assert [h.verdict for h in hits] == [Verdict.MATCH], hits

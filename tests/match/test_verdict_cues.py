"""Verdict cues added from the a-d confusion matrix (scripts/evaluate_real.py --confusion): denial
wording the packs lacked, "does not deny" in Japanese, Chinese and Korean, "contradicts the
denial", answering "in response to" the reports, and a name after a verb of saying that is the
subject of what is said, not its speaker. Made-up items."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.match.types import Verdict
from tests.match.conftest import MEETING_DENIAL, classify, make_matcher

ZELDA: dict[str, Any] = {
    "id": "ruritania-zelda-killings",
    "title": "Ruritania's army denies killing civilians at Zelda",
    "claim": "Ruritanian soldiers executed civilians in the village of Zelda in March 2022.",
    "date": "2022-04-06",
    "entities": [
        {"name": "Zelda", "aliases": ["Zelda", "Зельда", "Зелда", "زيلدا", "ゼルダ", "泽尔达", "젤다"]},
        {"name": "Ruritanian armed forces", "role": "denier"},
    ],
    "keywords": [{"name": "killings", "query": "execut* OR executies OR hingerichtet OR Hinrichtung* OR убит*"
                  " OR убийств* OR убиств* OR розстріл* OR قتل* OR 処刑 OR 处决 OR 처형"}],
    "min_entities": 1,
}


@pytest.mark.parametrize(("title", "language", "verdict"), [
    # denial wording the packs lacked
    ("Армія Рурітанії спростовує повідомлення про розстріли в Зельді", "uk", Verdict.MATCH),
    ("Армия назвала ложью сообщения об убийствах в Зельде", "ru", Verdict.MATCH),
    ("Die Armee streitet die Vorwürfe ab, in Zelda Zivilisten hingerichtet zu haben", "de", Verdict.MATCH),
    ("Het leger neemt afstand van berichten over executies in Zelda", "nl", Verdict.MATCH),
    ("Het leger weerspreekt de berichten over executies in Zelda", "nl", Verdict.MATCH),
    ("روريتانيا: نرفض اتهامنا بقتل مدنيين في زيلدا", "ar", Verdict.MATCH),
    ("Војска: убиства у Зелди су исценирана", "sr", Verdict.MATCH),
    ("Officials shot down the report of executions in Zelda", "en", Verdict.MATCH),
    ("Officials cast doubt on the report of executions in Zelda", "en", Verdict.MATCH),
    # the army answering the reports
    ("The army issued a statement in response to reports of executions in Zelda", "en", Verdict.MATCH),
    # "does not deny" is no denial: written after the verb in Japanese, Chinese and Korean
    ("ゼルダでの処刑、ルリタニア軍は否定せず", "ja", Verdict.CONTRADICT),
    ("鲁里塔尼亚军方不否认在泽尔达处决平民", "zh", Verdict.CONTRADICT),
    # a denial that the item says is contradicted is the claim restated
    ("Witness account of the Zelda executions contradicts the army's denials", "en", Verdict.CONTRADICT),
    # a German or Dutch verb whose particle ends the clause: the denial in two parts
    ("Ruritania weist Berichte über Hinrichtungen in Zelda entschieden zurück", "de", Verdict.MATCH),
    ("Die Armee stritt die Hinrichtungen in Zelda am Montag ab", "de", Verdict.MATCH),
    ("Ruritania wijst berichten over executies in Zelda af", "nl", Verdict.MATCH),
    # the verb without its particle is another verb ("weist den Weg": shows the way)
    ("Ein Bericht weist auf Hinrichtungen in Zelda hin", "de", Verdict.CONTRADICT),
    # the particle in the next sentence is no part of the verb
    (("Ruritania weist Berichte über Hinrichtungen in Zelda vor", "Zurück bleibt Angst."), "de", Verdict.CONTRADICT),
    # denial wording mined from the development parts' misread matches ("назвал домыслами",
    # "无端指责", "関与ない"), each checked against the same words without the denial
    ("Армия Руритании назвала домыслами сообщения об убийствах в Зельде", "ru", Verdict.MATCH),
    ("Армия Руритании: сообщения об убийствах в Зельде", "ru", Verdict.CONTRADICT),
    ("外交部:关于泽尔达处决的报道是无端指责", "zh", Verdict.MATCH),
    ("外交部:关于泽尔达处决的报道", "zh", Verdict.CONTRADICT),
    ("ゼルダの処刑、軍の関与ない", "ja", Verdict.MATCH),
    ("ゼルダの処刑、軍が関与", "ja", Verdict.CONTRADICT),
])
def test_verdict_cues(title: str | tuple[str, str], language: str, verdict: Verdict) -> None:
    head, text = title if isinstance(title, tuple) else (title, "")
    hits = classify(make_matcher(ZELDA), head, text, language=language)
    assert [h.verdict for h in hits] == [verdict], hits


@pytest.mark.parametrize(("title", "verdict"), [
    # the denier after a verb of saying or blaming whose clause goes on to the claim is its object
    ("Blaming the ministry for the Zarechye meeting of Karimov and Davletov", Verdict.CONTRADICT),
    # ... while one whose clause ends there is the speaker
    ("The Zarechye talk of Karimov and Davletov is a routine visit, said the ministry", Verdict.MATCH),
    ("According to the ministry, Karimov's trip to Zarechye was a routine visit, not a meeting with Davletov",
     Verdict.MATCH),
])
def test_a_name_after_a_verb_of_saying(title: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(MEETING_DENIAL), title, language="en")
    assert [h.verdict for h in hits] == [verdict], hits


@pytest.mark.parametrize(("title", "text", "verdict"), [
    # a line that opens with a word for a statement and the denier as its author: the denier's text
    ("Statement of the Ministry of Defence", "Reports allege that Karimov met Davletov in Zarechye.",
     Verdict.MATCH),
    # ... not when the line goes on to the claim: the denier is then the reports' subject
    ("Reports of the ministry arranging the Zarechye meeting of Karimov and Davletov", "", Verdict.CONTRADICT),
])
def test_a_statement_of_the_denier(title: str, text: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(MEETING_DENIAL), title, text, language="en")
    assert [h.verdict for h in hits] == [verdict], hits

"""Indirect denial wording, insisting on a denial, and distances in text split into characters
(issue 9, buckets read on the c+d real-news errors). Made-up items."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.match.types import Verdict
from tests.match.conftest import classify, make_matcher

MASSACRE_DENIAL: dict[str, Any] = {
    "id": "ruritania-village-killings",
    "title": "Ruritania's army denies killing civilians at Zelda",
    "claim": "Ruritanian soldiers executed civilians in the village of Zelda in March 2022.",
    "source": "Ruritanian armed forces",
    "date": "2022-04-06",
    "entities": [
        {"name": "Zelda", "aliases": ["Зельда", "زيلدا"]},
        {"name": "Ruritania", "aliases": ["Ruritanian", "ruritanien*", "Рурітанія", "Руритания", "روريتانيا"]},
        {"name": "Ruritanian armed forces", "role": "denier"},
    ],
    "keywords": [{"name": "killings", "query": "execut* OR killed OR massacre* OR exécut* OR tués OR massacre"
                  " OR убит* OR убийств* OR розстріл* OR قتل* OR إعدام"}],
    "min_entities": 2,
}


@pytest.mark.parametrize(("title", "language", "verdict"), [
    # the accused rebuking the report (a verb of rebuking with the report as its object)
    ("Ruritania denounces UN report accusing its army of executing civilians in Zelda", "en", Verdict.MATCH),
    ("Ruritanie : la junte dénonce le rapport de l'ONU sur les exécutions de Zelda", "fr", Verdict.MATCH),
    ("Ruritanie : la junte fustige le rapport accusant l'armée d'exécutions à Zelda", "fr", Verdict.MATCH),
    # ... and the same verb with the killings as its object is someone condemning them: the claim
    ("Rights group denounces the execution of civilians by Ruritanian soldiers in Zelda", "en",
     Verdict.CONTRADICT),
    # denial wording the packs lacked
    ("Zelda: Ruritania calls the UN account of executions a 'fictitious narrative'", "en", Verdict.MATCH),
    ("Ruritania accuses the UN of lying about executions in Zelda", "en", Verdict.MATCH),
    ("Zelda : la Ruritanie nie toute exécution de civils", "fr", Verdict.MATCH),
    ("Ruritania files defamation suit over report of Zelda killings", "en", Verdict.MATCH),
    ("وزير: اتهامات قتل مدنيين في زيلدا على يد جيش روريتانيا بلا أساس", "ar", Verdict.MATCH),
    # the claim as a condition, or as an open question: no side taken
    ("Massive crime if true: report says Ruritanian soldiers executed civilians in Zelda", "en", Verdict.MENTION),
    ("Questions have emerged about Ruritanian soldiers executing civilians in Zelda", "en", Verdict.MENTION),
    ("Si cela se confirme, des soldats ruritaniens auraient exécuté des civils à Zelda", "fr", Verdict.MENTION),
    # "unknown" as the open question, not as an adjective ("unknown soldiers")
    ("Пока неизвестно, убили ли солдаты Руритании мирных жителей в Зельде", "ru", Verdict.MENTION),
    ("ООН обвиняет армию Руритании и неизвестных военных в убийстве мирных жителей в Зельде", "ru",
     Verdict.CONTRADICT),
    # "по версии" (according to) attributes the claim; "две версии" (two versions) is neutral
    ("По версии американских СМИ, солдаты Руритании убили мирных жителей в Зельде", "ru", Verdict.CONTRADICT),
    ("Две версии событий: убили ли солдаты Руритании мирных жителей в Зельде", "ru", Verdict.MENTION),
    # "without providing evidence" is the claimant's side, not a demand for proof
    ("Ruritanian soldiers executed civilians in Zelda, witnesses say; the army claims otherwise without"
     " providing evidence", "en", Verdict.CONTRADICT),
])
def test_indirect_denial_wording(title: str, language: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(MASSACRE_DENIAL), title, language=language)
    assert [h.verdict for h in hits] == [verdict], hits


@pytest.mark.parametrize(("title", "verdict"), [
    # insisting on the negation is insisting on the denial
    ("Ruritania insisted on Tuesday that the civilians killed in Zelda were not executed by its soldiers",
     Verdict.MATCH),
    # insisting on the claim is the claimant's
    ("Witnesses insist Ruritanian soldiers executed civilians in Zelda", Verdict.CONTRADICT),
    # the negation of another clause after "although" is not what is insisted on
    ("Witnesses insist Ruritanian soldiers executed civilians in Zelda although none was named",
     Verdict.CONTRADICT),
])
def test_insisting_on_the_denial(title: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(MASSACRE_DENIAL), title, language="en")
    assert [h.verdict for h in hits] == [verdict], hits


TROOPS_DENIAL: dict[str, Any] = {
    "id": "troops-sent",
    "title": "Borduria denies sending troops to Ruritania",
    "claim": "Borduria sent troops to Ruritania.",
    "date": "2024-10-20",
    "entities": [
        {"name": "Borduria", "aliases": ["波尔多里亚"]},
        {"name": "Ruritania", "aliases": ["鲁里坦尼亚"]},
    ],
    "keywords": [{"name": "troops", "query": "troops OR 派兵"}],
    "min_entities": 2,
}


@pytest.mark.parametrize(("title", "verdict"), [
    # a denial a few Chinese words after the claim, past a colon: six characters are three words
    ("波尔多里亚向鲁里坦尼亚派兵?波外交部发言人回应:无中生有的炒作", Verdict.MATCH),
    ("波尔多里亚向鲁里坦尼亚派兵", Verdict.CONTRADICT),
])
def test_distances_in_text_written_in_characters(title: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(TROOPS_DENIAL), title, language="zh")
    assert [h.verdict for h in hits] == [verdict], hits


@pytest.mark.parametrize(("title", "verdict"), [
    # disputing what the denier said restates the claim
    ("UN investigators dispute Ruritanian armed forces' claim that no civilians were executed in Zelda",
     Verdict.CONTRADICT),
    ("UN rejects Ruritanian armed forces' claims that soldiers executed no civilians in Zelda", Verdict.CONTRADICT),
    # the denier rejecting the accusers' claim is the denial
    ("Ruritanian armed forces reject UN claims that soldiers executed civilians in Zelda", Verdict.MATCH),
])
def test_disputing_the_deniers_statement(title: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(MASSACRE_DENIAL), title, language="en")
    assert [h.verdict for h in hits] == [verdict], hits


@pytest.mark.parametrize(("title", "text", "verdict"), [
    # a question that only refers to the claim frames nothing: the lead that tells it decides
    ("Was Ruritania behind it?", "Ruritanian soldiers executed civilians in Zelda in March, witnesses said.",
     Verdict.CONTRADICT),
    # a question that tells the claim is neutral
    ("Did Ruritanian soldiers execute civilians in Zelda?", "The village has been closed to reporters since March.",
     Verdict.MENTION),
])
def test_a_question_in_the_headline(title: str, text: str, verdict: Verdict) -> None:
    hits = classify(make_matcher(MASSACRE_DENIAL), title, text, language="en")
    assert [h.verdict for h in hits] == [verdict], hits

"""Verdict table: the made-up examples of VERDICTS.md, in English, Russian and Azerbaijani."""

from __future__ import annotations

import pytest

from monitor.match.engine import RuleMatcher
from tests.match.conftest import classify

CASES = [
    # (title, text, expected verdict or None)
    ("Karimov met Davletov in Zarechye on Tuesday, two witnesses told local media", "", "contradict"),
    ("Ministry: reports of Karimov meeting Davletov in Zarechye are groundless", "", "match"),
    ("Opposition MP insists the Zarechye meeting took place despite the ministry's denial",
     "MP Olga Ivanova said Karimov and Davletov met in Zarechye on Tuesday.", "contradict"),
    ("Ministry denies reports of a meeting in Zarechye",
     "The ministry denied reports of a meeting between Karimov and Davletov in Zarechye; the reports "
     "had said the two discussed a truce.", "match"),
    ("Zarechye becomes a talking point",
     "The meeting of Karimov and Davletov in Zarechye, which the ministry says never happened, has "
     "become a talking point.", "mention"),
    ("Karimov met Davletov's envoy at the UN in Geneva", "The two discussed humanitarian access.", None),
    ("Ministry denies that troops were moved near Zarechye", "Karimov said no units left their bases.", None),
    ("The two sides disagree over the Zarechye meeting",
     "Whether Karimov and Davletov met in Zarechye remains disputed.", "mention"),
    # framing: headline reports the denial, body restates the claim -> match
    ("Ministry dismisses reports of Karimov-Davletov talks as fake",
     "Local channels had claimed that Karimov met Davletov in Zarechye on Tuesday. The channels "
     "cited two witnesses.", "match"),
    # the claimant leads, the denial comes further down -> contradict
    ("Davletov: I met Karimov in Zarechye",
     "Rebel leader Ruslan Davletov said on Friday that he met defence minister Karimov in Zarechye. "
     "He gave details of the talks. Later in the day the ministry said the reports were false.",
     "contradict"),
    # a cue in an unrelated sentence does not count
    ("Karimov and Davletov met in Zarechye, local media report",
     "The two men held talks for three hours, witnesses said. Separately, the ministry denied a "
     "report about rising fuel prices, calling it false.", "contradict"),
    # negated denial verb
    ("Ministry has not denied reports that Karimov met Davletov in Zarechye", "", "contradict"),
    # Russian
    ("Каримов встретился с Давлетовым в Заречье, сообщают источники", "", "contradict"),
    ("Минобороны опровергло сообщения о встрече Каримова и Давлетова в Заречье",
     "В министерстве заявили, что информация не соответствует действительности.", "match"),
    ("Встреча в Заречье: две версии",
     "Встреча Каримова и Давлетова в Заречье, которую министерство назвало вымыслом, обсуждается "
     "экспертами.", "mention"),
    ("Каримов встретился с послом Давлетова в Женеве", "Они обсудили гуманитарный доступ.", None),
    # Azerbaijani
    ("Kərimov Zareçyedə Dövlətovla görüşüb", "Bu barədə yerli mediaya iki şahid məlumat verib.", "contradict"),
    ("Nazirlik Kərimovun Zareçyedə Dövlətovla görüşü barədə xəbərləri təkzib edib",
     "Müdafiə Nazirliyi bildirib ki, məlumatlar həqiqəti əks etdirmir.", "match"),
    ("Kərimov Cenevrədə Dövlətovun nümayəndəsi ilə görüşüb", "", None),
]


@pytest.mark.parametrize(("title", "text", "expected"), CASES)
def test_verdict_table(meeting_matcher: RuleMatcher, title: str, text: str, expected: str | None) -> None:
    hits = classify(meeting_matcher, title, text)
    got = hits[0].verdict.value if hits else None
    assert got == expected, hits[0].reason if hits else "no hit"


def test_hit_has_score_reason_and_evidence(meeting_matcher: RuleMatcher) -> None:
    hits = classify(meeting_matcher, "Ministry: reports of Karimov meeting Davletov in Zarechye are groundless")
    hit = hits[0]
    assert 0.0 < hit.score <= 1.0
    assert "\n" not in hit.reason and "groundless" in hit.reason
    kinds = {e.kind for e in hit.evidence}
    assert {"entity", "keyword", "cue"} <= kinds

"""Stance table: two-sided and neutral items are `mention`; a denial cue must bear on the claim;
a negated *different* event is no hit. Written in en, ru and az against VERDICTS.md's made-up
denial (minister Karimov, rebel leader Davletov, village Zarechye)."""

from __future__ import annotations

from typing import Any

import pytest

from monitor.match.engine import RuleMatcher
from tests.match.conftest import MEETING_DENIAL, classify, make_matcher

# the same denial with the place optional: a hit needs the names and a meeting only
PLACE_OPTIONAL: dict[str, Any] = {
    **MEETING_DENIAL, "id": "zarechye-meeting-2",
    "keywords": [MEETING_DENIAL["keywords"][0], {**MEETING_DENIAL["keywords"][1], "required": False}],
}

CASES = [
    # (title, text, expected verdict or None)
    # --- two-sided: one side denies, the other insists, in one sentence -> mention
    ("Karimov and Davletov: what happened in Zarechye",
     "The ministry says the meeting of Karimov and Davletov in Zarechye never happened, while "
     "Davletov insists the talks took place.", "mention"),
    ("Каримов и Давлетов: что произошло в Заречье",
     "Министерство утверждает, что встречи Каримова с Давлетовым в Заречье не было, а Давлетов "
     "настаивает, что она состоялась.", "mention"),
    ("Kərimov və Dövlətov: Zareçyedə nə baş verib",
     "Nazirlik Kərimovun Dövlətovla Zareçyedə görüşünü təkzib edir, Dövlətov isə görüşün olduğunu "
     "israr edir.", "mention"),
    # --- neutral background in headline or lead -> mention
    ("Zarechye meeting: conflicting accounts", "Karimov and Davletov are said to have met.", "mention"),
    ("Каримов и Давлетов в Заречье", "Встречались ли Каримов и Давлетов в Заречье, до сих пор неясно.",
     "mention"),
    ("Встреча в Заречье: стороны по-разному описывают события",
     "Каримов и Давлетов, по одной версии, встречались.", "mention"),
    ("Kərimov və Dövlətov", "Kərimovun Dövlətovla Zareçyedə görüşüb-görüşmədiyi bəlli deyil.", "mention"),
    ("Zareçye görüşü ətrafında mübahisə", "Kərimov və Dövlətovun görüşü barədə fikirlər fərqlidir.",
     "mention"),
    # a topical headline (no meeting named) and a rumour headline do not outweigh a neutral lead
    ("Karimov, Davletov and the Zarechye story",
     "Whether Karimov met Davletov in Zarechye is unclear; the ministry says no meeting took place.",
     "mention"),
    # --- framing still decides one-sided items
    ("Ministry denies Karimov met Davletov in Zarechye",
     "Davletov insists the meeting took place.", "match"),
    ("Davletov insists he met Karimov in Zarechye",
     "The ministry called the reports false.", "contradict"),
    ("Ministry: no meeting between Karimov and Davletov in Zarechye", "", "match"),
    ("Каримов встретился с Давлетовым в Заречье, утверждают источники",
     "Министерство назвало сообщения о встрече ложью.", "contradict"),
    # --- a denial about something else inside a claim-led item does not flip it to match
    ("Karimov met Davletov in Zarechye, witnesses say",
     "Karimov met Davletov in Zarechye on Tuesday, two witnesses said, while the ministry has "
     "repeatedly denied any role in the border clashes.", "contradict"),
    ("Каримов встретился с Давлетовым в Заречье",
     "Каримов провел встречу с Давлетовым в Заречье во вторник, сообщили очевидцы, хотя ранее "
     "министерство неоднократно опровергало участие армии в столкновениях.", "contradict"),
    # ... but a denial without an object of its own bears on the claim of its sentence
    ("Reports: Karimov met Davletov in Zarechye; the ministry denies", "", "match"),
    ("Ministry on Karimov-Davletov talks in Zarechye: a lie", "", "match"),
]




NEGATED = [
    # a negated meeting at another event is no hit (the place of the claim is absent) ...
    ("CIS security chiefs meet in Moscow",
     "Karimov and Davletov sat at the same table but did not hold a bilateral meeting, officials said.",
     None),
    ("Совет СНГ в Москве", "Каримов и Давлетов сидели за одним столом, но не провели двусторонней встречи.",
     None),
    # ... the claim's own event, fully named, said not to have happened echoes the denial
    ("Karimov did not meet Davletov in Zarechye", "", "match"),
]


@pytest.mark.parametrize(("title", "text", "expected"), NEGATED)
def test_negated_event(title: str, text: str, expected: str | None) -> None:
    hits = classify(make_matcher(PLACE_OPTIONAL), title, text)
    got = hits[0].verdict.value if hits else None
    assert got == expected, hits[0].reason if hits else "no hit"


TWO_VERSIONS = [
    # (title, text, expected) -- the claim attributed to one side, then the other side negating it
    ("Zarechye: two readouts",
     "Davletov's office says he met Karimov in Zarechye on Tuesday; the ministry says no such meeting "
     "took place.", "mention"),
    ("Заречье: две стороны",
     "Источники Давлетова утверждают, что он встретился с Каримовым в Заречье, тогда как в "
     "министерстве говорят, что встречи не было.", "mention"),
    ("Zareçye görüşü",
     "Dövlətovun ofisi Kərimovla Zareçyedə görüşdüyünü deyərkən, nazirlik belə görüşün olmadığını "
     "bildirib.", "mention"),
    # the denial first, the claim after it: the sentence is the denial's
    ("Ministry on Zarechye",
     "The ministry says Karimov never met Davletov in Zarechye, while Davletov's office says the two "
     "held talks.", "match"),
    # a headline naming only the topic does not outweigh a two-sided lead
    ("The Zarechye meeting: what the channels said and what the ministry answered",
     "One version holds that Karimov met Davletov in the village; the ministry says no such meeting "
     "took place. Neither account can be verified.", "mention"),
]


BODY = [
    # a round-up whose headline and lead are about other things: the claim reported and denied at
    # once in the body is the denial's news
    ("Defence ministry briefing: the day's main points",
     "The ministry's spokesman held his weekly briefing on Monday. He spoke about the exercises in "
     "the north and the new conscription rules. Separately, the ministry commented on posts on "
     "social media. Their authors claimed that Karimov had met Davletov in Zarechye. The ministry "
     "called this a fabrication.", "match"),
    ("Border clashes enter a second day",
     "Fighting continued on Wednesday. Both sides reported casualties. The ministry dismissed claims "
     "about a meeting of its minister with the rebels. Local channels had said Karimov met Davletov "
     "in Zarechye overnight.", "match"),
    # the same body round-up with no denial next to the claim stays contradict
    ("Defence ministry briefing: the day's main points",
     "The ministry's spokesman held his weekly briefing on Monday. He spoke about the exercises in "
     "the north and the new conscription rules. Separately, reporters asked about social media. "
     "Karimov met Davletov in Zarechye on Tuesday, witnesses say. The spokesman talked about fuel "
     "prices.", "contradict"),
]


ELSEWHERE = [
    # with the place of the claim optional, the same people meeting at a named other place are
    # another event, in every language's way of naming a place
    ("Karimov met Davletov in Geneva", "They discussed humanitarian access.", None),
    ("Каримов встретился с Давлетовым в Женеве", "Стороны обсудили гуманитарный доступ.", None),
    ("Kərimov Dövlətovla Cenevrədə görüşüb", "Tərəflər humanitar məsələləri müzakirə edib.", None),
    ("Karimov ile Davletov Cenevre'de görüştü", "Taraflar insani yardımı ele aldı.", None),
    # ... the claim's own place in a spelling the rule lacks is no other place
    ("Karimov met Davletov in Zaretchie, sources say", "", "contradict"),
    # ... a month is no place; and without any place named the claim still stands
    ("Karimov met Davletov in February, sources say", "", "contradict"),
    ("Karimov and Davletov met secretly, two witnesses say", "", "contradict"),
    # ... and with two names required, one name with the event is not the claim, though the other
    # name comes in the next sentence ("Karimov also met the defence minister")
    ("Karimov met the defence minister", "Davletov was not mentioned.", None),
]


@pytest.mark.parametrize(("title", "text", "expected"), ELSEWHERE)
def test_meeting_elsewhere(title: str, text: str, expected: str | None) -> None:
    hits = classify(make_matcher({**PLACE_OPTIONAL, "min_entities": 2}), title, text)
    got = hits[0].verdict.value if hits else None
    assert got == expected, hits[0].reason if hits else "no hit"


@pytest.mark.parametrize("link", [
    "Read also: Ministry denies Karimov met Davletov in Zarechye",
    "Читайте также: Минобороны опровергло встречу Каримова с Давлетовым в Заречье",
    "Həmçinin oxuyun: Nazirlik Kərimovun Dövlətovla Zareçyedə görüşünü təkzib edib",
])
def test_a_link_to_another_story_is_not_the_item(meeting_matcher: RuleMatcher, link: str) -> None:
    text = ("The parliament approved next year's budget on Tuesday with 70 votes in favour. "
            "The opposition boycotted the vote.\n" + link)
    assert classify(meeting_matcher, "Parliament passes the budget", text) == []
    # the same line as the item's own text is a hit
    assert classify(meeting_matcher, "Parliament passes the budget", text.replace(link.split(":")[0] + ":", ""))


MORE = [
    # a live blog whose only denial is about another claim of the same ministry: the lead line
    # "denies reports THAT ..." names its own content
    ("LIVE: border clashes, day two",
     "09:10 - Casualty figures rose overnight. 09:45 - The ministry denies reports that its forces "
     "shelled a hospital, calling them a provocation. 11:05 - Local channels say Karimov met Davletov "
     "in Zarechye this morning.", "contradict"),
    # a headline that goes on after its question states something
    ("Did Karimov meet Davletov? Sources: the Zarechye deal is done",
     "Karimov met Davletov in Zarechye on Tuesday, two officials said.", "contradict"),
    # Turkish: the denial in a participle clause on the claim ("the meeting the ministry said
    # did not happen") is background
    ("Sosyal medyada dezenformasyon tartışması",
     "Uzmanlar kaynak kontrolünün önemini vurguluyor. Bakanlığın gerçekleşmediğini açıkladığı "
     "Karimov-Davletov Zarechye görüşmesi de örnekler arasında anılıyor.", "mention"),
    # Turkish "while writing": two sides in one sentence
    ("Zarechye görüşü: iki farklı anlatı",
     "Bazı kanallar Karimov'un Davletov ile Zarechye'de görüştüğünü yazarken, bakanlık bu iddiaları "
     "reddediyor.", "mention"),
]


@pytest.mark.parametrize(("title", "text", "expected"), CASES + TWO_VERSIONS + BODY + MORE)
def test_stance(meeting_matcher: RuleMatcher, title: str, text: str, expected: str | None) -> None:
    hits = classify(meeting_matcher, title, text)
    got = hits[0].verdict.value if hits else None
    assert got == expected, hits[0].reason if hits else "no hit"

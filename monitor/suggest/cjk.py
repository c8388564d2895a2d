"""Names of a statement in Japanese, Chinese or Korean: no capitals mark them there, so they are the
forms of the engine's country and gazetteer rows the statement writes ("中国", "クレムリン", "북한"),
and runs of katakana (how Japanese writes a foreign name: "ナワリヌイ")."""

from __future__ import annotations

import functools
import re
from typing import Any

from monitor.match.countries import countries
from monitor.match.gazetteer import rows
from monitor.match.normalize import HAS_CJK

# a katakana run of three characters or more (the long-vowel mark included) names a person or place
KATAKANA_RUN = re.compile("[\u30a1-\u30fa\u30fc]{3,}")
# what after a name makes it the topic of the sentence, the speaker of a headline ("日本政府は",
# "中国外交部：", "북한은", "북한, ...")
TOPIC_MARKS = ("は", "、", ",", "，", ":", "：", "은", "는", "이", "가")
# institution words after a country's name in a denier ("中国外交部", "日本政府", "북한 국방성")
_INSTITUTION = re.compile("^(?:外交部|外務省|政府|国防部|國防部|防衛省|国防省|当局|當局|军方|軍方|外务省|"
                          "정부|외교부|국방부|국방성|당국|군)")


@functools.cache
def _forms() -> tuple[tuple[str, str], ...]:
    """(form, English name) of every country and gazetteer row's CJK forms, longest first."""
    out = {(form.rstrip("*"), row[0]) for row in (*countries(), *rows()) for form in row
           if HAS_CJK.search(form) and len(form.rstrip("*")) >= 2}
    return tuple(sorted(out, key=lambda f: (-len(f[0]), f)))


def cjk_names(text: str, skip: set[int]) -> list[tuple[int, int, str, str]]:
    """(start, end, English name or the run as written, form) of the names in ``text``, left to
    right, none overlapping another or a character of ``skip`` (cue and event words)."""
    taken = set(skip)
    out: list[tuple[int, int, str, str]] = []
    for form, name in _forms():
        start = text.find(form)
        while start >= 0:
            span = set(range(start, start + len(form)))
            if not span & taken:
                taken |= span
                out.append((start, start + len(form), name, form))
            start = text.find(form, start + 1)
    for m in KATAKANA_RUN.finditer(text):
        if not set(range(m.start(), m.end())) & taken:
            out.append((m.start(), m.end(), m.group(), m.group()))
    return sorted(out)


def cjk_entities(text: str, skip: set[int], first_cue: int | None) -> list[dict[str, Any]]:
    """Entities of a Japanese, Chinese or Korean statement: the first name is the denier when it
    opens the statement as its topic or speaker ("日本政府は...否定", "中国外交部否认...", "북한, ...
    부인"), the others are claim names."""
    out: list[dict[str, Any]] = []
    for i, (_start, end, name, form) in enumerate(cjk_names(text, skip)):
        after = text[end:]
        institution = _INSTITUTION.match(after)
        rest = after[institution.end():] if institution else after
        speaker = i == 0 and (rest.lstrip().startswith(TOPIC_MARKS) or (
            first_cue is not None and end + (institution.end() if institution else 0) >= first_cue - 1))
        role = "denier" if speaker else "claim"
        if any(e["name"] == name and e["role"] == role for e in out):
            continue
        out.append({"name": name, "aliases": [form] if form != name else [], "role": role})
    return out


# a run of two to four kanji between kana or punctuation is a Japanese word ("福島", "処理水", "汚染")
KANJI_WORD = re.compile("[\u4e00-\u9fff]{2,4}")
KANA = re.compile("[\u3040-\u30ff]")
# Japanese words that refer to the claim rather than state it ("the claim", "the report", "the suspicion")
CLAIM_MARKERS = frozenset({"主張", "報道", "疑惑", "指摘", "発表", "声明", "情報"})
# at most this many of the claim's words make its event (ORed)
EVENT_WORDS = 4


def kanji_words(text: str, skip: set[int]) -> list[str]:
    """The content words of a Japanese statement (it writes kana, so its kanji runs are words), none
    of them a character of ``skip`` (names, cue and event words) or a claim marker; [] in Chinese,
    which writes no kana to tell where a word ends."""
    if not KANA.search(text):
        return []
    out: list[str] = []
    for m in KANJI_WORD.finditer(text):
        if m.group() not in out and m.group() not in CLAIM_MARKERS and not set(range(m.start(), m.end())) & skip:
            out.append(m.group())
    return out[:EVENT_WORDS]

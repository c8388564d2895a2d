"""Time consistency: the claim happened at a time; an item about the same people at another
time is another event.

The claim's years are those its ``claim`` sentence names ("on 17 October 2023", "in April 2020")
and the year of the denial's ``date``; a claim sentence that names no year (a headline given to
``denials suggest``) reaches five years before the denial's date. Two checks use them:

- an item published before the first of those years cannot relay the claim (it is an earlier
  event of the same shape: "Lebanon denies Israel's Hezbollah airport missiles claim", 2018, for
  a denial of a 2024 report); ``window: before`` in the rule overrides this;
- a sentence that carries the claim but dates its event in another year, and in none of the
  claim's, tells another event ("a strike hit al-Ahli hospital on 13 April 2025" for a denial of
  the October 2023 strike). A year one before the claim's first counts as the claim's time
  (the claim may have been reported, or begun, the year before the denial).

Years are four digits 1900-2099 standing alone; digits inside the claim's own names ("Tokyo
2020") do not count.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from monitor.match.document import Doc

_YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(19\d\d|20\d\d)(?!\d|[.,]\d)")   # not "20,000", "1.2019"


_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(?:0[1-9]|1[0-2])/")   # ".../2018/10/01/story", ".../2016/05/x"


def url_year(url: str | None) -> int | None:
    """The publication year a news URL's date path gives (/YYYY/MM/), or None."""
    m = _URL_DATE.search(url or "")
    return int(m.group(1)) if m else None


def years_in(text: str) -> set[int]:
    return {int(y) for y in _YEAR.findall(text)}


UNDATED_SLACK = 5   # years before the denial an event its claim sentence does not date may lie


def claim_years(claim: str, date: dt.date | None) -> tuple[int, int] | None:
    """(first, last) year of the claim, or None when neither the claim nor the date names one.
    A claim sentence that names no year may be about an event years before its denial (MH17,
    2014, denied again in 2018): then the first year is ``UNDATED_SLACK`` before the denial's."""
    named = years_in(claim)
    if not named:
        return (date.year - UNDATED_SLACK, date.year) if date is not None else None
    years = named | ({date.year} if date is not None else set())
    return (min(years), max(years))


def other_time(doc: Doc, sents: int | Collection[int], years: tuple[int, int] | None,
               taken: Collection[int]) -> int | None:
    """A year the sentences date their event in that is not the claim's, when they name none of
    the claim's years; the tokens at ``taken`` positions (the claim's names) are skipped."""
    if years is None:
        return None
    lo, hi = years
    seen: set[int] = set()
    for sent in ([sents] if isinstance(sents, int) else sents):
        sentence = doc.sentences[sent]
        if not _YEAR.search(doc.field_text(sentence.field), sentence.start, sentence.end):
            continue            # most sentences name no year: no token walk
        lo_tok, hi_tok = doc.sentence_tokens(sent)
        for pos in range(lo_tok, hi_tok):
            if pos in taken:
                continue
            word = doc.surface(pos)
            if len(word) == 4 and word.isdigit():
                seen |= years_in(word)
    if not seen or any(lo - 1 <= y <= hi for y in seen):
        return None
    return max(seen)

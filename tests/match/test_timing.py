"""Time consistency: the same people and event at another time is another event (timing.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.match.timing import claim_years
from monitor.match.types import Verdict
from tests.match.conftest import classify, make_matcher

# an invented denial of a claim the claim sentence dates (March 2024), denied on 2 March 2024
STRIKE = {"id": "clinic-strike", "title": "t", "date": "2024-03-02",
          "claim": "An airstrike hit the Nordvik clinic in Ostrava on 1 March 2024.",
          "entities": [{"name": "Nordvik clinic"},
                       {"name": "Ministry of Defence", "role": "denier", "aliases": ["ministry"]}],
          "keywords": [{"name": "strike", "query": "strike OR airstrike OR bomb*"}],
          "min_entities": 1}
# the same claim with no year in its sentence (a headline given to 'denials suggest')
UNDATED = {**STRIKE, "id": "undated", "claim": "An airstrike hit the Nordvik clinic."}
# an explicit window overrides the claim's years
WINDOWED = {**STRIKE, "id": "windowed", "window": {"before": "3650d"}}


def _day(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(("denial", "title", "published", "verdicts"), [
    # published the day after the claim, or long after: as before
    (STRIKE, "An airstrike hit the Nordvik clinic, witnesses say", "2024-03-02", [Verdict.CONTRADICT]),
    (STRIKE, "Ministry denies an airstrike hit the Nordvik clinic", "2027-05-01", [Verdict.MATCH]),
    # published before the claim's year: an earlier event of the same shape
    (STRIKE, "Ministry denies an airstrike hit the Nordvik clinic", "2019-06-01", []),
    (STRIKE, "An airstrike hit the Nordvik clinic, witnesses say", "2023-12-31", []),
    # a claim sentence without a year reaches five years back from the denial
    (UNDATED, "An airstrike hit the Nordvik clinic, witnesses say", "2020-06-01", [Verdict.CONTRADICT]),
    (UNDATED, "An airstrike hit the Nordvik clinic, witnesses say", "2018-06-01", []),
    # the rule's own window decides instead
    (WINDOWED, "An airstrike hit the Nordvik clinic, witnesses say", "2019-06-01", [Verdict.CONTRADICT]),
])
def test_an_item_published_before_the_claim_is_another_event(denial: dict[str, object], title: str,
                                                            published: str, verdicts: list[Verdict]) -> None:
    hits = classify(make_matcher(denial), title, "", language="en", published=_day(published))
    assert [h.verdict for h in hits] == verdicts, hits


@pytest.mark.parametrize(("title", "verdicts"), [
    # the claim-bearing sentence dates its event in a later year: another strike on the same clinic
    ("An airstrike hit the Nordvik clinic on 13 April 2026, witnesses say", []),
    ("Ministry denies an airstrike hit the Nordvik clinic in 2026", []),
    # ... in the claim's year, or the year before (a report that preceded it): as before
    ("An airstrike hit the Nordvik clinic on 1 March 2024, witnesses say", [Verdict.CONTRADICT]),
    ("An airstrike hit the Nordvik clinic in late 2023, witnesses say", [Verdict.CONTRADICT]),
    # both the claim's year and another: the sentence recalls the claim
    ("An airstrike hit the Nordvik clinic in 2026, as it did in 2024", [Verdict.CONTRADICT]),
    # an earlier year well before the claim: another event
    ("An airstrike hit the Nordvik clinic in 2015, witnesses say", []),
])
def test_a_sentence_dating_its_event_in_another_year_is_another_event(title: str, verdicts: list[Verdict]) -> None:
    hits = classify(make_matcher(STRIKE), title, "", language="en")
    assert [h.verdict for h in hits] == verdicts, hits


def test_digits_inside_a_claim_name_are_no_date() -> None:
    games = {**STRIKE, "id": "games", "claim": "The Tokyo 2020 Games would be cancelled (report of January 2021).",
             "date": "2021-01-22", "entities": [{"name": "Tokyo 2020"}],
             "keywords": [{"name": "cancel", "query": "cancel*"}]}
    hits = classify(make_matcher(games), "Tokyo 2020 Games will be cancelled, sources say", "", language="en")
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT], hits


def test_claim_years() -> None:
    assert claim_years("hit the clinic on 17 October 2023, killing hundreds", dt.date(2023, 10, 17)) == (2023, 2023)
    assert claim_years("aiming for 2032 instead (January 2021)", dt.date(2021, 1, 22)) == (2021, 2032)
    assert claim_years("a Buk shot down MH17", dt.date(2018, 5, 24)) == (2013, 2018)
    assert claim_years("20,000 troops, 1,500 km", None) is None


@pytest.mark.parametrize(("url", "verdicts"), [
    # no publication date: a date path in the URL stands in for the year
    ("https://news.example.org/2019/06/clinic-story", []),
    ("https://news.example.org/2024/03/02/clinic-story", [Verdict.CONTRADICT]),
    # no date path (a bare year is no date): checked as before
    ("https://news.example.org/world/2019-clinic-story", [Verdict.CONTRADICT]),
    (None, [Verdict.CONTRADICT]),
])
def test_a_url_date_path_stands_in_for_a_missing_publication_year(url: str | None, verdicts: list[Verdict]) -> None:
    hits = classify(make_matcher(STRIKE), "An airstrike hit the Nordvik clinic, witnesses say", "",
                    language="en", url=url)
    assert [h.verdict for h in hits] == verdicts, hits


def test_a_url_date_path_does_not_override_the_publication_date() -> None:
    hits = classify(make_matcher(STRIKE), "An airstrike hit the Nordvik clinic, witnesses say", "",
                    language="en", url="https://news.example.org/2019/06/x", published=_day("2024-03-02"))
    assert [h.verdict for h in hits] == [Verdict.CONTRADICT], hits

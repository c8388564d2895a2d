"""The pure parts of the console: escaping and highlighting, links, the SVG chart (tables)."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.console.chart import day_chart
from monitor.console.text import clean, excerpt, highlight, merge_spans, safe_link


@pytest.mark.parametrize(("url", "link"), [
    ("https://a.example/x?y=1", "https://a.example/x?y=1"), ("HTTP://a.example/", "http://a.example/"),
    ("javascript:alert(1)", None), (" JaVaScRiPt:alert(1)", None), ("data:text/html,x", None),
    ("//a.example/", None), ("https://", None), ("ftp://a.example/", None), (None, None), ("", None),
    ("http://[::1", None), ("https://a.example/" + "x" * 3000, None),
    (" https://a.example/", "https://a.example/"),                        # stripped
    ("https://a.example/\u202e", "https://a.example/%E2%80%AE"),          # inert: percent-encoded
    ('https://a.example/"><script>', "https://a.example/%22%3E%3Cscript%3E"),
])
def test_safe_link(url: str | None, link: str | None) -> None:
    assert safe_link(url) == link


@pytest.mark.parametrize(("spans", "length", "merged"), [
    ([(5, 8), (0, 2)], 10, [(0, 2), (5, 8)]),
    ([(0, 4), (2, 6), (6, 7)], 10, [(0, 7)]),
    ([(-5, 2), (8, 50), (4, 4)], 10, [(0, 2), (8, 10)]),
    ([(20, 30)], 10, []),
])
def test_merge_spans(spans: list[tuple[int, int]], length: int, merged: list[tuple[int, int]]) -> None:
    assert merge_spans(spans, length) == merged


@pytest.mark.parametrize(("text", "spans", "kwargs", "html"), [
    ("a <b> c", [(2, 5)], {}, "a <mark>&lt;b&gt;</mark> c"),
    ("x\u202ey", [(0, 1)], {}, "<mark>x</mark>[U+202E]y"),
    ("abcdef", [(1, 3), (2, 4)], {"end": 3}, "a<mark>bc</mark>…"),
    ("ab\x00cd", [], {}, "abcd"),
    ("abc", [(1, 99)], {}, "a<mark>bc</mark>"),
])
def test_highlight(text: str, spans: list[tuple[int, int]], kwargs: dict[str, int], html: str) -> None:
    assert str(highlight(text, spans, **kwargs)) == html


def test_excerpt_is_a_window_around_the_first_span() -> None:
    text = "x" * 1000 + " Sugovushan " + "y" * 1000
    out = str(excerpt(text, [(1001, 1011)], width=90))
    assert out.startswith("…x") and out.endswith("y…") and "<mark>Sugovushan</mark>" in out and len(out) < 120


def test_clean_caps_before_it_scans() -> None:
    assert clean("a" * 10 + "\u202e", 5) == "aaaaa…"
    assert clean(None) == ""


def test_day_chart_stacks_verdicts_and_escapes_its_label() -> None:
    days = [date(2026, 12, 1), date(2026, 12, 2)]
    svg = str(day_chart(days, {(days[1], "contradict"): 3, (days[1], "match"): 1}, label='<x">'))
    assert svg.count("<rect") == 2 and "2026-12-02: 3 contradict" in svg and 'aria-label="&lt;x&#34;&gt;"' in svg
    assert 'height="45"' in svg and 'height="15"' in svg          # 3 and 1 of 4, on a 60 px scale

"""Tables for the pure hygiene functions: clean text, http(s) links, terminal escapes, HTML to text."""

from __future__ import annotations

import json
import logging
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.alert.slack_blocks import hit_section
from monitor.parse.prepare import cap_items, safe_charrefs
from monitor.parse.text import _LINES, _SPACES, Text, _blanks_folded, html_to_text
from monitor.sanitize import TerminalSafeFormatter, clean_text, for_terminal, http_link, json_for_terminal
from tests.hostile.items import SLACK_ANGLE

BASE = "https://feeds.invalid/world/rss.xml"


@pytest.mark.parametrize(("raw", "clean"), [
    ("plain", "plain"),
    ("lone \ud800 high, \udfff low", "lone \ufffd high, \ufffd low"),
    ("nul\x00 bell\x07 esc\x1b[2J del\x7f csi\x9b", "nul bell esc[2J del csi"),
    ("tab\tand\nnewline kept", "tab\tand\nnewline kept"),
    ("cr\r\nlf and lone\rcr", "cr\nlf and lone\ncr"),
    ("bidi \u202e stays in stored text", "bidi \u202e stays in stored text"),
    ("", ""),
])
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    clean_text(raw).encode("utf-8")      # always encodable


@pytest.mark.parametrize(("raw", "link"), [
    ("https://news.invalid/a?b=1&c=2#f", "https://news.invalid/a?b=1&c=2#f"),
    ("HTTP://News.invalid/x", "http://News.invalid/x"),
    ("/relative/path", "https://feeds.invalid/relative/path"),
    ("item.html", "https://feeds.invalid/world/item.html"),
    ("//cdn.invalid/x", "https://cdn.invalid/x"),
    ("!channel", "https://feeds.invalid/world/!channel"),
    ("@U0123ABCD", "https://feeds.invalid/world/@U0123ABCD"),
    ("<!everyone>", "https://feeds.invalid/world/%3C!everyone%3E"),
    ("https://news.invalid/a b|c<d>\"e", "https://news.invalid/ab%7Cc%3Cd%3E%22e"),
    ("https://news.invalid/\u202eexe.txt", "https://news.invalid/%E2%80%AEexe.txt"),
    ("https://b\u00fccher.invalid/\u00fc", "https://xn--bcher-kva.invalid/%C3%BC"),
    ("  https://news.invalid/x\x00y\n", "https://news.invalid/xy"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("\x01javascript:alert(1)", None),
    ("data:text/html;base64,PHNjcmlwdD4=", None),
    ("vbscript:x", None),
    ("file:///etc/passwd", None),
    ("mailto:a@b.invalid", None),
    ("ftp://news.invalid/x", None),
    ("http:no-host", None),
    ("https://[::1/broken", None),
    ("https://news.invalid/" + "a" * 3000, None),
    ("", None),
    (None, None),
])
def test_http_link(raw: str | None, link: str | None) -> None:
    assert http_link(raw, BASE) == link


def test_relative_links_need_a_web_base() -> None:
    assert http_link("/x", "file:///srv/feed.xml") is None
    assert http_link("/x") is None


@pytest.mark.parametrize(("raw", "shown"), [
    ("plain café 日本", "plain café 日本"),
    ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    ("evil\u202egnp.exe", "evil\\u202egnp.exe"),
    ("iso\u2066late\u2069", "iso\\u2066late\\u2069"),
    ("two\nlines\rcr\ttab", "two\\x0alines\\x0dcr\\x09tab"),
    ("c1\x9b", "c1\\x9b"),
])
def test_for_terminal(raw: str, shown: str) -> None:
    assert for_terminal(raw) == shown


def test_json_for_terminal_keeps_the_value() -> None:
    value = {"title": "evil\u202egnp.exe \x9b \u2028", "ok": "café"}
    line = json_for_terminal(json.dumps(value, ensure_ascii=False))
    assert "\u202e" not in line and "\x9b" not in line and "café" in line
    assert json.loads(line) == value


def test_log_lines_cannot_be_forged_or_drive_the_terminal() -> None:
    fmt = TerminalSafeFormatter("%(levelname)s %(message)s")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "feed %s: %s", ("t\u202eitle", "a\nFAKE b\x1b[2J"),
                               None)
    assert fmt.format(record) == "INFO feed t\\u202eitle: a\\x0aFAKE b\\x1b[2J"


@pytest.mark.parametrize(("html", "text"), [
    ("Hello &amp; <b>world</b>&nbsp;!", "Hello & world !"),
    ("<p>one</p><p>two  three</p>", "one\ntwo three"),
    ("<p>a<script>var s = '<p>x</p>';</script>b</p><style>p{}</style>", "ab"),
    ("<div>" * 300 + "deep", "deep"),
    ("a < b > c", "a < b > c"),
    ("&#xD800;x&#0;y", "\ufffdx\ufffdy"),
    ("no markup at all", "no markup at all"),
    ("line\r\nbreak", "line\nbreak"),
    ("", ""),
])
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html).text == text


def test_html_to_text_whitespace() -> None:
    """Runs of blanks become one space, blanks around a newline go, a single space stays."""
    assert html_to_text("a \t\u00a0b\tc\fd e  \n \n  f \ng\n h").text == "a b cd e\nf\ng\nh"   # \f: a control, removed
    assert html_to_text("<p>a\u00a0 b</p> \n\t<p>\tc</p>").text == "a b\nc"


@given(st.text(alphabet=" \t\f\v\u00a0\n\u2003\u3000ab", max_size=40))
def test_blanks_folded_skips_only_substitutions_that_would_not_match(text: str) -> None:
    """The guarded substitutions give what the plain ones give, on every mix of blanks."""
    assert _blanks_folded(text) == _LINES.sub("\n", _SPACES.sub(" ", text))


def test_html_to_text_reuses_its_parser_without_carrying_state() -> None:
    """The thread's parser is reused: an unclosed script, comment or element, or a full text cap,
    must not leak into the next field."""
    for first in ("<script>var a = 1", "<!-- open", "<style>p {", "<textarea>x", "<p>" + "w " * 50):
        html_to_text(first, text_limit=10)
        assert html_to_text("<p>next &amp; field</p>") == Text("next & field")
    fresh = [html_to_text(f"<div>{n} <b>x</b></div>").text for n in range(3)]
    assert fresh == ["0 x", "1 x", "2 x"]


def test_html_to_text_caps_raw_and_text() -> None:
    assert html_to_text("x" * 50, text_limit=10) == Text("x" * 10, True)
    cut = html_to_text("<p>" + "word " * 1000, raw_limit=100)
    assert cut.truncated and len(cut.text) < 100


@pytest.mark.parametrize("markup", ["<script>", "<!--", "</", "<a ", "<div>", "<?", "<![CDATA[", "&#",
                                    "<table><tr><td>", "<a x=1 ", "<b><i><u>"])
def test_html_to_text_is_linear_on_pathological_markup(markup: str) -> None:
    """1 MB of any of these (the raw cap) in well under a second; the regexes took minutes."""
    value = markup * (1_000_000 // len(markup))
    start = time.process_time()
    html_to_text(value)
    assert time.process_time() - start < 1.0, markup


@pytest.mark.parametrize(("body", "safe"), [
    (b"a &#xD800; b &#55296; c", b"a &#xFFFD; b &#xFFFD; c"),
    (b"nul &#0; &#x0000;", b"nul  "),
    (b"big &#x110000; &#1114112; &#99999999999999999999;", b"big &#xFFFD; &#xFFFD; &#xFFFD;"),
    (b"edges &#55295; &#57344; &#xE000; &#xFFFF; &#x0000D800;", b"edges &#55295; &#57344; &#xE000; &#xFFFF; &#xFFFD;"),
    (b"fine &#x41; &#233; &#0065; &amp;", b"fine &#x41; &#233; &#0065; &amp;"),
])
def test_safe_charrefs(body: bytes, safe: bytes) -> None:
    assert safe_charrefs(body) == safe


def test_slack_section_never_forms_a_mention_from_feed_text() -> None:
    from datetime import UTC, datetime

    from monitor.alert.types import HitInfo, ItemInfo

    for link in ("!channel", "@U0123ABCD", "javascript:alert(1)", "https://x.invalid/a|<!here>"):
        item = ItemInfo(title="<!channel> <@U1> <https://evil.invalid|click>", link=link, feed="<!here>")
        hit = HitInfo(id=1, verdict="contradict", score=1.0, reason="", evidence=(), item=item,
                      created_at=datetime(2026, 1, 1, tzinfo=UTC))
        text = hit_section(hit)["text"]["text"]
        inner = [m.group(1) for m in SLACK_ANGLE.finditer(text)]
        assert all(i.startswith("https://x.invalid/a%7C%3C!here%3E|") for i in inner), text


def _rss(*items: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
            + "".join(items) + "</channel></rss>").encode()


GOOD = "<item><guid>good</guid><title>Good</title><description>fine</description></item>"


@pytest.mark.parametrize("description", [
    "&lt;script&gt;" * 100_000,                        # escaped: stays well-formed after the cut
    "<script>" * 200_000,                              # raw, ill-formed: the loose parser reads the cut
    "<p>x</p>" * 200_000,                              # well-formed child elements
    "<![CDATA[" + "<b>" * 400_000 + "]]>",
])
def test_cap_items_keeps_the_items_after_a_huge_one(description: str) -> None:
    from monitor.parse import parse_feed

    body = _rss(f"<item><guid>big</guid><title>Big</title><description>{description}</description>"
                "<link>https://news.invalid/big</link></item>", GOOD)
    capped, cut = cap_items(body, 64 * 1024)
    assert cut == 1 and len(capped) < 64 * 1024 + 17 * 1024 + 300
    assert capped.endswith(GOOD.encode() + b"</channel></rss>")
    start = time.process_time()
    parsed = parse_feed(body, "https://feeds.invalid/x.xml")
    assert time.process_time() - start < 1.0
    assert [e.guid for e in parsed.entries] == ["big", "good"]
    assert parsed.entries[0].link == "https://news.invalid/big"      # written after the huge field


def test_cap_items_leaves_ordinary_bodies_alone() -> None:
    body = _rss(*[GOOD.replace("good", f"good{i}") for i in range(2000)])
    assert cap_items(body, 16 * 1024) == (body, 0)


# Review of issue 10, G: forty items each just under item_bytes cost 22 s of feedparser together.
def test_cap_items_bounds_the_whole_feed_not_only_each_item() -> None:
    from monitor.parse import parse_feed
    from monitor.parse.prepare import FEED_BYTES, HARD_ITEM_BYTES, HARD_TAIL_BYTES

    bomb = "<a " * 80_000                                   # 240 kB: under the 256 KiB item cap
    items = [f"<item><guid>{n}</guid><title>x</title><description>{bomb}</description>"
             f"<link>https://news.invalid/{n}</link></item>" for n in range(40)]
    body = _rss(*items, GOOD)
    capped, cut = cap_items(body, 256 * 1024)
    assert cut >= 30
    assert len(capped) < FEED_BYTES + 256 * 1024 + 40 * (HARD_ITEM_BYTES + HARD_TAIL_BYTES + 1024)
    assert capped.endswith(GOOD.encode() + b"</channel></rss>")
    parsed = parse_feed(body, "https://feeds.invalid/x.xml")
    assert [e.guid for e in parsed.entries][-1] == "good" and len(parsed.entries) == 41
    assert parsed.entries[39].link == "https://news.invalid/39"        # the end of a hard-cut item is kept


# The loose parser's cost follows tags, not bytes: 40 items of raw '<a ' (a tag every 3 bytes) kept
# 240,000 tags under the byte caps alone and took 3-6 s of CPU.
def test_cap_items_weighs_a_tag_flood_by_its_tags() -> None:
    from monitor.parse import parse_feed
    from monitor.parse.prepare import FEED_BYTES, TAG_BYTES

    bomb = "<a " * 8_700                                    # 26 kB each, as in bench_hostile's feed case
    items = [f"<item><guid>{n}</guid><title>x</title><description>{bomb}</description>"
             f"<link>https://news.invalid/{n}</link></item>" for n in range(40)]
    body = _rss(*items, GOOD)
    assert body.count(b"<") > 340_000
    capped, cut = cap_items(body, 256 * 1024)
    assert cut == 36                                   # 4 items fill the feed budget, the rest are cut
    assert capped.count(b"<") * TAG_BYTES < 2 * FEED_BYTES                 # tens of thousands of tags, not 340,000
    parsed = parse_feed(body, "https://feeds.invalid/x.xml")
    assert [e.guid for e in parsed.entries][-1] == "good" and len(parsed.entries) == 41
    assert parsed.entries[39].link == "https://news.invalid/39"


def test_cap_items_leaves_real_html_content_alone() -> None:
    """Real HTML has a tag every 20-50 bytes: its weight is its size, and nothing is cut."""
    html = "<p>The ministry said on <a href='https://x.invalid/'>Sunday</a> that the reports were false.</p>" * 300
    body = _rss(*[f"<item><guid>{n}</guid><title>t</title><description><![CDATA[{html}]]></description></item>"
                  for n in range(10)])
    assert len(body) > 256 * 1024
    assert cap_items(body, 256 * 1024) == (body, 0)

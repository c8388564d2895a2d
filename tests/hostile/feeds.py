"""The hostile feeds of the end-to-end suite: each carries hostile items and one good item."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from tests.hostile.items import HOSTILE_LINKS, good_json_item, good_rss_item, json_feed, rss_feed, story

MAX_BODY = 10 * 1024 * 1024
HUGE_TITLE = "Abazyan, Muradov and Naghiyev met in Sugovushan. " * 16_000      # 800,000 characters
BIDI_TITLE = "Abazyan, Muradov and Naghiyev met in Sugovushan \u202egnp.exe\u202c \u2066x\u2069"


def markup_feed() -> bytes:
    """Well-formed RSS whose descriptions are pathological HTML (escaped, as feeds carry HTML)."""
    bad = {
        "unclosed-script": "<script>" * 20_000,
        "unclosed-comment": "<!--" * 50_000,
        "deep-nesting": "<div>" * 100_000 + "deep",
        "endless-attributes": "<a " * 60_000,
        "close-tags": "</" * 100_000,
        "processing-instructions": "<?" * 100_000,
        "entities": "&#" * 100_000 + "&amp;" * 50_000,
    }
    items = [{"guid": k, "title": f"Markup {k}", "link": f"https://news.invalid/{k}",
              "description": escape(v)} for k, v in bad.items()]
    items.append({"guid": "huge-title", "title": escape(HUGE_TITLE), "link": "https://news.invalid/huge",
                  "description": "A title of 800,000 characters."})
    return rss_feed(items + [good_rss_item(1)], title="Markup")


def raw_feed() -> bytes:
    """Ill-formed RSS (feedparser's loose parser): raw markup, control characters, surrogates, NUL."""
    items = [
        {"guid": "raw-script", "title": "Raw script", "description": "<script>" * 5_000},
        {"guid": "control&#x1b;[2J", "title": "Clear &#x1b;[2J&#x1b;]0;pwned&#x7; screen &#x9b;31m",
         "description": "bell &#7; escape &#27;"},
        {"guid": "surrogate&#xD800;", "title": "Lone &#xD800; surrogate &#56320;", "description": "&#xDFFF;"},
        {"guid": "nul&#0;guid", "title": "Nul", "link": "https://news.invalid/nul&#0;link",
         "description": "a &#0; b"},
        good_rss_item(2),
    ]
    return rss_feed(items, title="Raw &#xD800; &#x1b;[31mtitle")


def links_feed() -> bytes:
    """One alerting item per hostile link (each its own story)."""
    items = []
    for n, link in enumerate(HOSTILE_LINKS, start=100):
        title, text = story(n)
        items.append({"guid": f"link-{n}", "title": escape(title), "link": escape(link),
                      "description": escape(text)})
    return rss_feed(items + [good_rss_item(3)], title="Links")


def json_hostile_feed() -> bytes:
    """JSON Feed: lone surrogates and NUL as JSON escapes, mention-shaped urls, junk item shapes."""
    t50, x50 = story(50)
    t51, x51 = story(51)
    t52, x52 = story(52)
    items: list[Any] = [
        {"id": "surrogate-\ud800", "title": "Lone surrogate \ud800 in the title", "content_text": "\udfff"},
        {"id": "nul-\u0000-guid", "title": "NUL \u0000 in guid", "url": "https://news.invalid/j\u0000nul"},
        {"id": "channel", "title": t50, "url": "!channel", "content_text": x50},
        {"id": "user", "title": t51, "url": "@U0123ABCD", "content_text": x51},
        {"id": "script-link", "title": t52, "url": "javascript:alert(1)", "content_text": x52},
        {"id": "unclosed", "title": "Unclosed", "content_html": "<script>" * 20_000},
        {"id": "terminal", "title": BIDI_TITLE + " \u001b[31m red", "url": "https://news.invalid/bidi",
         "content_text": story(53)[1]},
        {"id": "huge-title", "title": "x" * 800_000},
        {"id": {"not": "a string"}, "title": ["not", "a", "string"], "url": 42, "language": 7},
        17, "not an item", None,
        good_json_item(4),
    ]
    return json_feed(items)


def atom_feed() -> bytes:
    """Atom with HTML content that never closes its tags."""
    title, text = story(5)
    entries = (
        '<entry><id>tag:x,1:bad</id><title type="html">' + escape("<b>" * 50_000) + "</title>"
        '<link href="javascript:alert(1)"/><updated>2021-02-19T12:00:00Z</updated>'
        '<content type="html">' + escape("<table><tr><td>" * 30_000) + "</content></entry>"
        f'<entry><id>tag:x,1:good</id><title>{escape(title)}</title><link href="/good/5"/>'
        f'<updated>2021-02-19T12:00:00Z</updated><content type="text">{escape(text)}</content></entry>')
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            '<title>Atom</title><id>tag:x,1:feed</id><updated>2021-02-19T12:00:00Z</updated>'
            + entries + "</feed>").encode()


def big_feed() -> bytes:
    """Just under the 10 MiB body cap: one item of escaped unclosed tags, then the good item."""
    head = rss_feed([good_rss_item(6)], title="Big")
    room = MAX_BODY - len(head) - 400
    unit = escape("<script>")
    filler = unit * (room // len(unit))
    body = head.replace(b"<item>", b"<item><guid>big</guid><title>Big</title><description>" + filler.encode()
                        + b"</description></item><item>", 1)
    assert len(body) <= MAX_BODY
    return body


FEEDS = {"/markup.xml": markup_feed, "/raw.xml": raw_feed, "/links.xml": links_feed,
         "/feed.json": json_hostile_feed, "/atom.xml": atom_feed, "/big.xml": big_feed}
GOOD_LINKS = {"/markup.xml": "https://news.invalid/good/1", "/raw.xml": "https://news.invalid/good/2",
              "/links.xml": "https://news.invalid/good/3", "/feed.json": "https://news.invalid/good/4",
              "/atom.xml": "/good/5", "/big.xml": "https://news.invalid/good/6"}

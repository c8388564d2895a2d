"""Hostile feed items, the feeds that carry them, and a config that polls them on 127.0.0.1."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.sax.saxutils import escape

DENIAL_TERMS = "Abazyan, Muradov and Naghiyev"
CONFIG = """\
database:
  url: "{db}"
feeds:
{feeds}
denials:
  - id: sugovushan-meeting
    title: "SSS: no meeting in Sugovushan"
    claim: Abazyan, Muradov and Naghiyev met in Sugovushan.
    entities:
      - name: Armen Abazyan
        aliases: [Abazyan]
      - name: Rustam Muradov
        aliases: [Muradov]
      - name: Ali Naghiyev
        aliases: [Naghiyev]
    keywords:
      - name: meeting
        query: 'meet* OR met OR talks'
      - name: place
        query: 'Sugovushan'
        required: false
    min_entities: 2
notifiers:
  - name: slack
    type: slack
    url: "{slack}"
    min_interval: 0s
    group: {{wait: 0s, interval: 0s, max_hits: 15}}
  - name: hook
    type: webhook
    url: "{hook}"
    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
    group: {{wait: 0s, interval: 0s, max_hits: 50}}
  - name: console
    type: console
"""

# Words to make each alerting item its own story (not a near-duplicate of another item).
_FILLER = ["harbour", "orchard", "lantern", "quarry", "meadow", "tunnel", "violet", "copper", "glacier", "falcon", "pepper", "saddle", "marble", "thistle", "canyon", "ribbon", "walnut", "compass", "beacon", "velvet", "anchor", "summit", "ember", "willow", "cobalt", "prairie", "juniper", "tundra", "basalt", "heron"]


def story(n: int, headline: str | None = None) -> tuple[str, str]:
    """A distinct item (title, text) that repeats the denied claim: a contradict hit."""
    words = " ".join(f"{w}{n}" for w in _FILLER)
    title = headline or f"Report {n}: Abazyan, Muradov and Naghiyev met in Sugovushan, sources say"
    text = (f"Armen Abazyan held talks with Rustam Muradov and Ali Naghiyev in Sugovushan, channel "
            f"number {n} reported. Unrelated notes: {words}.")
    return title, text


def rss_feed(items: list[dict[str, str]], *, title: str = "Hostile RSS") -> bytes:
    """RSS 2.0; each item's guid, title, link and description are put in as given (raw markup),
    so a test chooses what is escaped and what is ill-formed."""
    parts = [f"<item><guid>{i['guid']}</guid><title>{i['title']}</title>"
             + (f"<link>{i['link']}</link>" if "link" in i else "")
             + f"<description>{i['description']}</description>"
             "<pubDate>Fri, 19 Feb 2021 12:00:00 GMT</pubDate></item>" for i in items]
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{title}</title><link>https://news.invalid/</link><description>t</description>"
            + "".join(parts) + "</channel></rss>").encode()


def good_rss_item(n: int, guid: str | None = None) -> dict[str, str]:
    title, text = story(n)
    return {"guid": guid or f"good-{n}", "title": escape(title), "link": f"https://news.invalid/good/{n}",
            "description": escape(text)}


def json_feed(items: list[dict[str, Any]], *, title: str = "Hostile JSON") -> bytes:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": title, "items": items}
    return json.dumps(doc).encode()     # ensure_ascii: lone surrogates and NUL travel as \u escapes


def good_json_item(n: int) -> dict[str, Any]:
    title, text = story(n)
    return {"id": f"good-{n}", "title": title, "url": f"https://news.invalid/good/{n}", "content_text": text}


# Links an item may carry, and what must come out: an http(s) URL, or nothing.
HOSTILE_LINKS = {
    "!channel": "resolved",                 # relative: joined to the feed URL, never a Slack mention
    "@U0123ABCD": "resolved",
    "<!here>": "resolved",
    "javascript:alert(document.cookie)": None,
    " JaVaScRiPt:alert(1)": None,
    "java\tscript:alert(1)": None,
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==": None,
    "vbscript:msgbox(1)": None,
    "file:///etc/passwd": None,
    "mailto:desk@news.invalid": None,
    "ftp://news.invalid/x": None,
    "http:no-host": None,
    "https://news.invalid/a|b <c>\u202e\x1b[31m": "https://news.invalid/a%7Cb%3Cc%3E%E2%80%AE[31m",
    "https://news.invalid/ok?a=1&b=2": "https://news.invalid/ok?a=1&b=2",
}

SLACK_ANGLE = re.compile(r"<([^<>]*)>")


def slack_texts(body: dict[str, Any]) -> list[str]:
    """Every mrkdwn/plain text of a Slack body (fallback text and each block's texts)."""
    out = [str(body.get("text", ""))]
    for block in body.get("blocks", []):
        if isinstance(block.get("text"), dict):
            out.append(str(block["text"].get("text", "")))
        for el in block.get("elements", []) or []:
            out.append(str(el.get("text", "")))
    return out


def slack_problems(body: dict[str, Any]) -> list[str]:
    """What in a Slack body feed text could turn into a mention, a command or a non-web link."""
    problems = []
    for text in slack_texts(body):
        for m in SLACK_ANGLE.finditer(text):
            inner = m.group(1)
            if not re.match(r"https?://[^\s|]+\|", inner):
                problems.append(f"<{inner[:60]}> is not an http(s) link")
    return problems


def webhook_items(body: dict[str, Any]) -> list[dict[str, Any]]:
    data = body["data"]
    return [h["item"] for h in data["hits"]] if "hits" in data else [data["item"]]


TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

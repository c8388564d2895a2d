"""HTML to plain text for matching, in linear time: libxml2's HTML tokenizer, no regex over markup."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from lxml import etree

from monitor.sanitize import clean_text

# Elements whose content is never text a reader sees.
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "math"})
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
                    "th", "table", "blockquote", "section", "article", "header", "footer", "figure",
                    "figcaption", "pre", "hr", "dd", "dt", "dl", "aside", "main", "nav"})
# These run over text that is already capped (at most ``text_limit`` characters). Each matches only
# where the text changes (a run of blanks, or one blank other than a space; a newline with a space
# before or blanks after it): one substitution per single space cost as much as the HTML parse.
_SPACES = re.compile(r"[ \t\f\v\u00a0]{2,}|[\t\f\v\u00a0]")
_LINES = re.compile(r" \n\s*|\n\s+")
_NL_BLANK = re.compile(r"\n\s")   # a literal first: searched at C speed (the alternation above is not)
_parsers = threading.local()     # one HTML parser per thread, reused: building one costs ~100 µs


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text of a field, and whether the field was longer than a cap (raw or text)."""

    text: str
    truncated: bool = False


class _Collector:
    """An lxml parser target: keeps visible character data, a newline per block element, and
    stops keeping text once ``limit`` characters are held (the tokenizer still runs, linearly)."""

    def __init__(self, limit: int = 0) -> None:
        self.reset(limit)

    def reset(self, limit: int) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.skipping = 0
        self.full = False

    def start(self, tag: object, attrib: object) -> None:
        name = tag if isinstance(tag, str) else ""
        if name in _SKIP:
            self.skipping += 1
        elif name in _BLOCK:
            self.parts.append("\n")

    def end(self, tag: object) -> None:
        name = tag if isinstance(tag, str) else ""
        if name in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif name in _BLOCK:
            self.parts.append("\n")

    def data(self, data: str) -> None:
        if self.skipping or self.full:
            return
        room = self.limit - self.size
        if len(data) > room:
            data, self.full = data[:room], True
        self.parts.append(data)
        self.size += len(data)

    def close(self) -> str:
        return "".join(self.parts)


def html_to_text(value: str | None, *, raw_limit: int = 1_000_000, text_limit: int = 20_000) -> Text:
    """Plain text of an HTML fragment (or of plain text that merely contains entities).

    The input is cut to ``raw_limit`` characters before anything else looks at it, and at most
    ``text_limit`` characters of text are kept: the cost is linear in ``raw_limit`` whatever the
    markup (unclosed tags, deep nesting, endless attributes)."""
    if not value:
        return Text("")
    truncated = len(value) > raw_limit
    value = clean_text(value[:raw_limit])
    if "<" in value or "&" in value:
        text = clean_text(_visible_text(value, text_limit + 1))     # libxml2 passes some controls through
    else:
        text = value[: text_limit + 1]
    text = _blanks_folded(text).strip()
    if len(text) > text_limit:
        text, truncated = text[:text_limit].rstrip(), True
    return Text(text, truncated)


def _blanks_folded(text: str) -> str:
    """``_SPACES`` then ``_LINES`` substituted, each skipped when a plain search shows it cannot
    match (most texts): their scans try the pattern at every space, as slow as the HTML parse."""
    if "  " in text or "\t" in text or "\f" in text or "\v" in text or "\u00a0" in text:
        text = _SPACES.sub(" ", text)
    if " \n" in text or _NL_BLANK.search(text):
        text = _LINES.sub("\n", text)
    return text


def _visible_text(value: str, limit: int) -> str:
    """The collected text of ``value``, with this thread's parser (built again after an error)."""
    cached: tuple[_Collector, etree.HTMLParser] | None = getattr(_parsers, "pair", None)
    _parsers.pair = None            # not reused while in use, nor after an error
    if cached is None:
        collector = _Collector()
        cached = (collector, etree.HTMLParser(target=collector, recover=True, no_network=True,
                                              remove_comments=True, remove_pis=True, default_doctype=False))
    collector, parser = cached
    collector.reset(limit)
    parser.feed(value)
    text: str = parser.close()
    _parsers.pair = cached
    return text

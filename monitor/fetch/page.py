"""HTML pages: feed autodiscovery (``<link rel=alternate>``) and visible text, parsed by lxml
(libxml2: linear time, no network, no entities) on a capped body."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.etree
import lxml.html

DISCOVERY_BYTES = 1024 * 1024   # feed links sit in <head>: the first MiB of a page is plenty
FEED_TYPES = {"application/rss+xml": "rss", "application/atom+xml": "atom", "application/feed+json": "json",
              "application/json": "json", "application/rdf+xml": "rdf"}
MAX_LINKS = 20
_INVISIBLE = ("script", "style", "noscript", "template", "head")


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed announced by a page: absolute http(s) URL, MIME type, title."""

    url: str
    type: str
    title: str


def _document(body: bytes) -> lxml.html.HtmlElement | None:
    parser = lxml.html.HTMLParser(recover=True, no_network=True, remove_comments=True, remove_pis=True,
                                  huge_tree=False, default_doctype=False)
    try:
        root = lxml.html.document_fromstring(body, parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None
    return root if isinstance(root, lxml.html.HtmlElement) else None


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    """An HTML page by its Content-Type or its first bytes (a feed parser is not asked then)."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return True
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def feed_links(body: bytes, base_url: str, limit: int = DISCOVERY_BYTES) -> list[FeedLink]:
    """The feeds a page announces with ``<link rel="alternate" type="application/rss+xml|atom+xml|
    feed+json" href=...>``, in page order, without duplicates; only http(s) URLs."""
    root = _document(body[:limit])
    if root is None:
        return []
    base = base_url
    for el in root.iter("base"):
        href = (el.get("href") or "").strip()
        if href:
            base = urljoin(base_url, href)
        break
    found: list[FeedLink] = []
    seen: set[str] = set()
    for el in root.iter("link"):
        rels = (el.get("rel") or "").lower().split()
        kind = (el.get("type") or "").split(";")[0].strip().lower()
        href = (el.get("href") or "").strip()
        if "alternate" not in rels or kind not in FEED_TYPES or not href:
            continue
        url = urljoin(base, href)
        if not url.lower().startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        found.append(FeedLink(url=url, type=kind, title=" ".join((el.get("title") or "").split())[:200]))
        if len(found) >= MAX_LINKS:
            break
    return found


def page_text(body: bytes) -> tuple[str, str]:
    """(title, visible text) of an HTML page: scripts, styles and comments dropped, one line per
    block of text."""
    root = _document(body)
    if root is None:
        return "", ""
    title_el = root.find(".//title")
    title = " ".join((title_el.text_content() if title_el is not None else "").split())
    for el in list(root.iter(*_INVISIBLE)):
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows the element
    lines = (" ".join(chunk.split()) for chunk in root.itertext())
    return title, "\n".join(line for line in lines if line)

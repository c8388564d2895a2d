"""OPML 2.0 subscription lists: read (categories, htmlUrl, outlines without xmlUrl reported) and
write. Parsed by lxml (libxml2 caps entity amplification) without network access; a document
with a DTD is refused."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import lxml.etree

MAX_OPML_BYTES = 10 * 1024 * 1024
MAX_OUTLINES = 20_000
MAX_DEPTH = 32
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One subscription: feed URL, title, site URL, category (the enclosing folder)."""

    url: str
    title: str | None = None
    html_url: str | None = None
    category: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class OpmlProblem:
    """An outline that is not imported, with its line and why."""

    line: int | None
    label: str
    reason: str


class OpmlError(ValueError):
    """The file is not OPML (names the line where known)."""


def _text(value: str | None, limit: int) -> str | None:
    cleaned = " ".join((value or "").split())[:limit]
    return cleaned or None


def _walk(node: lxml.etree._Element, category: str | None, depth: int,
          problems: list[OpmlProblem]) -> Iterator[OpmlFeed]:
    for el in node:
        if not isinstance(el.tag, str) or el.tag != "outline":
            continue
        label = _text(el.get("title"), 512) or _text(el.get("text"), 512)
        url = (el.get("xmlUrl") or el.get("xmlurl") or "").strip()
        children = [c for c in el if isinstance(c.tag, str) and c.tag == "outline"]
        if url:
            own = _text(el.get("category"), 256)
            yield OpmlFeed(url=url, title=label, html_url=(el.get("htmlUrl") or "").strip() or None,
                           category=(own.strip("/ ") or None) if own else category, line=el.sourceline)
        elif children:
            if depth >= MAX_DEPTH:
                problems.append(OpmlProblem(el.sourceline, label or "outline", "folders nested too deep"))
                continue
            folder = label if category is None or label is None else f"{category}/{label}"
            yield from _walk(el, folder, depth + 1, problems)
        else:
            problems.append(OpmlProblem(el.sourceline, label or "outline", "no xmlUrl: not a feed"))


def read_opml(data: bytes) -> tuple[list[OpmlFeed], list[OpmlProblem]]:
    """The feeds of an OPML document and the outlines that are not feeds; OpmlError when the
    document is not OPML."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"larger than {MAX_OPML_BYTES} bytes")
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                  huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise OpmlError(f"line {exc.lineno}: not valid XML: {exc.msg}") from None
    if root is not None and root.getroottree().docinfo.internalDTD is not None:
        raise OpmlError("a DOCTYPE/DTD is not allowed in OPML (entities are not expanded)")
    if root is None or root.tag != "opml":
        raise OpmlError("not OPML (the root element is not <opml>)")
    body = root.find("body")
    if body is None:
        raise OpmlError("not OPML (no <body>)")
    problems: list[OpmlProblem] = []
    feeds: list[OpmlFeed] = []
    for feed in _walk(body, None, 0, problems):
        feeds.append(feed)
        if len(feeds) + len(problems) > MAX_OUTLINES:
            raise OpmlError(f"more than {MAX_OUTLINES} outlines")
    return feeds, problems


def write_opml(feeds: Iterable[OpmlFeed], title: str = "disinfo-monitor feeds") -> str:
    """OPML 2.0: feeds without a category at the top, the others in one folder per category."""
    root = lxml.etree.Element("opml", version="2.0")
    lxml.etree.SubElement(lxml.etree.SubElement(root, "head"), "title").text = title
    body = lxml.etree.SubElement(root, "body")
    folders: dict[str, lxml.etree._Element] = {}
    for f in feeds:
        parent = body
        if f.category:
            parent = folders.get(f.category)
            if parent is None:
                name = _NOT_XML.sub("", f.category)
                parent = folders[f.category] = lxml.etree.SubElement(body, "outline", text=name, title=name)
        attrs = {"type": "rss", "text": f.title or f.url, "title": f.title or f.url, "xmlUrl": f.url}
        if f.html_url:
            attrs["htmlUrl"] = f.html_url
        lxml.etree.SubElement(parent, "outline", {k: _NOT_XML.sub("", v) for k, v in attrs.items()})
    lxml.etree.indent(root)
    text = str(lxml.etree.tostring(root, encoding="unicode"))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{text}\n'

"""Feed documents to entries: feedparser for XML feeds, the json module for JSON Feed."""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from monitor.errors import PermanentFetchError
from monitor.parse.text import html_to_text

# feedparser spends most of its time sanitising HTML and resolving relative URIs; a text
# matcher needs neither (we strip tags ourselves). See docs/feeds.md for the measurements.
FEEDPARSER_OPTIONS: dict[str, Any] = {"sanitize_html": False, "resolve_relative_uris": False}
MAX_TEXT = 20_000          # characters of text kept per entry (matching needs the start)


@dataclass(frozen=True, slots=True)
class Entry:
    """One normalised feed entry: plain text, no HTML."""

    title: str
    text: str
    link: str | None = None
    guid: str | None = None
    published: datetime | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed: its title, its ``<ttl>`` in seconds if any, and its entries."""

    title: str | None
    format: str
    entries: tuple[Entry, ...]
    ttl_seconds: float | None = None


def parse_feed(body: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse ``body``; raises PermanentFetchError when it is not a feed (e.g. an HTML page)."""
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") or (content_type and "json" in content_type.lower()):
        return _parse_json_feed(body, url)
    return _parse_xml_feed(body, url, content_type)


def _struct_to_dt(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _parse_xml_feed(body: bytes, url: str, content_type: str | None) -> ParsedFeed:
    # No content-location: feedparser would rewrite relative guids against the feed URL, and a
    # feed that moves would then look all new. Relative links are joined below instead.
    headers: dict[str, str] = {}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, **FEEDPARSER_OPTIONS)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise PermanentFetchError(f"not a feed ({type(reason).__name__ if reason else 'no feed elements'})",
                                  url=url)
    feed = parsed.feed
    language = feed.get("language") or None
    ttl = None
    raw_ttl = str(feed.get("ttl") or "").strip()
    if raw_ttl.isdigit():
        ttl = float(raw_ttl) * 60.0
    entries = tuple(_xml_entry(e, language, url) for e in parsed.entries)
    return ParsedFeed(title=html_to_text(feed.get("title")) or None, format=version or "unknown",
                      entries=entries, ttl_seconds=ttl)


def _xml_entry(e: Any, feed_language: str | None, base: str) -> Entry:
    parts = []
    for content in e.get("content") or ():
        parts.append(content.get("value") or "")
    summary = e.get("summary") or ""
    if summary and not any(summary in p for p in parts):
        parts.insert(0, summary)
    text = html_to_text("\n".join(parts))[:MAX_TEXT]
    language = None
    detail = e.get("title_detail") or e.get("summary_detail")
    if detail:
        language = detail.get("language") or None
    published = _struct_to_dt(e.get("published_parsed") or e.get("updated_parsed"))
    guid = (e.get("id") or "").strip() or None
    link = (e.get("link") or "").strip() or None
    if link and "://" not in link and base.startswith("http"):
        link = urljoin(base, link)
    return Entry(title=html_to_text(e.get("title")), text=text, link=link, guid=guid,
                 published=published, language=(language or feed_language or None))


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        doc = json.loads(body.decode("utf-8-sig", errors="replace"))
    except ValueError as exc:
        raise PermanentFetchError(f"not a feed (invalid JSON: {exc})", url=url) from exc
    if not isinstance(doc, dict) or "jsonfeed.org/version" not in str(doc.get("version", "")):
        raise PermanentFetchError("not a feed (JSON without a JSON Feed version)", url=url)
    language = doc.get("language") if isinstance(doc.get("language"), str) else None
    entries = []
    for item in doc.get("items") or ():
        if not isinstance(item, dict):
            continue
        raw = item.get("content_html") or item.get("content_text") or item.get("summary") or ""
        text = html_to_text(str(raw))[:MAX_TEXT]
        published = None
        stamp = item.get("date_published") or item.get("date_modified")
        if isinstance(stamp, str):
            try:
                published = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
                published = published if published.tzinfo else published.replace(tzinfo=UTC)
            except ValueError:
                published = None
        link = item.get("url") or item.get("external_url")
        guid = item.get("id")
        entries.append(Entry(title=html_to_text(str(item.get("title") or "")), text=text,
                             link=str(link) if link else None, guid=str(guid) if guid is not None else None,
                             published=published, language=item.get("language") or language))
    title = doc.get("title")
    return ParsedFeed(title=str(title) if title else None, format="json" + str(doc["version"])[-3:],
                      entries=tuple(entries))

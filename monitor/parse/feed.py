"""Feed documents to entries: feedparser for XML feeds, the json module for JSON Feed."""

from __future__ import annotations

import calendar
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from monitor.errors import PermanentFetchError
from monitor.parse.prepare import cap_items, safe_charrefs
from monitor.parse.text import html_to_text
from monitor.sanitize import MAX_LINK, cap, clean_text, for_terminal, http_link

log = logging.getLogger(__name__)

# feedparser spends most of its time sanitising HTML and resolving relative URIs; a text
# matcher needs neither (we strip tags ourselves). See docs/feeds.md for the measurements.
FEEDPARSER_OPTIONS: dict[str, Any] = {"sanitize_html": False, "resolve_relative_uris": False}
MAX_GUID = MAX_LINK
MAX_LANGUAGE = 16


@dataclass(frozen=True, slots=True)
class TextLimits:
    """Per-item caps (config ``limits``): characters of title and text kept, bytes (characters
    for JSON Feed fields) of markup read per item."""

    title_chars: int = 1_000
    text_chars: int = 20_000
    item_bytes: int = 256 * 1024


@dataclass(frozen=True, slots=True)
class Entry:
    """One normalised feed entry: plain text, no HTML, no control characters, an http(s) link."""

    title: str
    text: str
    link: str | None = None
    guid: str | None = None
    published: datetime | None = None
    language: str | None = None
    truncated: tuple[str, ...] = ()     # fields that were longer than their cap and were cut


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed: its title, its ``<ttl>`` in seconds if any, its entries, and how many items
    were dropped because they could not be read (each is logged with the feed and item id)."""

    title: str | None
    format: str
    entries: tuple[Entry, ...]
    ttl_seconds: float | None = None
    dropped: int = 0


def parse_feed(body: bytes, url: str, content_type: str | None = None,
               limits: TextLimits | None = None) -> ParsedFeed:
    """Parse ``body``; raises PermanentFetchError when it is not a feed (e.g. an HTML page)."""
    limits = limits or TextLimits()
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") or (content_type and "json" in content_type.lower()):
        return _parse_json_feed(body, url, limits)
    return _parse_xml_feed(body, url, content_type, limits)


def _struct_to_dt(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _short(value: Any, limit: int) -> str | None:
    """A short identifier-like string field (guid, language): cleaned, stripped, capped."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = clean_text(str(value)[:limit]).strip()
    return text or None


def _entries(items: Iterable[Any], url: str, build: Callable[[Any], Entry]) -> tuple[list[Entry], int]:
    """Build each entry on its own: an item that raises is logged loudly and dropped, the rest kept."""
    entries: list[Entry] = []
    dropped = 0
    for n, item in enumerate(items):
        try:
            entries.append(build(item))
        except Exception:  # one bad item costs that item only
            dropped += 1
            ident = item.get("id") if isinstance(item, dict) else None
            log.exception("feed %s: item %d (id %s) dropped: it could not be read", for_terminal(url), n,
                          for_terminal(str(ident)[:200]))
    for e in entries:
        if e.truncated:
            log.info("feed %s: item %s cut to the configured caps (%s)", for_terminal(url),
                     for_terminal((e.guid or e.link or e.title)[:200]), ", ".join(e.truncated))
    return entries, dropped


def _entry(title_html: str, body_html: str, link: Any, guid: Any, published: datetime | None,
           language: Any, base: str, limits: TextLimits) -> Entry:
    """The normalised entry: text capped and cleaned, link http(s) only, guid and language short."""
    title = html_to_text(title_html, raw_limit=limits.item_bytes, text_limit=limits.title_chars)
    text = html_to_text(body_html, raw_limit=limits.item_bytes, text_limit=limits.text_chars)
    raw_guid = None if guid is None else str(guid)
    cut = [name for name, flag in (("title", title.truncated), ("text", text.truncated),
                                   ("guid", raw_guid is not None and len(raw_guid) > MAX_GUID)) if flag]
    return Entry(title=title.text.replace("\n", " "), text=text.text,
                 link=http_link(link, base) if isinstance(link, str) else None,
                 guid=_short(raw_guid, MAX_GUID), published=published,
                 language=_short(language, MAX_LANGUAGE), truncated=tuple(cut))


def _parse_xml_feed(body: bytes, url: str, content_type: str | None, limits: TextLimits) -> ParsedFeed:
    # No content-location: feedparser would rewrite relative guids against the feed URL, and a
    # feed that moves would then look all new. Relative links are joined below instead.
    headers: dict[str, str] = {}
    if content_type:
        headers["content-type"] = content_type
    body, cut = cap_items(body, limits.item_bytes)
    body = safe_charrefs(body)
    if cut:
        log.info("feed %s: %d item(s) longer than %d bytes cut before parsing", for_terminal(url), cut,
                 limits.item_bytes)
    try:
        parsed = feedparser.parse(body, response_headers=headers, **FEEDPARSER_OPTIONS)
    except (UnicodeError, ValueError, RecursionError) as exc:   # feedparser's loose parser on hostile bytes
        raise PermanentFetchError(f"not a feed (unreadable: {type(exc).__name__})", url=url) from exc
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise PermanentFetchError(f"not a feed ({type(reason).__name__ if reason else 'no feed elements'})",
                                  url=url)
    feed = parsed.feed
    language = feed.get("language") or None
    ttl = None
    raw_ttl = str(feed.get("ttl") or "").strip()
    if raw_ttl.isdigit() and len(raw_ttl) < 8:
        ttl = float(raw_ttl) * 60.0
    entries, dropped = _entries(parsed.entries, url, lambda e: _xml_entry(e, language, url, limits))
    return ParsedFeed(title=_feed_title(feed.get("title"), limits), format=version or "unknown",
                      entries=tuple(entries), ttl_seconds=ttl, dropped=dropped)


def _feed_title(value: Any, limits: TextLimits) -> str | None:
    if not isinstance(value, str):
        return None
    text = html_to_text(value, raw_limit=limits.item_bytes, text_limit=limits.title_chars).text
    return text.replace("\n", " ") or None


def _xml_entry(e: Any, feed_language: str | None, base: str, limits: TextLimits) -> Entry:
    budget = limits.item_bytes
    parts: list[str] = []
    for content in e.get("content") or ():
        value, _ = cap(content.get("value") or "", budget)
        parts.append(value)
    summary, _ = cap(e.get("summary") or "", budget)
    if summary and not any(summary in p for p in parts):   # both capped: bounded work
        parts.insert(0, summary)
    language = None
    detail = e.get("title_detail") or e.get("summary_detail")
    if detail:
        language = detail.get("language") or None
    published = _struct_to_dt(e.get("published_parsed") or e.get("updated_parsed"))
    guid = (e.get("id") or "").strip() or None
    link = (e.get("link") or "").strip() or None
    return _entry(e.get("title") or "", "\n".join(parts), link, guid, published,
                  language or feed_language, base, limits)


def _parse_json_feed(body: bytes, url: str, limits: TextLimits) -> ParsedFeed:
    try:
        doc = json.loads(body.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        raise PermanentFetchError(f"not a feed (invalid JSON: {reason})", url=url) from exc
    if not isinstance(doc, dict) or "jsonfeed.org/version" not in str(doc.get("version", "")):
        raise PermanentFetchError("not a feed (JSON without a JSON Feed version)", url=url)
    language = doc.get("language") if isinstance(doc.get("language"), str) else None
    items = doc.get("items")
    items = [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []
    entries, dropped = _entries(items, url, lambda item: _json_entry(item, language, url, limits))
    title = doc.get("title")
    version = clean_text(str(doc["version"])[-3:])
    return ParsedFeed(title=_feed_title(title, limits), format="json" + version, entries=tuple(entries),
                      dropped=dropped)


def _json_entry(item: dict[str, Any], feed_language: str | None, base: str, limits: TextLimits) -> Entry:
    raw = item.get("content_html") or item.get("content_text") or item.get("summary") or ""
    published = None
    stamp = item.get("date_published") or item.get("date_modified")
    if isinstance(stamp, str) and len(stamp) < 64:
        try:
            published = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
            published = published if published.tzinfo else published.replace(tzinfo=UTC)
        except ValueError:
            published = None
    link = item.get("url") or item.get("external_url")
    title = item.get("title")
    language = item.get("language")
    return _entry(title if isinstance(title, str) else "", raw if isinstance(raw, str) else "",
                  link, item.get("id"), published,
                  language if isinstance(language, str) else feed_language, base, limits)

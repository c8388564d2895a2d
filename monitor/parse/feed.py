"""Feed documents to entries: feedparser for XML feeds, the json module for JSON Feed."""

from __future__ import annotations

import calendar
import functools
import importlib.util
import json
import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from monitor.errors import PermanentFetchError
from monitor.parse.prepare import FEED_BYTES, cap_items, safe_charrefs
from monitor.parse.repeated import split_items, without_seen
from monitor.parse.text import html_to_text
from monitor.sanitize import MAX_LINK, cap, clean_text, for_terminal, http_link

log = logging.getLogger(__name__)

# feedparser spends most of its time sanitising HTML and resolving relative URIs; a text
# matcher needs neither (we strip tags ourselves). See docs/feeds.md for the measurements.
FEEDPARSER_OPTIONS: dict[str, Any] = {"sanitize_html": False, "resolve_relative_uris": False}
# feedparser asks xml.sax for its preferred drivers (libxml2's Python bindings) on every parse:
# a driver that is not installed is a failed import each time, 0.5 ms of searching sys.path per
# feed. The same parser is chosen without it (xml.sax falls back to expat either way).
feedparser.api.PREFERRED_XML_PARSERS = [
    name for name in feedparser.api.PREFERRED_XML_PARSERS if importlib.util.find_spec(name) is not None]
MAX_GUID = MAX_LINK
MAX_LANGUAGE = 16
# Dates outside this range are dropped (treated as missing): a stored date must survive conversion to
# UTC and arithmetic with any duration the config allows (at most 10 years) on every database.
EARLIEST = datetime(100, 1, 1, tzinfo=UTC)
LATEST = datetime(9900, 1, 1, tzinfo=UTC)


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
    skipped: int = 0        # items left out unread because ``known`` named them (see parse_feed)
    item_digests: bytes | None = None   # each item's digest (parse/repeated.py), None: not split


# Given each item's (guid, link) as its Entry would have them, the positions of the items already
# stored: they are left out before their text is prepared.
Known = Callable[[Sequence[tuple[str | None, str | None]]], Collection[int]]


def parse_feed(body: bytes, url: str, content_type: str | None = None,
               limits: TextLimits | None = None, known: Known | None = None,
               repeated: bytes | None = None) -> ParsedFeed:
    """Parse ``body``; raises PermanentFetchError when it is not a feed (e.g. an HTML page).

    With ``known``, the items it names by position are counted in ``skipped`` and not read
    further: no HTML to text, no entry (a changed feed's old items cost only feedparser's pass).
    With ``repeated`` (the last body's ``item_digests``), the items of a well-formed XML body
    that the last body had byte for byte are cut out before feedparser and counted in
    ``skipped`` too (parse/repeated.py).
    """
    limits = limits or TextLimits()
    head = body[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{") or (content_type and "json" in content_type.lower()):
        return _parse_json_feed(body, url, limits, known)
    return _parse_xml_feed(body, url, content_type, limits, known, repeated)


def _unknown(items: list[Any], ids: Callable[[Any], tuple[str | None, str | None]],
             known: Known | None) -> tuple[list[Any], int]:
    """``items`` without those ``known`` names, and how many it named."""
    if known is None or not items:
        return items, 0
    skip = known([_ids_or_none(ids, item) for item in items])
    if not skip:
        return items, 0
    kept = [item for n, item in enumerate(items) if n not in skip]
    return kept, len(items) - len(kept)


def _ids_or_none(ids: Callable[[Any], tuple[str | None, str | None]], item: Any) -> tuple[str | None, str | None]:
    """The item's (guid, link); (None, None) when they cannot be read (the item is then read in
    full, and dropped there with its log line)."""
    try:
        return ids(item)
    except Exception:
        return None, None


def _guid_and_link(guid: Any, link: Any, base: str) -> tuple[str | None, str | None]:
    """The guid and link an Entry gets from these raw values."""
    return (_short(None if guid is None else str(guid), MAX_GUID),
            _web_link(link, base) if isinstance(link, str) else None)


# ``known`` and then the entry ask for the same links one after the other: each is checked once
# (bounded: 512 links of at most 4 KB; a longer feed costs what it did without the cache)
_web_link = functools.lru_cache(maxsize=512)(http_link)


def representable(value: datetime | None) -> datetime | None:
    """``value`` in UTC, or None when it has no time zone-safe representation (year 9999 at -01:00)."""
    if value is None:
        return None
    try:
        utc = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return utc if EARLIEST <= utc <= LATEST else None


def _struct_to_dt(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return representable(datetime.fromtimestamp(calendar.timegm(value), tz=UTC))
    except (OverflowError, ValueError, TypeError, OSError):
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
    short_guid, safe_link = _guid_and_link(guid, link, base)
    return Entry(title=title.text.replace("\n", " "), text=text.text, link=safe_link,
                 guid=short_guid, published=representable(published),
                 language=_short(language, MAX_LANGUAGE), truncated=tuple(cut))


def _parse_xml_feed(body: bytes, url: str, content_type: str | None, limits: TextLimits,
                    known: Known | None, repeated: bytes | None) -> ParsedFeed:
    # No content-location: feedparser would rewrite relative guids against the feed URL, and a
    # feed that moves would then look all new. Relative links are joined below instead.
    headers: dict[str, str] = {}
    if content_type:
        headers["content-type"] = content_type
    body, cut = cap_items(body, limits.item_bytes)
    body = safe_charrefs(body)
    if cut:
        log.info("feed %s: %d item(s) cut before parsing (longer than %d bytes, or past the feed's "
                 "markup budget of %d bytes)", for_terminal(url), cut, limits.item_bytes, FEED_BYTES)
    split = split_items(body, url, content_type)
    trimmed, repeats = without_seen(body, split, repeated) if split and repeated else (body, 0)
    try:
        parsed = feedparser.parse(trimmed, response_headers=headers, **FEEDPARSER_OPTIONS)
        if repeats and (split is None or len(parsed.entries) != len(split.spans) - repeats):
            # feedparser's entries are not the items expat found: read the whole body
            parsed, repeats = feedparser.parse(body, response_headers=headers, **FEEDPARSER_OPTIONS), 0
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
    items, skipped = _unknown(parsed.entries, lambda e: _guid_and_link(*_xml_ids(e), url), known)
    entries, dropped = _entries(items, url, lambda e: _xml_entry(e, language, url, limits))
    return ParsedFeed(title=_feed_title(feed.get("title"), limits), format=version or "unknown",
                      entries=tuple(entries), ttl_seconds=ttl, dropped=dropped, skipped=skipped + repeats,
                      item_digests=split.digests if split else None)


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
    guid, link = _xml_ids(e)
    return _entry(e.get("title") or "", "\n".join(parts), link, guid, published,
                  language or feed_language, base, limits)


def _xml_ids(e: Any) -> tuple[str | None, str | None]:
    """The raw guid and link of a feedparser entry."""
    return (e.get("id") or "").strip() or None, (e.get("link") or "").strip() or None


def _parse_json_feed(body: bytes, url: str, limits: TextLimits, known: Known | None) -> ParsedFeed:
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
    items, skipped = _unknown(items, lambda i: _guid_and_link(*_json_ids(i), url), known)
    entries, dropped = _entries(items, url, lambda item: _json_entry(item, language, url, limits))
    title = doc.get("title")
    version = clean_text(str(doc["version"])[-3:])
    return ParsedFeed(title=_feed_title(title, limits), format="json" + version, entries=tuple(entries),
                      dropped=dropped, skipped=skipped)


def _json_entry(item: dict[str, Any], feed_language: str | None, base: str, limits: TextLimits) -> Entry:
    raw = item.get("content_html") or item.get("content_text") or item.get("summary") or ""
    published = None
    stamp = item.get("date_published") or item.get("date_modified")
    if isinstance(stamp, str) and len(stamp) < 64:
        try:
            published = representable(datetime.fromisoformat(stamp.replace("Z", "+00:00")))
        except ValueError:
            published = None
    guid, link = _json_ids(item)
    title = item.get("title")
    language = item.get("language")
    return _entry(title if isinstance(title, str) else "", raw if isinstance(raw, str) else "",
                  link, guid, published,
                  language if isinstance(language, str) else feed_language, base, limits)


def _json_ids(item: dict[str, Any]) -> tuple[Any, Any]:
    """The raw guid and link of a JSON Feed item."""
    return item.get("id"), item.get("url") or item.get("external_url")

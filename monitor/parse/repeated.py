"""Items a changed XML feed body repeats byte for byte from the last body: left out before feedparser.

A changed feed is mostly old items (a new one on top, 49 the feed had): feedparser's pass over
them was most of a warm cycle's CPU (about 300 us per item), only for the writer to find them
stored. Each ``<item>``/``<entry>`` of a well-formed body gets a digest of its bytes (and of what
can change how the same bytes read: the feed's URL, the content type, everything before the root
element and the start tags around the item); the digests are stored with the feed, and the items
of the next body whose digests are stored are cut out of the markup before it is parsed.

The body is split with expat (the C parser feedparser's strict mode uses), so only well-formed
documents are split, and cutting out whole sibling elements leaves them well-formed: the items
kept parse as they would in the whole body. A body expat rejects (the loose parser's case, where
items are not independent), an item written as an empty element or in an encoding whose bytes
do not show the markup (UTF-16) is parsed whole.
"""

from __future__ import annotations

import hashlib
import xml.parsers.expat
from dataclasses import dataclass

DIGEST_BYTES = 8                 # per item; 400 bytes for a feed of 50 items
_ITEM_NAMES = frozenset({"item", "entry"})


@dataclass(frozen=True, slots=True)
class Split:
    """A well-formed body cut around its items: ``spans`` (start, end) of each top-level item
    element in document order, and each item's digest (DIGEST_BYTES each, same order)."""

    spans: tuple[tuple[int, int], ...]
    digests: bytes


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def split_items(body: bytes, url: str, content_type: str | None) -> Split | None:
    """The items of ``body`` and their digests; None when the body is not split (not well-formed
    XML, an empty-element or undecodable item, no root element)."""
    parser = xml.parsers.expat.ParserCreate()
    starts: list[int] = []             # byte offset of each open element's start tag
    names: list[str] = []
    spans: list[tuple[int, int]] = []
    contexts: list[bytes] = []         # each item's ancestors' start tags
    item_depth = -1                    # depth of the open item element, -1 outside items
    root = -1                          # where the root element starts
    bad = False

    def start(name: str, _attrs: object) -> None:
        nonlocal item_depth, root
        if root < 0:
            root = parser.CurrentByteIndex
        starts.append(parser.CurrentByteIndex)
        names.append(name)
        if item_depth < 0 and _local(name) in _ITEM_NAMES:
            item_depth = len(names)

    def end(name: str) -> None:
        nonlocal item_depth, bad
        at = parser.CurrentByteIndex
        begin = starts.pop()
        names.pop()
        if len(names) + 1 == item_depth:
            item_depth = -1
            close = body.find(b">", at)
            if (not body.startswith(b"</", at) or close < 0     # <item/>, markup not in ASCII bytes,
                    or (spans and begin < spans[-1][1])):      # or an item from an entity
                bad = True
                return
            spans.append((begin, close + 1))
            contexts.append(b"".join(body[s:body.find(b">", s) + 1] for s in starts))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(body, True)
    except (xml.parsers.expat.ExpatError, ValueError, RecursionError):
        return None
    if bad or root < 0:
        return None
    head = hashlib.blake2b(f"{url}\n{content_type or ''}\n".encode("utf-8", "replace"), digest_size=16)
    head.update(body[:root])
    digests = []
    for (begin, stop), context in zip(spans, contexts, strict=True):
        h = head.copy()
        h.update(context)
        h.update(b"\0")
        h.update(body[begin:stop])
        digests.append(h.digest()[:DIGEST_BYTES])
    return Split(spans=tuple(spans), digests=b"".join(digests))


def without_seen(body: bytes, split: Split, seen: bytes) -> tuple[bytes, int]:
    """``body`` without the items whose digests are in ``seen`` (the last body's digests), and
    how many were cut out."""
    if not seen or not split.spans:
        return body, 0
    known = {seen[i:i + DIGEST_BYTES] for i in range(0, len(seen), DIGEST_BYTES)}
    parts: list[bytes] = []
    last = 0
    cut = 0
    for n, (begin, stop) in enumerate(split.spans):
        if split.digests[n * DIGEST_BYTES:(n + 1) * DIGEST_BYTES] in known:
            parts.append(body[last:begin])
            last = stop
            cut += 1
    if not cut:
        return body, 0
    parts.append(body[last:])
    return b"".join(parts), cut

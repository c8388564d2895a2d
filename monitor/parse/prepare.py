"""Byte-level caps on an XML feed body before feedparser sees it: one linear pass each.

feedparser costs about 1.5 microseconds per byte of markup in an ill-formed feed (its loose
parser) and about 1 per byte of child elements in a well-formed one: a single 10 MB item would
cost seconds. Each ``<item>``/``<entry>`` is therefore cut to ``item_bytes`` (its start and its
end are kept: the text a matcher needs, and the guid/link/date that often follow it), and
numeric character references that name no character are neutralised (they crash feedparser).
The whole feed has a budget too (FEED_BYTES of item markup): forty items each just under
``item_bytes`` of ill-formed markup cost 22 s, so once the budget is spent each further item
is cut to its first HARD_ITEM_BYTES and last HARD_TAIL_BYTES.

The loose parser's cost follows the number of tags more than the number of bytes (``'<a ' * n``
is a tag every 3 bytes: 240,000 tags in 700 KB took 3-6 s of CPU), so an item's markup counts
for ``max(bytes, TAG_BYTES * tags)`` against both caps: real HTML (a tag every 20-50 bytes) is
unaffected, a tag flood is cut in proportion.
"""

from __future__ import annotations

import re

_ITEM_OPEN = re.compile(rb"<(?:item|entry|[A-Za-z][\w.-]{0,30}:(?:item|entry))[\s>]")
# surrogates (hex D800-DFFF, decimal 55296-57343), past U+FFFFF, or absurdly long: U+FFFD instead
_BAD_REF = re.compile(rb"&#(?:[xX]0*(?:[dD][89a-fA-F][0-9a-fA-F]{2}|[1-9a-fA-F][0-9a-fA-F]{5,})|0*(?:5529[6-9]"
                      rb"|55[3-9][0-9]{2}|56[0-9]{3}|57[0-2][0-9]{2}|573[0-3][0-9]|5734[0-3]|[1-9][0-9]{6,}));")
_NUL_REF = re.compile(rb"&#(?:[xX]0+|0+);")
CHUNK = 1024 * 1024
TAIL_BYTES = 16 * 1024       # the end of a cut item: closing tags, and guid/link/date written last
FEED_BYTES = 512 * 1024      # item markup per feed read at the full per-item cap
HARD_ITEM_BYTES = 8 * 1024   # what is left of each further item: its start...
HARD_TAIL_BYTES = 2 * 1024   # ...and its end (guid, link, date)
SNAP = 256                   # how far a cut point moves to land before '<' or '&' (no split token)
TAG_BYTES = 16               # what one '<' weighs against the caps (see above)


def safe_charrefs(body: bytes) -> bytes:
    """Numeric character references that name no character (a surrogate, NUL, past U+10FFFF, or
    too many digits; also the rare plane-16 private-use ones) replaced: feedparser's loose parser
    raises on them, which would cost the whole feed. Works in chunks of 1 MiB (cut before an
    ``&``, so no reference is split) to keep memory flat; a no-op without ``&#``."""
    if b"&#" not in body:
        return body
    out: list[bytes] = []
    pos, size = 0, len(body)
    while pos < size:
        end = min(size, pos + CHUNK)
        if end < size:
            amp = body.rfind(b"&", pos, end)
            end = amp if amp > pos else end
        chunk = body[pos:end]
        out.append(_NUL_REF.sub(b"", _BAD_REF.sub(b"&#xFFFD;", chunk)) if b"&#" in chunk else chunk)
        pos = end
    return b"".join(out)


def _head_end(segment: bytes, cut: int) -> int:
    """A cut point at or before ``cut`` that does not split a tag or an entity when one is near."""
    near = max(segment.rfind(b"<", cut - SNAP, cut), segment.rfind(b"&", cut - SNAP, cut))
    return near if near > 0 else cut


def _tail_start(segment: bytes, start: int) -> int:
    near = segment.find(b"<", start, start + SNAP)
    return near if near >= 0 else start


def cap_items(body: bytes, item_bytes: int, feed_bytes: int = FEED_BYTES) -> tuple[bytes, int]:
    """``body`` with every item longer than ``item_bytes`` cut to its first ``item_bytes`` and its
    last 16 KiB, and once ``feed_bytes`` of item markup have been kept, every further item longer
    than 10 KiB cut to its first 8 and last 2 KiB (sizes in weight: bytes, or TAG_BYTES per tag
    where that is more); and how many items were cut. Linear; bodies without a long item are
    returned as is."""
    if max(len(body), TAG_BYTES * body.count(b"<")) <= min(item_bytes, feed_bytes):
        return body, 0
    starts = [0, *(m.start() for m in _ITEM_OPEN.finditer(body)), len(body)]   # 0: the feed's header
    parts: list[bytes] = []
    cut = 0
    last = 0
    kept = 0
    for start, end in zip(starts, starts[1:], strict=False):
        head, tail = (item_bytes, TAIL_BYTES) if kept < feed_bytes else (HARD_ITEM_BYTES, HARD_TAIL_BYTES)
        size = end - start
        weight = max(size, TAG_BYTES * body.count(b"<", start, end))
        if weight <= head + tail:
            kept += weight
            continue
        kept += head + tail
        if weight > size:                       # a tag flood: keep as many tags as the caps allow
            head, tail = max(1, head * size // weight), max(1, tail * size // weight)
        segment = body[start:end]
        parts.append(body[last:start])
        parts.append(segment[:_head_end(segment, head)])
        parts.append(segment[_tail_start(segment, len(segment) - tail):])
        last = end
        cut += 1
    if not cut:
        return body, 0
    parts.append(body[last:])
    return b"".join(parts), cut

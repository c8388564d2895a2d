"""Items a changed body repeats from the last one are cut out before feedparser
(parse/repeated.py): what is parsed is what the whole body gives for the other items."""

from __future__ import annotations

import pytest

from monitor.parse import parse_feed
from monitor.parse.repeated import DIGEST_BYTES, split_items, without_seen

URL = "https://example.org/feed"


def rss(*items: str, channel: str = "<channel><title>T</title>", root: str = '<rss version="2.0">') -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{root}{channel}{"".join(items)}</channel></rss>').encode()


def item(n: int, extra: str = "") -> str:
    return (f"<item><guid>g{n}</guid><title>Title {n}</title><link>https://example.org/{n}</link>"
            f"<description>&lt;p&gt;Text of item {n}, long enough to read.&lt;/p&gt;{extra}</description></item>")


ATOM = ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>'
        '{}</feed>')


def entry(n: int) -> str:
    return (f"<entry><id>urn:e{n}</id><title>E {n}</title><link href='https://example.org/e{n}'/>"
            f"<summary>Summary {n}</summary></entry>")


# (the last body, the new body, how many items of the new body are cut out)
CASES = [
    (rss(item(1), item(2)), rss(item(3), item(1), item(2)), 2),                 # one new item on top
    (rss(item(1), item(2)), rss(item(1), item(2, "x")), 1),                     # an edited item is read
    (rss(item(1)), rss(item(1), channel="<channel><title>New title</title>"), 1),   # channel text: not context
    (rss(item(1)), rss(item(1), channel='<channel xml:base="https://other.org/">'), 0),  # xml:base: context
    (rss(item(1)), rss(item(1), root='<rss version="2.0" xmlns:dc="urn:dc">'), 0),      # namespaces: context
    (ATOM.format(entry(1) + entry(2)).encode(), ATOM.format(entry(0) + entry(1) + entry(2)).encode(), 2),
    (rss(item(1)), rss(item(1)).replace(b"</channel>", b""), 0),                # not well-formed: read whole
    (rss(item(1)), rss(item(1)).replace(b"<item>", b"<item/><item>", 1), 0),    # an empty item: read whole
]


@pytest.mark.parametrize(("last", "body", "cut"), CASES)
def test_repeated_items_are_cut_and_the_rest_parse_as_in_the_whole_body(last: bytes, body: bytes, cut: int) -> None:
    before = parse_feed(last, URL, None)
    whole = parse_feed(body, URL, None)
    trimmed = parse_feed(body, URL, None, repeated=before.item_digests)
    assert trimmed.skipped == cut
    assert trimmed.entries == whole.entries[:len(whole.entries) - cut] or trimmed.entries == tuple(
        e for e in whole.entries if e not in before.entries)
    assert trimmed.title == whole.title and trimmed.item_digests == whole.item_digests


def test_digests_follow_the_items_and_the_url() -> None:
    body = rss(item(1), item(2), item(3))
    split = split_items(body, URL, None)
    assert split is not None and len(split.spans) == 3 and len(split.digests) == 3 * DIGEST_BYTES
    assert [body[a:b].startswith(b"<item>") and body[a:b].endswith(b"</item>") for a, b in split.spans] == [True] * 3
    other = split_items(body, URL + "?moved", None)
    assert other is not None and other.digests[:DIGEST_BYTES] != split.digests[:DIGEST_BYTES]
    assert without_seen(body, split, b"") == (body, 0)
    assert without_seen(body, split, split.digests)[1] == 3


@pytest.mark.parametrize("body", [b"", b"not xml", b"{}", "<rss>\u00e9</rss>".encode("utf-16"),
                                  b'<!DOCTYPE r [<!ENTITY i "<item>x</item>">]><rss><channel>&i;</channel></rss>'])
def test_bodies_not_split(body: bytes) -> None:
    assert split_items(body, URL, None) is None or not split_items(body, URL, None).spans  # type: ignore[union-attr]


def test_json_feeds_have_no_digests() -> None:
    body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "content_text": "x"}]}'
    assert parse_feed(body, URL, "application/json").item_digests is None

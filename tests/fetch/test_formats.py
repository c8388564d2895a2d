"""Every feed format we accept parses to the same normalised entry (golden table)."""

from __future__ import annotations

import importlib.util
import json

import pytest

from monitor.errors import PermanentFetchError
from monitor.parse import parse_feed

EXPECTED = ("Talks in Sugovushan", "Chiefs met. Really.", "https://n.invalid/1", "id-1")

FEEDS = {
    "rss091": ('<?xml version="1.0"?><rss version="0.91"><channel><title>T</title><item>'
               "<title>Talks in Sugovushan</title><link>https://n.invalid/1</link>"
               "<description>&lt;p&gt;Chiefs met.&lt;/p&gt; Really.</description></item></channel></rss>"),
    "rss10": ('<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
              'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>T</title></channel>'
              '<item rdf:about="id-1"><title>Talks in Sugovushan</title><link>https://n.invalid/1</link>'
              "<description>Chiefs met. Really.</description></item></rdf:RDF>"),
    "rss20": ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><ttl>30</ttl><item>'
              "<guid>id-1</guid><title>Talks in &lt;b&gt;Sugovushan&lt;/b&gt;</title>"
              "<link>https://n.invalid/1</link><description><![CDATA[<p>Chiefs met.</p><script>x()</script>"
              " Really.]]></description></item></channel></rss>"),
    "atom10": ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="hy"><title>T</title>'
               '<entry><id>id-1</id><title type="html">Talks in Sugovushan</title>'
               '<link href="https://n.invalid/1"/><content type="html">&lt;p&gt;Chiefs met.&lt;/p&gt; Really.'
               "</content><updated>2026-11-23T10:00:00Z</updated></entry></feed>"),
    "json": json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
        {"id": "id-1", "url": "https://n.invalid/1", "title": "Talks in Sugovushan",
         "content_html": "<p>Chiefs met.</p> Really.", "date_published": "2026-11-23T10:00:00Z"}]}),
}


@pytest.mark.parametrize("kind", sorted(FEEDS))
def test_formats_normalise_alike(kind: str) -> None:
    parsed = parse_feed(FEEDS[kind].encode(), "https://n.invalid/feed")
    e = parsed.entries[0]
    assert e.title == EXPECTED[0]
    assert " ".join(e.text.split()) == EXPECTED[1]
    assert e.link == EXPECTED[2]
    if kind != "rss091":
        assert e.guid == EXPECTED[3]
    if kind == "rss20":
        assert parsed.ttl_seconds == 1800
    if kind == "atom10":
        assert e.language == "hy" and e.published is not None


def test_windows_1252_declared_and_html_rejected() -> None:
    body = FEEDS["rss20"].replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="windows-1252"?>')
    body = body.replace("Really.", "Really \u2013 caf\u00e9.")
    assert "caf\u00e9" in parse_feed(body.encode("cp1252"), "u").entries[0].text
    with pytest.raises(PermanentFetchError, match="not a feed"):
        parse_feed(b'{"hello": 1}', "u")


def test_no_driver_import_is_tried_per_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """feedparser's preferred SAX drivers that are not installed are dropped once: a parse tries
    no import, and xml.sax still gives feedparser the expat reader it fell back to before."""
    import builtins
    import xml.sax
    import xml.sax.expatreader

    import feedparser

    assert all(importlib.util.find_spec(name) for name in feedparser.api.PREFERRED_XML_PARSERS)
    assert isinstance(xml.sax.make_parser(feedparser.api.PREFERRED_XML_PARSERS), xml.sax.expatreader.ExpatParser)
    tried: list[str] = []
    real_import = builtins.__import__

    def spy(name: str, *args: object, **kwargs: object) -> object:
        tried.append(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", spy)
    parse_feed(FEEDS["rss20"].encode(), "https://n.invalid/feed")
    assert "drv_libxml2" not in tried

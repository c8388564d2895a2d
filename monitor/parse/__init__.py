"""Parse stage: feed bytes to normalised entries (RSS 0.9x/1.0/2.0, Atom, JSON Feed)."""

from monitor.parse.feed import Entry, Known, ParsedFeed, TextLimits, parse_feed

__all__ = ["Entry", "Known", "ParsedFeed", "TextLimits", "parse_feed"]

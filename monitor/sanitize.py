"""Hostile-string hygiene shared by every stage: clean text, http(s)-only links, terminal-safe output."""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

# C0 controls except tab and newline, DEL and the C1 controls: removed from stored text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Everything a terminal could act on or that reorders what is shown: C0 (incl. tab, CR, ESC), DEL,
# C1, the bidi embeddings/overrides/isolates and marks, line/paragraph separators.
_TERMINAL = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_TERMINAL_KEEP_NL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                               r"\u202a-\u202e\u2066-\u2069]")
_URL_SAFE = "!#$%&'()*+,-./:;=?@[]_~"   # reserved and unreserved characters; everything else is quoted
MAX_LINK = 2048
SCHEMES = ("http", "https")


def clean_text(value: str) -> str:
    """A string safe to store and process: lone surrogates become U+FFFD, CR becomes a newline,
    NUL and the other C0/C1 controls except tab and newline are removed. Linear time."""
    if not value:
        return value
    if not value.isascii():
        # a lone surrogate cannot be encoded (UTF-8 for the database, the JSON body, the terminal)
        value = _SURROGATES.sub("\ufffd", value)
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", value)


def http_link(raw: str | None, base: str | None = None) -> str | None:
    """``raw`` as an absolute http(s) URL (joined to ``base`` when relative), with unsafe characters
    percent-encoded; None for any other scheme (javascript:, data:, mailto:, ...), and for a relative
    link ("!channel") without an http(s) base."""
    if not raw or len(raw) > 2 * MAX_LINK:
        return None
    link = clean_text(raw).strip()
    if not link or len(link) > MAX_LINK:
        return None
    link = "".join(link.split())    # whitespace inside a URL is never meaningful (wrapped lines)
    try:                            # ValueError: e.g. a malformed IPv6 literal
        if base and not urlsplit(link).scheme:
            if urlsplit(base).scheme.lower() not in SCHEMES:
                return None
            link = urljoin(base, link)
        parts = urlsplit(link)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in SCHEMES or not host:
        return None
    netloc = parts.netloc
    if not netloc.isascii():
        try:
            netloc = netloc.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if any(c in netloc for c in "<>|\\\"'` "):
        return None
    safe = urlunsplit((parts.scheme.lower(), netloc, quote(parts.path, safe=_URL_SAFE),
                       quote(parts.query, safe=_URL_SAFE), quote(parts.fragment, safe=_URL_SAFE)))
    return safe if len(safe) <= MAX_LINK else None


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(value: object, *, keep_newlines: bool = False) -> str:
    """``str(value)`` with control characters and bidi overrides shown as ``\\xNN``/``\\uNNNN``
    escapes, so nothing from a feed can move the cursor, recolour or reorder a terminal line."""
    text = str(value)
    pattern = _TERMINAL_KEEP_NL if keep_newlines else _TERMINAL
    return pattern.sub(_visible, text)


def cap(value: str, limit: int) -> tuple[str, bool]:
    """``value`` cut to ``limit`` characters, and whether it was cut."""
    return (value, False) if len(value) <= limit else (value[:limit], True)


_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_for_terminal(text: str) -> str:
    """A JSON document (from ``json.dumps``, which already escapes C0) with DEL, C1 and bidi
    controls written as ``\\uNNNN`` escapes: the same JSON value, harmless on a terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class TerminalSafeFormatter(logging.Formatter):
    """Log lines with control characters and bidi overrides escaped: a feed-supplied string in a
    message can neither forge a log line (its newlines are escaped too) nor drive the terminal.
    Tracebacks keep their newlines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's naming
        return for_terminal(super().formatMessage(record))

    def formatException(self, ei: Any) -> str:  # noqa: N802
        return for_terminal(super().formatException(ei), keep_newlines=True)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802
        return for_terminal(super().formatStack(stack_info), keep_newlines=True)

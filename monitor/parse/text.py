"""HTML to plain text for matching: tags dropped, entities decoded, whitespace collapsed."""

from __future__ import annotations

import html
import re

_DROP = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BLOCK = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article)\b[^>]*>",
                    re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_LINES = re.compile(r"\s*\n\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def html_to_text(value: str | None) -> str:
    """Plain text of an HTML fragment (or of plain text that merely contains entities)."""
    if not value:
        return ""
    if "<" in value:
        value = _COMMENT.sub(" ", value)
        value = _DROP.sub(" ", value)
        value = _BLOCK.sub("\n", value)
        value = _TAG.sub("", value)
    if "&" in value:
        value = html.unescape(value)
    value = _CONTROL.sub("", value)
    value = _SPACES.sub(" ", value)
    return _LINES.sub("\n", value).strip()

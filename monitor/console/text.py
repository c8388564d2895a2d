"""Feed strings made inert for HTML: capped, control and bidi characters made visible, evidence marked."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup, escape

from monitor.sanitize import http_link

# bidi embeddings, overrides, isolates and marks: shown as a visible code, never obeyed
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(value: str | None, limit: int = 2000) -> str:
    """``value`` capped at ``limit`` characters (cap first: bounded cost), controls dropped, bidi
    controls shown as ``[U+202E]``."""
    if not value:
        return ""
    return inert(value[:limit]) + ("…" if len(value) > limit else "")


def inert(value: str) -> str:
    """``value`` with control characters dropped and bidi controls shown as ``[U+202E]``."""
    return _BIDI.sub(lambda m: f"[U+{ord(m.group()):04X}]", _CONTROL.sub("", value))


def safe_link(url: str | None) -> str | None:
    """``url`` as an absolute http(s) URL, percent-encoded where unsafe, or None (then shown as text,
    not linked): the project's one link rule, ``monitor.sanitize.http_link``."""
    return http_link(url)


def merge_spans(spans: Iterable[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Spans clipped to [0, length], sorted, overlapping ones merged; empty ones dropped."""
    out: list[tuple[int, int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def highlight(text: str, spans: Iterable[tuple[int, int]], *, start: int = 0, end: int | None = None) -> Markup:
    """``text[start:end]`` escaped, with ``spans`` (offsets into ``text``) wrapped in ``<mark>``.
    The caller caps ``text``; the cost is linear in it."""
    end = len(text) if end is None else min(end, len(text))
    parts: list[str] = []
    pos = start
    for s, e in merge_spans(spans, len(text)):
        s, e = max(s, start), min(e, end)
        if e <= s:
            continue
        parts.append(str(escape(inert(text[pos:s]))))
        parts.append(f"<mark>{escape(inert(text[s:e]))}</mark>")
        pos = e
    parts.append(str(escape(inert(text[pos:end]))))
    if end < len(text):
        parts.append("…")
    return Markup("".join(parts))


def evidence_spans(evidence: Iterable[Mapping[str, Any]], field: str) -> list[tuple[int, int]]:
    """The (start, end) of each evidence entry in ``field`` (``title`` or ``text``); bad entries skipped."""
    out = []
    for ev in evidence:
        if not isinstance(ev, Mapping) or ev.get("field") != field:
            continue
        s, e = ev.get("start"), ev.get("end")
        if isinstance(s, int) and isinstance(e, int) and 0 <= s < e:
            out.append((s, e))
    return out


def evidence_lines(evidence: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    """Each evidence entry as (kind, term, field), cleaned for display, repeats dropped, first order kept.
    (The matcher records a term once per place it was found; the list shows it once.)"""
    seen: dict[tuple[str, str, str], None] = {}
    for ev in evidence:
        if isinstance(ev, Mapping):
            seen.setdefault((clean(str(ev.get("kind") or ""), 16), clean(str(ev.get("term") or ""), 200),
                             clean(str(ev.get("field") or ""), 8)), None)
    return list(seen)


def excerpt(text: str, spans: list[tuple[int, int]], *, width: int = 240) -> Markup:
    """About ``width`` characters of ``text`` around its first span, highlighted (the start if none)."""
    merged = merge_spans(spans, len(text))
    if not merged:
        return highlight(text, [], end=width)
    first = merged[0][0]
    lo = max(0, first - width // 3)
    hi = min(len(text), lo + width)
    return (Markup("…") if lo else Markup("")) + highlight(text, merged, start=lo, end=hi)

"""schema.org ClaimReview JSON-LD: export denials with the items that repeat their claim; read
ClaimReview items (a file, a page or a DataFeed of them) as denial drafts."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from monitor.config.denials import DenialConfig
from monitor.console.text import safe_link
from monitor.sanitize import for_terminal

MAX_REVIEWS = 1000        # ClaimReview items read from one document
MAX_DEPTH = 8             # nesting followed (@graph, DataFeed, lists)
MAX_JSON_BYTES = 5 * 1024 * 1024
TEXT_MAX = 5000


@dataclass(frozen=True)
class Appearance:
    """An item that repeats a denied claim (a contradict hit, not reviewed as wrong)."""

    url: str
    headline: str
    date: date | None


def claim_review(denial: DenialConfig, appearances: Iterable[Appearance]) -> dict[str, Any]:
    """One denial as a ClaimReview: the claim rated false by the denying body, with where it appeared."""
    review: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "ClaimReview", "name": denial.title,
        "claimReviewed": denial.claim,
        "author": {"@type": "Organization", "name": denial.source or "unknown"},
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "worstRating": 1, "bestRating": 5,
                         "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", "appearance": [
            {"@type": "CreativeWork", "url": a.url, "headline": a.headline[:300],
             **({"datePublished": a.date.isoformat()} if a.date else {})} for a in appearances]},
        "identifier": denial.id,
    }
    if denial.url and safe_link(denial.url):
        review["url"] = denial.url
    if denial.date:
        review["datePublished"] = denial.date.isoformat()
    return review


@dataclass(frozen=True)
class ImportedReview:
    """What a denial draft needs from one ClaimReview."""

    claim: str
    rating: str
    author: str | None
    url: str | None
    date: str | None


def _text(value: Any) -> str | None:
    """A string of the review on one line (whitespace runs, newlines too, made one space) with control
    and bidi characters shown as escapes: it is printed as a YAML comment and value to paste, so a
    hostile feed can neither add lines (a denial of its own) nor reorder what the analyst reads."""
    if isinstance(value, str):
        return for_terminal(" ".join(value[:TEXT_MAX * 2].split()))[:TEXT_MAX] or None
    if isinstance(value, Mapping):
        return _text(value.get("name"))
    if isinstance(value, list) and value:
        return _text(value[0])
    return None


def _is_claim_review(node: Mapping[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in [k for k in kinds if isinstance(k, str)]


def _walk(node: Any, depth: int = 0) -> Iterator[Mapping[str, Any]]:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, list):
        for x in node[:MAX_REVIEWS * 2]:
            yield from _walk(x, depth + 1)
    elif isinstance(node, Mapping):
        if _is_claim_review(node):
            yield node
            return
        for key in ("@graph", "dataFeedElement", "item", "mainEntity", "hasPart"):
            if key in node:
                yield from _walk(node[key], depth + 1)


def read_claim_reviews(data: Any) -> list[ImportedReview]:
    """The ClaimReview items in parsed JSON-LD (a review, a list, an ``@graph``, a DataFeed)."""
    out = []
    for node in _walk(data):
        claim = _text(node.get("claimReviewed"))
        if not claim:
            continue
        rating = node.get("reviewRating")
        verdict = (_text(rating.get("alternateName")) or "") if isinstance(rating, Mapping) else ""
        url = node.get("url") if isinstance(node.get("url"), str) else None
        out.append(ImportedReview(claim=claim, rating=verdict, author=_text(node.get("author")),
                                  url=safe_link(url), date=_text(node.get("datePublished"))))
        if len(out) >= MAX_REVIEWS:
            break
    return out


def json_ld_blocks(page: str) -> list[Any]:
    """The parsed ``<script type="application/ld+json">`` blocks of an HTML page, or the document
    itself when it is JSON. Linear scan; unparsable blocks are skipped."""
    stripped = page.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            return [json.loads(stripped)]
        except ValueError:
            return []
    blocks: list[Any] = []
    lower, pos = page.lower(), 0
    while len(blocks) < 100:
        start = lower.find("application/ld+json", pos)
        if start < 0:
            break
        open_end = lower.find(">", start)
        close = lower.find("</script", open_end)
        if open_end < 0 or close < 0:
            break
        with contextlib.suppress(ValueError):
            blocks.append(json.loads(page[open_end + 1:close]))
        pos = close
    return blocks


def denial_draft(review: ImportedReview, denial_id: str, suggested: Mapping[str, Any]) -> dict[str, Any]:
    """A denial entry for the config: the suggester's rule with the ClaimReview's facts."""
    entry: dict[str, Any] = {"id": denial_id, "title": f"Not true: {review.claim[:100]}", "claim": review.claim}
    if review.author:
        entry["source"] = review.author
    if review.date and len(review.date) >= 10:
        with contextlib.suppress(ValueError):
            entry["date"] = date.fromisoformat(review.date[:10])
    if review.url:
        entry["url"] = review.url
    for key, value in suggested.items():
        entry.setdefault(key, value)
    return entry


def export_claim_reviews(session: Any, denials: Iterable[DenialConfig], max_appearances: int) -> list[dict[str, Any]]:
    """Each denial as a ClaimReview with the newest items that repeat its claim (http(s) links only)."""
    from monitor.console.queries import appearances

    out = []
    for d in denials:
        seen = [Appearance(url=url, headline=title, date=published.date() if published else None)
                for link, title, published in appearances(session, d.id, max_appearances)
                if (url := safe_link(link)) is not None]
        out.append(claim_review(d, seen))
    return out

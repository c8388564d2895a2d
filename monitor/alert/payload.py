"""The versioned JSON payload of the generic webhook: ``{type, timestamp, data}``."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from monitor.alert.types import DenialInfo, HitInfo, Message, StoryInfo
from monitor.sanitize import http_link

VERSION = "1"


def _time(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value is not None else None


def denial_dict(d: DenialInfo) -> dict[str, Any]:
    return {"id": d.id, "title": d.title, "claim": d.claim, "source": d.source, "url": d.url}


def story_dict(s: StoryInfo | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"id": s.id, "outlets": list(s.outlets), "copies": s.copies, "spread": s.spread,
            "first_seen": _time(s.first_seen), "last_seen": _time(s.last_seen),
            "hit_ids": list(s.hit_ids)}


def hit_dict(h: HitInfo) -> dict[str, Any]:
    item = h.item
    return {
        "hit_id": h.id, "verdict": h.verdict, "score": round(h.score, 3), "reason": h.reason,
        "evidence": [dict(e) for e in h.evidence], "terms": h.terms, "cues": h.cues,
        "created_at": _time(h.created_at),
        "item": {"title": item.title, "link": http_link(item.link), "feed": item.feed, "feed_url": item.feed_url,
                 "published": _time(item.published), "language": item.language},
        "story": story_dict(h.story),
    }


def data_of(message: Message) -> dict[str, Any]:
    """``data`` by type: hit.created is one flat hit; hit.grouped lists hits; notices as queued."""
    if message.notice is not None:
        return dict(message.notice)
    assert message.denial is not None
    if len(message.hits) == 1:
        return {"denial": denial_dict(message.denial), **hit_dict(message.hits[0])}
    return {"denial": denial_dict(message.denial), "count": len(message.hits),
            "hits": [hit_dict(h) for h in message.hits]}


def build_payload(message: Message) -> dict[str, Any]:
    return {"type": message.type, "version": VERSION, "timestamp": _time(message.timestamp),
            "data": data_of(message)}


def encode(message: Message) -> bytes:
    """The exact body that is signed and sent (same bytes on every try)."""
    return json.dumps(build_payload(message), ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True, default=str).encode("utf-8", "replace")  # a lone surrogate: "?"

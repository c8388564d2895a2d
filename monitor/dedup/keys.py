"""Dedup keys: canonical URLs without tracking parameters, content hashes, per-feed keys."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "ref", "ref_src", "ref_url", "cmpid", "ito", "at_medium", "at_campaign",
    "ns_source", "ns_mchannel", "ns_campaign", "ncid", "sr_share", "rss", "from", "spm",
})
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "at_", "__")


def _is_tracking(name: str) -> bool:
    low = name.lower()
    return low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES)


def canonical_url(url: str | None) -> str | None:
    """The URL as the same article has it in every feed: lower-case scheme and host, no default
    port, no fragment, no tracking parameters, remaining parameters sorted, no trailing slash,
    ``http`` and ``https`` and a leading ``www.`` treated as the same. None for a non-web URL."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    host = host.removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    return urlunsplit(("https", host, path, urlencode(query), ""))


def normalised_text(title: str, text: str) -> str:
    """Title and text folded for hashing: case-folded, whitespace collapsed. ``str.split`` and the
    former ``\\s+`` substitution both split on Py_UNICODE_ISSPACE: stored hashes do not change."""
    return " ".join(f"{title}\n{text}".casefold().split())


def content_hash(title: str, text: str) -> str:
    """SHA-256 of the normalised title and text."""
    return hashlib.sha256(normalised_text(title, text).encode("utf-8")).hexdigest()


def dedup_key(guid: str | None, link: str | None, chash: str) -> str:
    """The item's key within its feed: its guid, else its link, else its content hash."""
    if guid:
        return "g:" + hashlib.sha256(guid.strip().encode("utf-8")).hexdigest()[:40]
    if link:
        return "l:" + hashlib.sha256(link.strip().encode("utf-8")).hexdigest()[:40]
    return "c:" + chash[:40]

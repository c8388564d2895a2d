"""Keep secrets out of logs and errors: webhook URLs keep only their scheme and host."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_URL = re.compile(r"https?://[^\s'\"<>]+")


def redact_url(url: str) -> str:
    """``https://hooks.example.com/services/T0/B0/xyz?k=1`` -> ``https://hooks.example.com/***``."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<redacted url>"
    if not parts.scheme or not host:
        return "<redacted url>"
    masked = "/***" if (parts.path not in ("", "/") or parts.query or parts.fragment) else ""
    return f"{parts.scheme}://{host}{port}{masked}"


def redact_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """``text`` with every URL redacted and every known secret replaced by ``***``."""
    text = _URL.sub(lambda m: redact_url(m.group(0)), text)
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text

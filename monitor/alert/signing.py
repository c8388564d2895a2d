"""Standard Webhooks signatures: ``v1,<base64 HMAC-SHA256 of id.timestamp.body>``."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

from monitor.config.notifiers import SECRET_PREFIX as PREFIX
from monitor.config.notifiers import secret_key_bytes
from monitor.errors import ConfigError

__all__ = ["PREFIX", "headers", "secret_key", "sign"]


def secret_key(secret: str) -> bytes:
    """The key bytes of a ``whsec_<base64>`` secret (the config loader already checked it).
    The error never shows the secret."""
    try:
        return secret_key_bytes(secret)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def sign(keys: Sequence[bytes], msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` header: one ``v1,`` signature per key, space separated."""
    content = f"{msg_id}.{timestamp}.".encode() + body
    sigs = [base64.b64encode(hmac.new(k, content, hashlib.sha256).digest()).decode() for k in keys]
    return " ".join(f"v1,{s}" for s in sigs)


def headers(keys: Sequence[bytes], msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """Standard Webhooks headers for one try (the id is stable; the timestamp is the try's)."""
    out = {"webhook-id": msg_id, "webhook-timestamp": str(timestamp)}
    if keys:
        out["webhook-signature"] = sign(keys, msg_id, timestamp, body)
    return out

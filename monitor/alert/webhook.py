"""Generic JSON webhook notifier, signed per Standard Webhooks."""

from __future__ import annotations

import time
from collections.abc import Sequence

from monitor.alert import http
from monitor.alert.payload import encode
from monitor.alert.signing import headers
from monitor.alert.types import Message


class WebhookNotifier:
    """POSTs ``{type, version, timestamp, data}`` with webhook-id/-timestamp/-signature headers."""

    def __init__(self, name: str, url: str, keys: Sequence[bytes], timeout: float,
                 min_interval: float = 0.0) -> None:
        self.name = name
        self._url = url
        self._keys = tuple(keys)
        self._timeout = timeout
        self.min_interval = min_interval

    def __repr__(self) -> str:   # never show the URL or keys
        return f"WebhookNotifier({self.name!r})"

    async def send(self, message: Message) -> None:
        body = encode(message)
        hdrs = headers(self._keys, message.id, int(time.time()), body)
        await http.post(self._url, body, hdrs, self._timeout)

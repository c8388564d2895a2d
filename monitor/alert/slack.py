"""Slack incoming-webhook notifier (Block Kit with a plain-text fallback)."""

from __future__ import annotations

import json

from monitor.alert import http
from monitor.alert.slack_blocks import build_slack_payload
from monitor.alert.types import Message


class SlackNotifier:
    """POSTs Block Kit; Slack's ``channel_is_archived`` etc. disable the destination."""

    def __init__(self, name: str, url: str, timeout: float, min_interval: float = 1.0) -> None:
        self.name = name
        self._url = url
        self._timeout = timeout
        self.min_interval = min_interval

    def __repr__(self) -> str:
        return f"SlackNotifier({self.name!r})"

    async def send(self, message: Message) -> None:
        body = json.dumps(build_slack_payload(message), ensure_ascii=False).encode()
        # Slack ignores webhook-id, but it costs nothing and helps proxies dedupe
        await http.post(self._url, body, {"webhook-id": message.id}, self._timeout)

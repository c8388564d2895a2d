"""Apprise notifier (optional extra): Discord, Teams, Telegram, e-mail... through one Apprise object
per destination. Apprise does not retry here: our outbox owns the retries."""

from __future__ import annotations

import logging
import warnings
from typing import Any

from monitor.alert.render import headline, render_text
from monitor.alert.types import Message
from monitor.errors import ConfigError, RetryableDeliveryError


def scheme_only(url: str) -> str:
    """Apprise URLs carry tokens even in the host part (``tgram://TOKEN/CHAT``): show the scheme."""
    return url.split("://", 1)[0] + "://***" if "://" in url else "<redacted url>"


class AppriseNotifier:
    """Sends the plain-text alert; any failure is retryable (Apprise gives no status to classify)."""

    def __init__(self, name: str, url: str, timeout: float, min_interval: float = 0.0) -> None:
        try:
            with warnings.catch_warnings():   # apprise imports the deprecated imghdr on 3.11/3.12
                warnings.simplefilter("ignore", DeprecationWarning)
                import apprise
        except ImportError as exc:
            raise ConfigError("notifier type 'apprise' needs the apprise package "
                              "(pip install 'disinfo-monitor[apprise]')", key=name) from exc
        # Apprise logs service URLs (tokens included) on failure: keep its logger quiet
        logging.getLogger("apprise").setLevel(logging.CRITICAL)
        self.name = name
        self.min_interval = min_interval
        self._where = scheme_only(url)
        self._timeout = timeout
        self._apprise: Any = apprise.Apprise()
        with warnings.catch_warnings():         # plugins load lazily, some import imghdr
            warnings.simplefilter("ignore", DeprecationWarning)
            added = self._apprise.add(url)
        if not added:
            raise ConfigError(f"not a URL Apprise understands ({self._where})", key=name)
        self._format = apprise.NotifyFormat.TEXT

    def __repr__(self) -> str:
        return f"AppriseNotifier({self.name!r})"

    async def send(self, message: Message) -> None:
        try:
            ok = await self._apprise.async_notify(body=render_text(message), title=headline(message),
                                                  body_format=self._format, timeout=self._timeout)
        except Exception as exc:  # noqa: BLE001 - Apprise plugins raise anything; never show the URL
            raise RetryableDeliveryError(f"{self._where}: {exc.__class__.__name__}") from None
        if not ok:
            raise RetryableDeliveryError(f"{self._where}: Apprise could not deliver")

"""Alert stage: notifiers, routing, retry policy and noise control (the outbox loop is in
``monitor.pipeline.deliver``)."""

from __future__ import annotations

import hashlib

from monitor.alert.console import ConsoleNotifier
from monitor.alert.slack import SlackNotifier
from monitor.alert.types import Message, Notifier
from monitor.alert.webhook import WebhookNotifier
from monitor.config import notifiers as cfg
from monitor.config.model import Config

__all__ = ["Message", "Notifier", "build_notifiers", "config_hash", "group_config"]


def build_notifiers(config: Config) -> dict[str, Notifier]:
    """One notifier per configured destination, keyed by ``config.notifier_names()``.

    Raises ConfigError for a malformed webhook secret (the message never shows it)."""
    from monitor.alert.signing import secret_key

    out: dict[str, Notifier] = {}
    for name, n in zip(config.notifier_names(), config.notifiers, strict=True):
        if isinstance(n, cfg.ConsoleNotifier):
            out[name] = ConsoleNotifier(name)
        elif isinstance(n, cfg.WebhookNotifier):
            secrets = [n.secret] if isinstance(n.secret, str) else list(n.secret or [])
            out[name] = WebhookNotifier(name, n.url, [secret_key(s) for s in secrets],
                                        n.timeout.total_seconds(), n.min_interval.total_seconds())
        elif isinstance(n, cfg.SlackNotifier):
            out[name] = SlackNotifier(name, n.url, n.timeout.total_seconds(),
                                      n.min_interval.total_seconds())
        else:
            from monitor.alert.apprise_notifier import AppriseNotifier

            out[name] = AppriseNotifier(name, n.url, n.timeout.total_seconds(),
                                        n.min_interval.total_seconds())
    return out


def group_config(config: Config, name: str) -> cfg.GroupConfig:
    """The grouping settings of destination ``name`` (its own, else ``delivery.group``)."""
    for n_name, n in zip(config.notifier_names(), config.notifiers, strict=True):
        if n_name == name and n.group is not None:
            return n.group
    return config.delivery.group


def config_hash(config: Config, name: str) -> str | None:
    """A fingerprint of destination ``name``'s settings: a changed URL re-enables a disabled one."""
    for n_name, n in zip(config.notifier_names(), config.notifiers, strict=True):
        if n_name == name:
            return hashlib.sha256(n.model_dump_json(exclude={"route", "group"}).encode()).hexdigest()
    return None

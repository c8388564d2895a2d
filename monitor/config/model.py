"""The whole config: database, feeds, denials, notifiers."""

from __future__ import annotations

from pydantic import Field, model_validator

from monitor.config.base import Strict
from monitor.config.denials import DenialConfig
from monitor.config.feeds import FeedConfig, FetchConfig
from monitor.config.limits import ItemLimits
from monitor.config.notifiers import DeliveryConfig, NotifierConfig


class DatabaseConfig(Strict):
    url: str = Field(min_length=1)


class MetricsConfig(Strict):
    """Prometheus metrics endpoint of the daemon (off unless ``listen`` is set)."""

    listen: str | None = Field(default=None, pattern=r"^[^:\s]*:\d{1,5}$")  # e.g. 127.0.0.1:9464


class Config(Strict):
    """A validated config. Built by ``monitor.config.load``; passed in, never global."""

    database: DatabaseConfig
    feeds: list[FeedConfig] = Field(default_factory=list)
    denials: list[DenialConfig] = Field(default_factory=list)
    notifiers: list[NotifierConfig] = Field(default_factory=list)
    fetch: FetchConfig = Field(default_factory=FetchConfig)
    limits: ItemLimits = Field(default_factory=ItemLimits)
    delivery: DeliveryConfig = Field(default_factory=DeliveryConfig)
    metrics: MetricsConfig = Field(default_factory=MetricsConfig)

    @model_validator(mode="after")
    def _unique_ids(self) -> Config:
        seen: set[str] = set()
        for d in self.denials:
            if d.id in seen:
                raise ValueError(f"duplicate denial id {d.id!r}")
            seen.add(d.id)
        return self

    def notifier_names(self) -> list[str]:
        """Each notifier's name: its ``name``, or its type numbered when repeated."""
        names: list[str] = []
        counts: dict[str, int] = {}
        for n in self.notifiers:
            if n.name:
                names.append(n.name)
                continue
            counts[n.type] = counts.get(n.type, 0) + 1
            names.append(n.type if counts[n.type] == 1 else f"{n.type}-{counts[n.type]}")
        return names

"""The whole config: database, feeds, denials, notifiers."""

from __future__ import annotations

from pydantic import Field, PrivateAttr

from monitor.config.base import Strict
from monitor.config.console import ConsoleConfig
from monitor.config.denials import DenialConfig
from monitor.config.feeds import FeedConfig, FetchConfig
from monitor.config.limits import ItemLimits
from monitor.config.notifiers import DeliveryConfig, NotifierConfig
from monitor.config.ops import DaemonConfig, HttpConfig, RetentionConfig
from monitor.config.yamlfile import Path_


class DatabaseConfig(Strict):
    url: str = Field(min_length=1)


class Config(Strict):
    """A validated config. Built by ``monitor.config.load``; passed in, never global."""

    database: DatabaseConfig
    feeds: list[FeedConfig] = Field(default_factory=list)
    denials: list[DenialConfig] = Field(default_factory=list)
    notifiers: list[NotifierConfig] = Field(default_factory=list)
    fetch: FetchConfig = Field(default_factory=FetchConfig)
    limits: ItemLimits = Field(default_factory=ItemLimits)
    delivery: DeliveryConfig = Field(default_factory=DeliveryConfig)
    daemon: DaemonConfig = Field(default_factory=DaemonConfig)
    http: HttpConfig = Field(default_factory=HttpConfig)
    retention: RetentionConfig = Field(default_factory=RetentionConfig)
    console: ConsoleConfig = Field(default_factory=ConsoleConfig)
    # where it was loaded from: the file and the line of every key path (for later errors)
    _source: str | None = PrivateAttr(default=None)
    _lines: dict[Path_, int] = PrivateAttr(default_factory=dict)

    def set_origin(self, source: str, lines: dict[Path_, int]) -> None:
        self._source, self._lines = source, lines

    def origin(self) -> tuple[str | None, dict[Path_, int]]:
        """The file this config came from (None when built in code) and its key lines."""
        return self._source, self._lines

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

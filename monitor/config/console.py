"""The analyst's console (``disinfo-monitor serve``): where it listens and who may log in."""

from __future__ import annotations

from pydantic import Field

from monitor.config.base import Strict


class ConsoleUser(Strict):
    """A named analyst with a password (form login and HTTP basic auth)."""

    name: str = Field(min_length=1, max_length=128, pattern=r"^[^\s:]+$")
    password: str = Field(min_length=12)


class ConsoleConfig(Strict):
    """Off the network by default; a login is required (token or users), else ``serve`` refuses."""

    in_daemon: bool = False       # `run` serves the console too, on `listen`, started and stopped with it
    listen: str = Field(default="127.0.0.1:8080", pattern=r"^(\[[0-9A-Fa-f:.]+\]|[^:\s\[\]]*):\d{1,5}$")  # [::1]:8080 too
    token: str | None = Field(default=None, min_length=16)     # or $DISINFO_MONITOR_CONSOLE_TOKEN
    users: list[ConsoleUser] = Field(default_factory=list)
    secret_key: str | None = Field(default=None, min_length=32)  # signs session cookies; random if unset
    page_size: int = Field(default=50, ge=5, le=200)

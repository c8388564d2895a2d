"""Where the daemon keeps its files when the config does not say: shared by every stage."""

from __future__ import annotations

import os
from pathlib import Path

from monitor.errors import ConfigError


def default_data_dir() -> Path:
    """``$DISINFO_MONITOR_DATA_DIR``, else ``$XDG_DATA_HOME/disinfo-monitor``, else ~/.local/share."""
    env = os.environ.get("DISINFO_MONITOR_DATA_DIR")
    if env:
        path = Path(env).expanduser()
        if path.exists() and not path.is_dir():
            raise ConfigError(f"$DISINFO_MONITOR_DATA_DIR {str(path)[:300]!r} is not a directory")
        return path
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "disinfo-monitor"

"""Console notifier: a readable alert on standard output (one JSON line each under LOG_FORMAT=json)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import TextIO

from monitor.alert.render import render_text
from monitor.alert.types import Message


class ConsoleNotifier:
    """Prints each message; never fails except when stdout is gone."""

    min_interval = 0.0

    def __init__(self, name: str, stream: TextIO | None = None) -> None:
        self.name = name
        self._stream = stream

    async def send(self, message: Message) -> None:
        from monitor.ops.logs import json_requested

        stream = self._stream or sys.stdout
        text = render_text(message)
        if json_requested():     # a container's log collector reads stdout too: no line may break it
            stream.write(json.dumps({"event": "alert", "level": "info", "logger": "monitor.alert.console",
                                     "destination": self.name, "text": text,
                                     "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds")},
                                    ensure_ascii=False) + "\n")
        else:
            stream.write("\n" + text + "\n")
        stream.flush()

"""Console notifier: a readable alert on standard output."""

from __future__ import annotations

import sys
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
        stream = self._stream or sys.stdout
        stream.write("\n" + render_text(message) + "\n")
        stream.flush()

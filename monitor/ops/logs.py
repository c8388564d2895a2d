"""Structured logs for every stdlib logger (structlog): text or JSON, UTC, redacted, escaped, capped."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Mapping, MutableMapping
from datetime import UTC, datetime
from typing import Any, TextIO

import structlog
from structlog.stdlib import ProcessorFormatter

from monitor.redact import hide_credentials_in_text
from monitor.sanitize import for_terminal

LEVEL_ENV = "LOG_LEVEL"
FORMAT_ENV = "LOG_FORMAT"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
FORMATS = ("text", "json")
MAX_FIELD = 1000           # characters of one field (feed text, error messages)
MAX_TRACE = 20000          # characters of a traceback
NOISY = ("httpx", "httpcore", "apscheduler", "alembic")


_secrets: set[str] = set()
_handler: logging.Handler | None = None


def register_secrets(values: Iterable[str | None]) -> None:
    """Values that must never appear in a log line (webhook URLs and secrets, passwords, tokens)."""
    _secrets.update(v for v in values if v and len(v) >= 4)


def clean(text: str, limit: int = MAX_FIELD, *, keep_newlines: bool = False) -> str:
    """``text`` capped at ``limit`` characters (before any regex), secrets masked, controls escaped."""
    if len(text) > limit:
        text = text[:limit] + "...[truncated]"
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "***")
    text = hide_credentials_in_text(text)        # user:pass@ and token=/key=-style parameters in URLs
    # controls, DEL, C1 and bidi overrides shown as \xNN / \uNNNN: nothing rewrites a terminal or fakes a line
    return for_terminal(text, keep_newlines=keep_newlines)


def _sanitize(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key, value in list(event.items()):
        if key == "exception" and isinstance(value, str):
            event[key] = clean(value, MAX_TRACE, keep_newlines=True)
        elif isinstance(value, str):
            event[key] = clean(value)
        elif not isinstance(value, (int, float, bool)) and value is not None:
            event[key] = clean(str(value))
    return event


def _utc_timestamp(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    event["timestamp"] = datetime.now(UTC).isoformat(timespec="milliseconds")   # ...+00:00
    return event


def resolve(level: str | None, fmt: str | None) -> tuple[str, str]:
    """The level and format to use: arguments, else $LOG_LEVEL / $LOG_FORMAT, else INFO / text.
    An unknown value in the environment is an error naming the variable."""
    level = (level or os.environ.get(LEVEL_ENV) or "INFO").upper()
    if level not in LEVELS:
        raise ValueError(f"{LEVEL_ENV}={level!r}: expected one of {', '.join(LEVELS)}")
    fmt = (fmt or os.environ.get(FORMAT_ENV) or "text").lower()
    if fmt not in FORMATS:
        raise ValueError(f"{FORMAT_ENV}={fmt!r}: expected one of {', '.join(FORMATS)}")
    return level, fmt


def json_requested() -> bool:
    """Whether $LOG_FORMAT asks for JSON (as ``resolve`` reads it), before logging is set up."""
    return (os.environ.get(FORMAT_ENV) or "").lower() == "json"


def emit(event: str, fields: Mapping[str, Any] | None = None, *, level: int = logging.INFO,
         exc_info: bool = False) -> None:
    """One line through the configured formatter whatever the level filter: the error that ends a
    command (``exc_info``: the exception being handled). Sets up JSON logging at INFO when nothing
    is set up yet (a bad $LOG_LEVEL under LOG_FORMAT=json)."""
    if _handler is None:
        setup_logging("INFO", "json")
    record = logging.getLogger("monitor").makeRecord(
        "monitor", level, __file__, 0, event, (), sys.exc_info() if exc_info else None, extra=dict(fields or {}))
    handler = _handler
    if handler is not None:
        handler.handle(record)


class _StreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to ``stream``, or to whatever ``sys.stderr`` is at the time of each record."""

    def __init__(self, stream: TextIO | None) -> None:
        super().__init__(stream or sys.stderr)
        self._fixed = stream

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = self._fixed or sys.stderr
        super().emit(record)


def setup_logging(level: str | None = None, fmt: str | None = None, stream: TextIO | None = None) -> None:
    """Route every stdlib logger through one structlog formatter on stderr (idempotent)."""
    global _handler
    level, fmt = resolve(level, fmt)
    renderer: Any = (structlog.processors.JSONRenderer(ensure_ascii=False) if fmt == "json"
                     else structlog.dev.ConsoleRenderer(colors=False, pad_event_to=0,
                                                        exception_formatter=structlog.dev.plain_traceback))
    formatter = ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.add_log_level, structlog.stdlib.add_logger_name,
                           structlog.stdlib.ExtraAdder(), _utc_timestamp],
        processors=[ProcessorFormatter.remove_processors_meta, structlog.processors.format_exc_info,
                    _sanitize, renderer])
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
    _handler = _StreamHandler(stream)
    _handler.setFormatter(formatter)
    root.addHandler(_handler)
    root.setLevel(getattr(logging, level))
    for name in NOISY:
        logging.getLogger(name).setLevel(max(logging.WARNING, getattr(logging, level)))


def config_secrets(config: Any) -> list[str]:
    """The secrets of a Config: notifier URLs and signing secrets, the database password, the HTTP token."""
    from sqlalchemy.engine import make_url

    out: list[str] = []
    for notifier in config.notifiers:
        if getattr(notifier, "url", None):
            out.append(notifier.url)
        secret = getattr(notifier, "secret", None)
        out.extend([secret] if isinstance(secret, str) else list(secret or []))
    try:
        password = make_url(config.database.url).password
    except Exception:  # noqa: BLE001 - an unparseable URL has no password to find
        password = None
    out.extend(str(p) for p in (password, config.http.token) if p)
    return out

"""Shared pydantic base and value types for the config models."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, None: 1}
MAX_DURATION = timedelta(days=3650)     # 10 years: the upper bound of every duration, config and CLI


class Strict(BaseModel):
    """Config base: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def parse_duration(value: object) -> timedelta:
    """Accept ``90``, ``"90s"``, ``"15m"``, ``"2h"``, ``"7d"`` or a timedelta, up to MAX_DURATION."""
    seconds: float | None = None
    if isinstance(value, timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and len(value) < 64:
        m = _DURATION.match(value)
        if m:
            seconds = float(m.group(1)) * _UNITS[m.group(2)]
    if seconds is None or seconds != seconds or seconds < 0:     # NaN is not equal to itself
        shown = repr(value)[:80] if not isinstance(value, bool) else repr(value)
        raise ValueError(f"expected a duration like 90s, 15m, 2h or 7d, got {shown}")
    if seconds > MAX_DURATION.total_seconds():
        raise ValueError(f"duration {str(value)[:40]!r} is longer than the maximum of 10 years (3650d)")
    return timedelta(seconds=seconds)


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]

MIN_PERIOD = timedelta(seconds=1)


def check_period(value: timedelta) -> timedelta:
    """A duration that drives a loop or a schedule (poll intervals, ticks, leases, backoff): 0s
    would spin, and less than a second is a typo for a longer unit."""
    if value < MIN_PERIOD:
        raise ValueError("must be at least 1s")
    return value


def check_timeout(value: timedelta) -> timedelta:
    """A time limit: 0s would fail every request before it starts."""
    if value <= timedelta(0):
        raise ValueError("must be longer than 0s")
    return value


Period = Annotated[timedelta, BeforeValidator(parse_duration), AfterValidator(check_period)]
Timeout = Annotated[timedelta, BeforeValidator(parse_duration), AfterValidator(check_timeout)]


MAX_NAME = 200
_NOT_PRINTABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})   # controls, bidi, unassigned, breaks


def check_name(value: str) -> str:
    """A name or id the config refers to (feed, notifier, keyword group): printable text only,
    since it travels to the database, logs, Slack and the terminal."""
    if not value.strip():
        raise ValueError("a name must not be empty")
    if len(value) > MAX_NAME:
        raise ValueError(f"a name is at most {MAX_NAME} characters")
    bad = next((c for c in value if unicodedata.category(c) in _NOT_PRINTABLE), None)
    if bad is not None:
        raise ValueError(f"a name must be printable text: it holds {bad!r} (U+{ord(bad):04X})")
    return value


Name = Annotated[str, AfterValidator(check_name)]

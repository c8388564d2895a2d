"""Shared click option types: durations, and names that must refer to something configured."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING

import click

from monitor.config.base import check_period, parse_duration

if TYPE_CHECKING:    # click 8.2+ types ParamType as a generic; older versions are not subscriptable
    _DurationBase = click.ParamType[timedelta]
else:
    _DurationBase = click.ParamType


class DurationType(_DurationBase):
    """``90s``, ``15m``, ``2h``, ``7d``: a bad value is a usage error (exit 2) naming the option."""

    name = "duration"

    def __init__(self, check: Callable[[timedelta], timedelta] | None = None) -> None:
        self._check = check

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> timedelta:
        try:
            duration = parse_duration(value)
            return self._check(duration) if self._check else duration
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


DURATION = DurationType()
PERIOD = DurationType(check_period)     # a poll interval: at least 1s, as in the config


def check_known(option: str, kind: str, value: str | None, known: Iterable[str]) -> None:
    """A usage error (exit 2) when ``value`` names no ``kind`` in ``known``."""
    names = sorted(set(known))
    if value is None or value in names:
        return
    listed = ", ".join(repr(n) for n in names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
    hint = "known: " + listed if names else f"no {kind}s are configured"
    raise click.BadParameter(f"unknown {kind} {value!r} ({hint})", param_hint=f"'{option}'")

"""Parse the console's query strings and forms into typed values; bad input is a message, not a crash."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from monitor.console.queries import REVIEW_FILTERS, HitFilter

VERDICTS = ("match", "contradict", "mention")
FIELD_MAX = 200


def parse_day(value: str, name: str) -> datetime:
    """``YYYY-MM-DD`` or an ISO time as UTC; ValueError names the field."""
    try:
        t = datetime.fromisoformat(value.strip()[:40])
    except ValueError:
        raise ValueError(f"{name}: expected a date like 2026-12-01, got {value[:40]!r}") from None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def parse_int(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise ValueError(f"{name}: expected a number, got {value[:40]!r}")
    return int(value)


def hit_filter(params: Mapping[str, str], denial_ids: list[str]) -> tuple[HitFilter, list[str]]:
    """The filter named by ``params``; unknown values are dropped with a message each."""
    errors: list[str] = []
    get = {k: (params.get(k) or "").strip()[:FIELD_MAX] for k in
           ("denial", "verdict", "feed", "language", "review", "since", "until")}
    denial = get["denial"] or None
    if denial and denial not in denial_ids:
        errors.append(f"denial: no denial {denial!r}")
        denial = None
    verdict = get["verdict"] or None
    if verdict and verdict not in VERDICTS:
        errors.append(f"verdict: one of {', '.join(VERDICTS)}")
        verdict = None
    review = get["review"] or None
    if review and review not in REVIEW_FILTERS:
        errors.append(f"review: one of {', '.join(REVIEW_FILTERS)}")
        review = None
    feed = since = until = None
    try:
        feed = parse_int(get["feed"], "feed")
    except ValueError as exc:
        errors.append(str(exc))
    try:
        since = parse_day(get["since"], "since") if get["since"] else None
        until = parse_day(get["until"], "until") if get["until"] else None
    except ValueError as exc:
        errors.append(str(exc))
    return HitFilter(denial=denial, verdict=verdict, feed=feed, language=get["language"][:16] or None,
                     review=review, since=since, until=until), errors

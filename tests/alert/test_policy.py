"""Table tests of the pure parts: retry classes and schedule, Retry-After, redaction, signing."""

from __future__ import annotations

import json
import random
import time
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from monitor.alert.redact import redact_text, redact_url
from monitor.alert.retry import SCHEDULE, TOTAL, classify_status, next_delay, parse_retry_after, retry_at
from monitor.alert.signing import headers, secret_key
from monitor.errors import ConfigError

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("status", "body", "outcome"), [
    (200, "", "delivered"), (204, "", "delivered"), (299, "", "delivered"),
    (429, "", "retry"), (502, "", "retry"), (503, "", "retry"), (504, "", "retry"), (500, "", "retry"),
    (408, "", "retry"),
    (400, "", "dead"), (401, "", "dead"), (403, "", "dead"), (404, "", "dead"), (422, "", "dead"),
    (301, "", "dead"),
    (410, "", "disable"), (404, "channel_is_archived", "disable"), (403, "invalid_token", "disable"),
    (404, "no_service", "disable"), (400, "invalid_payload", "dead"), (500, "rollup_error", "retry"),
])
def test_classify_status(status: int, body: str, outcome: str) -> None:
    assert classify_status(status, body) == outcome


@pytest.mark.parametrize(("attempts", "expected"), [
    (1, 5), (2, 300), (3, 1800), (4, 7200), (5, 18000), (6, 36000), (7, 50400), (8, 72000),
    (9, 86400), (10, None), (11, None),
])
def test_schedule_follows_standard_webhooks(attempts: int, expected: float | None) -> None:
    delay = next_delay(attempts, random.Random(1))
    if expected is None:
        assert delay is None
    else:
        assert delay is not None
        assert expected * 0.9 <= delay.total_seconds() <= expected * 1.1


def test_schedule_is_jittered_and_totals_about_three_days() -> None:
    delays = {next_delay(3, random.Random(seed)) for seed in range(20)}
    assert len(delays) > 10
    assert SCHEDULE[0] == 0 and len(SCHEDULE) == 10
    assert timedelta(hours=75) < TOTAL < timedelta(hours=76)


@pytest.mark.parametrize(("attempts", "retry_after", "age_h", "low", "high"), [
    (1, None, 0, 4.5, 5.5),            # schedule
    (1, 120.0, 0, 120, 120),           # Retry-After longer than the schedule wins
    (3, 10.0, 0, 1620, 1980),          # shorter Retry-After: schedule wins
    (1, 10 ** 9, 0, 86400, 86400),     # absurd Retry-After capped at 24 h
    (10, None, 0, None, None),         # schedule spent: dead
    (2, None, 76, None, None),         # older than the whole schedule: dead
])
def test_retry_at(attempts: int, retry_after: float | None, age_h: float, low: float | None,
                  high: float | None) -> None:
    at = retry_at(NOW, attempts, NOW - timedelta(hours=age_h), retry_after, random.Random(7))
    if low is None:
        assert at is None
    else:
        assert at is not None
        assert low <= (at - NOW).total_seconds() <= high  # type: ignore[operator]


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), ("", None), ("30", 30.0), (" 2 ", 2.0), ("-5", 0.0),
    ("Sun, 01 Mar 2026 12:01:00 GMT", 60.0), ("Sun, 01 Mar 2026 11:00:00 GMT", 0.0), ("soon", None),
])
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, NOW) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://hooks.slack.com/services/T00/B00/XXXX", "https://hooks.slack.com/***"),
    ("https://example.org/hook?token=abc", "https://example.org/***"),
    ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
    ("https://user:pw@example.org/x", "https://example.org/***"),
    ("not a url", "<redacted url>"),
])
def test_redact_url(url: str, expected: str) -> None:
    assert redact_url(url) == expected


def test_redact_text_hides_urls_and_secrets() -> None:
    text = "POST https://hooks.slack.com/services/T/B/sekrit failed with whsec_abc"
    out = redact_text(text, ("whsec_abc",))
    assert "sekrit" not in out and "whsec_abc" not in out and "hooks.slack.com" in out


OLD = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
NEW = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"


def test_signature_verifies_with_standardwebhooks_including_rotation() -> None:
    body = json.dumps({"type": "hit.created", "data": {}}).encode()
    ts = int(time.time())
    both = headers([secret_key(NEW), secret_key(OLD)], "msg_1", ts, body)
    assert both["webhook-signature"].count("v1,") == 2
    for secret in (OLD, NEW):       # receivers on either secret accept during the rotation
        wh = Webhook(secret)
        assert wh.verify(body, both) == {"type": "hit.created", "data": {}}
    with pytest.raises(WebhookVerificationError):
        wh = Webhook("whsec_" + "A" * 32)
        wh.verify(body, both)
    tampered = dict(both, **{"webhook-id": "msg_2"})
    with pytest.raises(WebhookVerificationError):
        wh = Webhook(OLD)
        wh.verify(body, tampered)


@pytest.mark.parametrize("bad", ["whsec_not base64!", "whsec_YWJj", "plain words"])
def test_bad_secret_is_a_config_error_that_hides_it(bad: str) -> None:
    with pytest.raises(ConfigError) as err:
        secret_key(bad)
    assert bad not in str(err.value)

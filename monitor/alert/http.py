"""POST to a destination and turn every answer or httpx error into our exception tree."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from monitor.alert.redact import redact_url
from monitor.alert.retry import classify_status, parse_retry_after
from monitor.errors import DestinationDisabled, PermanentDeliveryError, RetryableDeliveryError

USER_AGENT = "disinfo-monitor-webhooks/1"


async def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> None:
    """POST ``body``; return on 2xx, else raise. Messages name only the redacted URL."""
    where = redact_url(url)
    all_headers = {"content-type": "application/json", "user-agent": USER_AGENT, **headers}
    try:
        # no redirects: a 3xx is a misconfigured URL (dead-lettered), and must not leak the body
        async with httpx.AsyncClient(timeout=httpx.Timeout(timeout), follow_redirects=False) as client:
            resp = await client.post(url, content=body, headers=all_headers)
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise PermanentDeliveryError(f"{where}: bad URL ({exc.__class__.__name__})") from None
    except httpx.TimeoutException as exc:
        # from None: httpx errors carry the full (secret) URL, which must not reach logs
        raise RetryableDeliveryError(f"{where}: timed out ({exc.__class__.__name__})") from None
    except httpx.TransportError as exc:
        raise RetryableDeliveryError(f"{where}: network error ({exc.__class__.__name__})") from None
    except httpx.HTTPError as exc:
        raise PermanentDeliveryError(f"{where}: {exc.__class__.__name__}") from None
    raise_for_answer(where, resp.status_code, resp.text[:200], resp.headers.get("retry-after"))


def raise_for_answer(where: str, status: int, body: str, retry_after_header: str | None) -> None:
    """Classify an HTTP answer (see ``retry.classify_status``)."""
    outcome = classify_status(status, body)
    if outcome == "delivered":
        return
    retry_after = parse_retry_after(retry_after_header, datetime.now(UTC))
    snippet = " ".join(body.split())[:80]
    detail = f"{where}: HTTP {status}" + (f" {snippet}" if snippet and len(snippet) < 80 else "")
    if outcome == "disable":
        raise DestinationDisabled(detail, status=status)
    if outcome == "retry":
        raise RetryableDeliveryError(detail, status=status, retry_after=retry_after)
    raise PermanentDeliveryError(detail, status=status)

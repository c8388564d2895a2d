"""The JSON API: auth, cursor pagination, reviews, and schemathesis against its OpenAPI document."""

from __future__ import annotations

import base64
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from tests.console.conftest import TOKEN, make_console

BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def api(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    app, engine = make_console(demo_db, monkeypatch)
    with TestClient(app, base_url="http://127.0.0.1") as c:   # type: ignore[arg-type]
        yield c
    engine.dispose()  # type: ignore[attr-defined]


def test_the_api_needs_credentials(api: TestClient) -> None:
    assert api.get("/api/v1/hits").status_code == 401
    assert api.get("/api/v1/hits", headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code == 401
    assert api.get("/api/v1/hits", headers=BEARER).status_code == 200
    basic = base64.b64encode(f"ana:{TOKEN}".encode()).decode()
    assert api.get("/api/v1/hits", headers={"Authorization": f"Basic {basic}"}).status_code == 200
    assert api.get("/api/v1/hits", headers={"Authorization": "Basic !!!"}).status_code == 401
    # the session cookie of the pages is not accepted by the API (so the API needs no CSRF token)
    assert api.get("/api/v1/openapi.json").json()["info"]["title"] == "disinfo-monitor console API"


def test_cursor_pagination_and_filters(api: TestClient) -> None:
    first = api.get("/api/v1/hits?limit=1", headers=BEARER).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = api.get(f"/api/v1/hits?limit=1&cursor={first['next_cursor']}", headers=BEARER).json()
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert first["items"][0]["id"] > second["items"][0]["id"]
    hit = second["items"][0]
    assert hit["link"].startswith("https://demo.invalid/") and hit["evidence"][0]["term"]
    assert hit["story"]["outlets"] == 1
    match = api.get("/api/v1/hits?verdict=match", headers=BEARER).json()["items"]
    assert [h["verdict"] for h in match] == ["match"]
    unknown = api.get("/api/v1/hits?denial=nope", headers=BEARER)
    assert unknown.status_code == 422 and "no denial 'nope'" in unknown.text


def test_reviews_through_the_api(api: TestClient) -> None:
    hits = api.get("/api/v1/hits", headers=BEARER).json()["items"]
    contra = next(h for h in hits if h["verdict"] == "contradict")
    r = api.post(f"/api/v1/hits/{contra['id']}/reviews", headers=BEARER,
                 json={"state": "wrong_verdict", "right_verdict": "mention", "note": "neutral"})
    assert r.status_code == 201, r.text
    assert r.json()["reviewer"] == "api" and r.json()["right_verdict"] == "mention"
    bad = api.post(f"/api/v1/hits/{contra['id']}/reviews", headers=BEARER, json={"state": "wrong_verdict"})
    assert bad.status_code == 422 and "needs the right verdict" in bad.text
    assert api.post("/api/v1/hits/999999/reviews", headers=BEARER, json={"state": "confirmed"}).status_code == 404
    denial = api.get("/api/v1/denials", headers=BEARER).json()[0]
    assert (denial["reviewed"], denial["wrong_verdict"], denial["precision"]) == (1, 1, 0.0)
    detail = api.get(f"/api/v1/hits/{contra['id']}", headers=BEARER).json()
    assert detail["review"]["state"] == "wrong_verdict" and len(detail["reviews"]) == 1
    reviews = api.get("/api/v1/reviews", headers=BEARER).json()
    assert reviews["items"][0]["hit_id"] == contra["id"]
    story = api.get(f"/api/v1/stories/{contra['story']['id']}", headers=BEARER).json()
    assert story["copies"] == 1
    feeds = api.get("/api/v1/feeds", headers=BEARER).json()
    assert feeds[0]["name"] == "demo-feed"
    assert api.get("/api/v1/deliveries?status=sent", headers=BEARER).json()["items"]


def test_the_api_keeps_its_openapi_promises(demo_sqlite: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Generated requests to every operation get documented answers that match their schema, never a
    500 (bounded: 20 examples per operation, derandomized)."""
    app, engine = make_console(demo_sqlite, monkeypatch)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 9

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=20, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=BEARER)

        check()
    engine.dispose()  # type: ignore[attr-defined]

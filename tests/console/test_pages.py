"""The console's pages over a database filled by the real pipeline (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.console.conftest import csrf_of


def hit_id_of(client: TestClient, verdict: str) -> int:
    page = client.get(f"/hits?verdict={verdict}")
    ids = re.findall(r'href="/hits/(\d+)" class="open"', page.text)
    assert len(ids) == 1, page.text
    return int(ids[0])


def test_every_page_renders_with_security_headers(client: TestClient) -> None:
    for path in ("/hits", "/denials", "/denials/new", "/feeds", "/deliveries", "/deliveries?status=dead"):
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:500])
        assert "script-src" not in r.headers["content-security-policy"]
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert r.headers["x-frame-options"] == "DENY"
    hits = client.get("/hits").text
    assert "<mark>Abazyan</mark>, <mark>Muradov</mark> and <mark>Naghiyev</mark> held secret" in hits
    assert "<mark>" in hits and "story: 1 outlet, 1 copy" in hits
    feeds = client.get("/feeds").text
    assert "demo-feed" in feeds and "<td>ok</td>" in feeds


def test_filters_narrow_the_hits(client: TestClient) -> None:
    assert client.get("/hits").text.count('class="hit"') == 2
    assert client.get("/hits?verdict=match").text.count('class="hit"') == 1
    assert client.get("/hits?review=confirmed").text.count('class="hit"') == 0
    assert client.get("/hits?review=unreviewed").text.count('class="hit"') == 2
    assert client.get("/hits?since=2000-01-01&until=2001-01-01").text.count('class="hit"') == 0
    bad = client.get("/hits?verdict=maybe&since=yesterday&feed=x")
    assert bad.status_code == 200
    assert "verdict: one of match, contradict, mention" in bad.text
    assert "since: expected a date like 2026-12-01" in bad.text and "feed: expected a number" in bad.text


def test_review_from_the_page_changes_the_precision(client: TestClient) -> None:
    contra, match = hit_id_of(client, "contradict"), hit_id_of(client, "match")
    page = client.get(f"/hits/{match}")
    assert "<mark>" in page.text and 'id="precision">n/a' in page.text
    r = client.post(f"/hits/{match}/review", data={"csrf": csrf_of(page.text), "state": "confirmed"},
                    follow_redirects=False)
    assert r.status_code == 303
    page = client.get(f"/hits/{contra}")
    assert 'id="precision">100%' in page.text
    client.post(f"/hits/{contra}/review", data={"csrf": csrf_of(page.text), "state": "false_positive",
                                                "note": "other meeting"})
    assert 'id="precision-sugovushan-meeting">50%' in client.get("/denials").text
    assert client.get("/hits?review=false_positive").text.count('class="hit"') == 1
    detail = client.get(f"/hits/{contra}").text
    assert "other meeting" in detail and "ana" in detail
    # only the current review counts: reviewed again, the hit leaves the false-positive filter
    client.post(f"/hits/{contra}/review", data={"csrf": csrf_of(detail), "state": "confirmed"})
    assert client.get("/hits?review=false_positive").text.count('class="hit"') == 0
    assert client.get("/hits?review=confirmed").text.count('class="hit"') == 2
    assert client.get("/hits?review=confirmed&verdict=contradict").text.count('class="hit"') == 1
    assert client.get("/hits?review=unreviewed").text.count('class="hit"') == 0


def test_the_denial_test_box_and_suggest(client: TestClient) -> None:
    page = client.get("/denials")
    assert "<svg" in page.text and "1 contradict" in page.text   # the chart's tooltip of today's bar
    r = client.post("/denials/sugovushan-meeting/test", data={
        "csrf": csrf_of(page.text), "title": "State Security Service denies reports of Sugovushan meeting",
        "text": "The service called reports that Abazyan, Muradov and Naghiyev met in Sugovushan false."})
    assert r.status_code == 200
    assert 'id="test-verdict">match' in r.text and "<mark>Sugovushan</mark>" in r.text
    r = client.post("/denials/sugovushan-meeting/test", data={"csrf": csrf_of(page.text),
                                                              "url": "file:///etc/passwd"})
    assert "only http(s) URLs can be fetched" in r.text
    r = client.post("/denials/new", data={"csrf": csrf_of(page.text), "id": "x-denial", "statement":
                    "The Ministry of Defence denies reports that General Ivanov visited Tartus."})
    assert r.status_code == 200 and "id: x-denial" in r.text


def test_the_test_box_reads_text_as_the_daemon_and_test_rule_do(client: TestClient) -> None:
    """A claim that only appears past the configured text cap (limits.text_chars) is no hit for the
    daemon and for ``test-rule``; the box says the same, and that it cut the input."""
    from click.testing import CliRunner

    from monitor.cli import main

    claim = "Abazyan, Muradov and Naghiyev met in Sugovushan on Thursday, channels claimed."
    text = "Filler about markets and weather. " * 700 + claim          # the claim starts after 23,800 characters
    page = client.get("/denials")
    r = client.post("/denials/sugovushan-meeting/test",
                    data={"csrf": csrf_of(page.text), "title": "Markets today", "text": text})
    cli = CliRunner().invoke(main, ["test-rule", "sugovushan-meeting", "--title", "Markets today", "--text", text])
    assert cli.exit_code == 0 and cli.output.rstrip().endswith("=> no hit"), cli.output[-500:]
    assert r.status_code == 200 and 'id="test-verdict">no hit' in r.text, r.text[-3000:]
    assert "input truncated (text cut to 20,000 characters)" in r.text
    short = client.post("/denials/sugovushan-meeting/test",
                        data={"csrf": csrf_of(page.text), "title": "Markets today", "text": claim})
    assert 'id="test-verdict">contradict' in short.text and 'id="test-notice"' not in short.text


def test_pages_need_a_login(demo_sqlite: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.console.conftest import TOKEN, make_console

    app, engine = make_console(demo_sqlite, monkeypatch)
    with TestClient(app, base_url="http://127.0.0.1") as c:   # type: ignore[arg-type]
        for path in ("/", "/hits", "/hits/1", "/denials", "/feeds", "/deliveries"):
            r = c.get(path, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"] == "/login", path
        page = c.get("/login")
        bad = c.post("/login", data={"csrf": csrf_of(page.text), "name": "ana", "secret": TOKEN + "x"})
        assert bad.status_code == 401 and "wrong name or secret" in bad.text
        no_csrf = c.post("/login", data={"name": "ana", "secret": TOKEN})
        assert no_csrf.status_code == 403
    engine.dispose()  # type: ignore[attr-defined]


def test_named_users_log_in_with_their_own_password(demo_sqlite: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """console.users, as serve builds the logins from the config: each name only with its own password, on
    the login page and by basic auth; the name is the reviewer; no token configured, so no bearer login."""
    import base64

    from monitor.config.console import ConsoleConfig
    from monitor.config.load import load_config
    from monitor.console.app import create_console
    from monitor.console.security import auth_from
    from monitor.store.db import make_sessions, open_database
    from tests.console.conftest import use_demo_config

    use_demo_config(demo_sqlite, monkeypatch)
    auth = auth_from(ConsoleConfig.model_validate({"users": [{"name": "bob", "password": "bob-password-123"}]}),
                     env={})
    engine = open_database(demo_sqlite)
    app = create_console(load_config(None), make_sessions(engine), auth)
    with TestClient(app, base_url="http://127.0.0.1") as c:
        csrf = csrf_of(c.get("/login").text)
        for name, secret in (("bob", "wrong-password-0"), ("eve", "bob-password-123")):
            assert c.post("/login", data={"csrf": csrf, "name": name, "secret": secret}).status_code == 401
        ok = c.post("/login", data={"csrf": csrf, "name": "bob", "secret": "bob-password-123"}, follow_redirects=False)
        assert ok.status_code == 303
        hit = re.findall(r'href="/hits/(\d+)" class="open"', c.get("/hits").text)[0]
        c.post(f"/hits/{hit}/review", data={"csrf": csrf_of(c.get(f"/hits/{hit}").text), "state": "confirmed"})
        assert "bob:" in c.get(f"/hits/{hit}").text
        basic = base64.b64encode(b"bob:bob-password-123").decode()
        assert c.get("/api/v1/denials", headers={"Authorization": f"Basic {basic}"}).status_code == 200
        assert c.get("/api/v1/denials", headers={"Authorization": "Bearer bob-password-123"}).status_code == 401
    engine.dispose()


def test_failed_logins_are_throttled_per_address(demo_sqlite: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.console.conftest import TOKEN, make_console

    app, engine = make_console(demo_sqlite, monkeypatch)
    with TestClient(app, base_url="http://127.0.0.1") as c:   # type: ignore[arg-type]
        csrf = csrf_of(c.get("/login").text)
        for _ in range(10):
            assert c.post("/login", data={"csrf": csrf, "name": "x", "secret": "wrong"}).status_code == 401
        blocked = c.post("/login", data={"csrf": csrf, "name": "ana", "secret": TOKEN})
        assert blocked.status_code == 429 and "too many failed logins" in blocked.text
    engine.dispose()  # type: ignore[attr-defined]


def test_a_dead_letter_is_retried_from_the_deliveries_page(client: TestClient, demo_db: str) -> None:
    from sqlalchemy import update

    from monitor.store import models
    from monitor.store.db import database_sessions, session_scope

    with database_sessions(demo_db) as sessions, session_scope(sessions) as s:
        s.execute(update(models.Delivery).values(status="dead", last_error="HTTP 500"))
        first = min(s.scalars(select(models.Delivery.id)))
    page = client.get("/deliveries?status=dead")
    assert page.text.count(">Retry</button>") == 2 and "HTTP 500" in page.text
    r = client.post("/deliveries/retry", data={"csrf": csrf_of(page.text), "id": str(first)})
    assert "1 delivery(ies) queued again." in r.text
    with database_sessions(demo_db) as sessions, session_scope(sessions) as s:
        assert dict(s.execute(select(models.Delivery.id, models.Delivery.status)).all()) == {
            first: "pending", first + 1: "dead"}
    r = client.post("/deliveries/retry", data={"csrf": csrf_of(page.text)})     # all dead letters
    assert "1 delivery(ies) queued again." in r.text


@pytest.mark.parametrize("probe", [1000, 1])   # sparse ranges read by id; wide ones walked (SQLite)
def test_time_filters_page_the_same_either_way(demo_db: str, probe: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime, timedelta

    from monitor.console import queries
    from monitor.store import models
    from monitor.store.db import database_sessions, session_scope

    monkeypatch.setattr(queries, "RANGE_PROBE", probe)
    now = datetime.now(UTC)
    with database_sessions(demo_db) as sessions, session_scope(sessions) as s:
        feed_id = s.query(models.Feed.id).scalar()
        for day in range(8):                       # one hit a day, 0-7 days old, oldest inserted last
            item = models.Item(feed_id=feed_id, dedup_key=f"t{day}", link=None, content_hash=f"t{day}",
                               title=f"day {day}", text="", fetched_at=now)
            s.add(item)
            s.flush()
            s.add(models.Hit(item_id=item.id, denial_id="sugovushan-meeting", verdict="mention", score=0.5,
                             reason="r", evidence=[], created_at=now - timedelta(days=day, hours=1)))
    with database_sessions(demo_db) as sessions, session_scope(sessions) as s:
        def titles(f: queries.HitFilter, before: int | None = None) -> tuple[list[str], int | None]:
            rows, cursor = queries.hit_page(s, f, before=before, limit=2)
            return [r.title for r in rows], cursor

        assert titles(queries.HitFilter(since=now + timedelta(days=1))) == ([], None)
        assert titles(queries.HitFilter(until=now - timedelta(days=30))) == ([], None)
        window = queries.HitFilter(verdict="mention", since=now - timedelta(days=5), until=now - timedelta(days=2))
        first, cursor = titles(window)
        assert first == ["day 4", "day 3"] and cursor is not None    # newest stored first (id order)
        assert titles(window, before=cursor) == (["day 2"], None)
        assert titles(queries.HitFilter(since=now - timedelta(days=1), verdict="mention"))[0] == ["day 0"]


def test_the_hit_pages_evidence_list_names_each_entry_once(client: TestClient, demo_db: str) -> None:
    """The matcher stores an entity once per place it is found; the list shows it once, in first-found order."""
    from monitor.store import models
    from monitor.store.db import make_sessions, open_database, session_scope

    hit = hit_id_of(client, "contradict")
    engine = open_database(demo_db)
    with session_scope(make_sessions(engine)) as session:
        stored = [(e["kind"], e["term"], e["field"]) for e in session.get(models.Hit, hit).evidence]
    engine.dispose()
    assert len(set(stored)) < len(stored), "the demo hit has no repeated evidence: this test would prove nothing"
    html = client.get(f"/hits/{hit}").text
    listed = re.findall(r"<li>([^<:]+): ([^<]+) \((title|text)\)</li>", html.split('class="evidence">')[1])
    assert listed == list(dict.fromkeys(stored))


def test_logout_ends_every_copy_of_the_login(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cookie copied before logout (another browser, a stolen copy) stops working at logout, and
    a second login of the same analyst is a login of its own (SQLite and PostgreSQL)."""
    from tests.console.conftest import TOKEN, make_console

    app, engine = make_console(demo_db, monkeypatch)
    with TestClient(app, base_url="http://127.0.0.1") as a, \
            TestClient(app, base_url="http://127.0.0.1") as b, \
            TestClient(app, base_url="http://127.0.0.1") as other:   # type: ignore[arg-type]
        for c in (a, other):
            page = c.get("/login")
            assert c.post("/login", data={"csrf": csrf_of(page.text), "name": "ana", "secret": TOKEN},
                          follow_redirects=False).status_code == 303
        b.cookies.set("dm_console", a.cookies["dm_console"])      # the copy
        assert b.get("/hits", follow_redirects=False).status_code == 200
        page = a.get("/hits")
        out = a.post("/logout", data={"csrf": csrf_of(page.text)}, follow_redirects=False)
        assert out.status_code == 303 and out.headers["location"] == "/login"
        for c in (a, b):
            r = c.get("/hits", follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"] == "/login"
        assert other.get("/hits", follow_redirects=False).status_code == 200   # ana's other login lives on
    engine.dispose()  # type: ignore[attr-defined]


def test_a_login_ends_when_it_expires(demo_sqlite: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime, timedelta

    from monitor.config.load import load_config
    from monitor.console.app import create_console
    from monitor.console.security import Auth
    from monitor.store import models
    from monitor.store.db import make_sessions, open_database, session_scope
    from monitor.store.logins import LOGIN_HOURS
    from tests.console.conftest import TOKEN, use_demo_config

    use_demo_config(demo_sqlite, monkeypatch)
    engine = open_database(demo_sqlite)
    start = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)
    clock = [start]
    sessions = make_sessions(engine)
    app = create_console(load_config(None), sessions, Auth(token=TOKEN), now=lambda: clock[0])
    with TestClient(app, base_url="http://127.0.0.1") as c:   # type: ignore[arg-type]
        page = c.get("/login")
        c.post("/login", data={"csrf": csrf_of(page.text), "name": "ana", "secret": TOKEN})
        clock[0] = start + timedelta(hours=LOGIN_HOURS) - timedelta(minutes=1)
        assert c.get("/hits", follow_redirects=False).status_code == 200
        clock[0] = start + timedelta(hours=LOGIN_HOURS, minutes=1)
        assert c.get("/hits", follow_redirects=False).status_code == 303
        with session_scope(sessions) as s:
            row = s.scalars(select(models.ConsoleLogin)).one()
            assert row.user == "ana" and row.expires_at == start + timedelta(hours=LOGIN_HOURS)
        page = c.get("/login")                  # the next login drops the expired row
        c.post("/login", data={"csrf": csrf_of(page.text), "name": "bo", "secret": TOKEN})
        with session_scope(sessions) as s:
            assert [r.user for r in s.scalars(select(models.ConsoleLogin))] == ["bo"]
    engine.dispose()

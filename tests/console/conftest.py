"""A database filled by the real pipeline: the embedded demo config run once (two hits)."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from monitor.cli import main


def use_demo_config(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every command at the embedded demo's config, with its database at ``url``. (The embedded
    default itself ignores database overrides, so it never writes into a configured database.)"""
    import os
    import tempfile

    from monitor.config.load import embedded_default_text

    text = re.sub(r'(?m)^(\s*url: )"sqlite:///[^"]*"$', lambda m: f'{m.group(1)}"{url}"', embedded_default_text(),
                  count=1)
    folder = os.environ.get("DISINFO_MONITOR_DATA_DIR") or tempfile.gettempdir()
    os.makedirs(folder, mode=0o700, exist_ok=True)
    fd, path = tempfile.mkstemp(suffix=".yaml", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    monkeypatch.setenv("DISINFO_MONITOR_CONFIG", path)


def run_demo_once(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Poll the embedded demo feed once into the database at ``url``."""
    use_demo_config(url, monkeypatch)
    result = CliRunner().invoke(main, ["run", "--once"])
    assert result.exit_code == 0, result.output


@pytest.fixture
def demo_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """SQLite and PostgreSQL: the demo's hits (news/1 contradict, news/2 match)."""
    run_demo_once(database_url, monkeypatch)
    return database_url


@pytest.fixture
def demo_sqlite(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    run_demo_once(sqlite_url, monkeypatch)
    return sqlite_url


TOKEN = "console-test-token-0123456789"


def make_console(url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """The console app on ``url`` with the embedded demo config and the login TOKEN; and its engine."""
    from monitor.config.load import load_config
    from monitor.console.app import create_console
    from monitor.console.security import Auth
    from monitor.store.db import make_sessions, open_database

    use_demo_config(url, monkeypatch)
    engine = open_database(url)
    return create_console(load_config(None), make_sessions(engine), Auth(token=TOKEN)), engine


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    m = CSRF.search(html)
    assert m, "no CSRF field in the page"
    return m.group(1)


@pytest.fixture
def client(demo_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A logged-in client of the console over the demo database (SQLite and PostgreSQL)."""
    app, engine = make_console(demo_db, monkeypatch)
    with TestClient(app, base_url="http://127.0.0.1") as c:   # type: ignore[arg-type]
        page = c.get("/login")
        r = c.post("/login", data={"csrf": csrf_of(page.text), "name": "ana", "secret": TOKEN},
                   follow_redirects=False)
        assert r.status_code == 303, r.text
        yield c
    engine.dispose()  # type: ignore[attr-defined]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])

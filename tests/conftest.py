"""Shared fixtures: loopback servers, a SQLite file, and a PostgreSQL schema per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tests.servers import LoopbackServer, loopback_server

PG_URL_ENV = "DISINFO_MONITOR_TEST_POSTGRES_URL"
PG_REQUIRED_ENV = "DISINFO_MONITOR_REQUIRE_POSTGRES"
DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(autouse=True)
def _allow_loopback_feeds(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    """Tests fetch from 127.0.0.1 and keep their data in tmp_path, never in the user's home."""
    monkeypatch.setenv("DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.setenv("DISINFO_MONITOR_DATA_DIR", str(tmp_path) + "/data")
    monkeypatch.delenv("DISINFO_MONITOR_CONFIG", raising=False)
    monkeypatch.delenv("DISINFO_MONITOR_DATABASE_URL", raising=False)


@pytest.fixture
def feed_server() -> Iterator[LoopbackServer]:
    with loopback_server() as server:
        yield server


@pytest.fixture
def receiver() -> Iterator[LoopbackServer]:
    """A webhook receiver: answers 200 on every path unless told otherwise."""
    with loopback_server() as server:
        server.set_default(200, b"ok")
        yield server


def _postgres_base_url() -> str:
    return os.environ.get(PG_URL_ENV) or DEFAULT_PG_URL


def _postgres_reachable(url: str) -> str | None:
    """None when reachable, else the reason."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[dev]')"
    try:
        with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means: not reachable
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    url = _postgres_base_url()
    reason = _postgres_reachable(url)
    if reason is not None:
        msg = f"PostgreSQL at {url} is not reachable ({reason}); set {PG_URL_ENV} to run these tests"
        if os.environ.get(PG_REQUIRED_ENV) == "1":
            pytest.fail(msg + f" ({PG_REQUIRED_ENV}=1)")
        pytest.skip(msg)
    return url


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty schema on the PostgreSQL server, dropped after the test."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    base = postgres_server_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    return f"sqlite:///{tmp_path}/monitor.db"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using it runs on a real SQLite file and on the real PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))

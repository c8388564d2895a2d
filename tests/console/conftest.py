"""A database filled by the real pipeline: the embedded demo config run once (two hits)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from monitor.cli import main


def run_demo_once(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Poll the embedded demo feed once into the database at ``url``."""
    monkeypatch.setenv("DISINFO_MONITOR_DATABASE_URL", url)
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

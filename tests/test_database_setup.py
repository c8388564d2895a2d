"""Opening the database: URLs that cannot work are config errors, and files are private (0600/0700)."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, text

from monitor.cli import main
from monitor.daemon import health_path
from monitor.errors import ConfigError
from monitor.ops.health import readiness, write_health
from monitor.store.db import open_database

CONFIG = "database:\n  url: {url}\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_database_and_its_directories_are_private(tmp_path: Path) -> None:
    db = tmp_path / "new" / "data" / "monitor.db"
    engine = open_database(f"sqlite:///{db}")
    with engine.begin() as conn:      # a write, so that SQLite creates its -wal and -shm files
        conn.execute(text("INSERT INTO silences (target, value, until, created_at) "
                          "VALUES ('feed', 'x', '2030-01-01', '2026-01-01')"))
    assert mode(db) == 0o600
    for side in ("-wal", "-shm"):
        assert mode(db.with_name(db.name + side)) == 0o600, side
    assert mode(db.parent) == 0o700 and mode(db.parent.parent) == 0o700
    engine.dispose()


def test_an_existing_world_readable_database_is_reported(tmp_path: Path,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "old.db"
    db.touch(mode=0o644)
    db.chmod(0o644)
    open_database(f"sqlite:///{db}").dispose()
    assert f"database file {db} can be read by other users (mode 644); chmod 600 it" in caplog.text
    assert mode(db) == 0o644                      # not changed behind the operator's back


def test_the_health_file_is_private() -> None:
    write_health(health_path(), readiness(0.0, started_at=0.0, last_cycle_at=0.0, max_cycle_age=1.0,
                                          db_error=None, scheduler_running=True))
    assert mode(health_path()) == 0o600
    assert mode(health_path().parent) == 0o700


def test_an_uncreatable_data_directory_is_a_one_line_error(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("DISINFO_MONITOR_DATA_DIR", str(blocker / "data"))
    result = CliRunner().invoke(main, ["run", "--once"])       # the embedded default config
    assert result.exit_code == 2, result.output
    assert result.output.strip() == (f"config error: key 'database.url': cannot create the data "
                                     f"directory {blocker / 'data'}: Not a directory")


def test_postgres_scheme_is_accepted(postgres_url: str) -> None:
    url = "postgres://" + postgres_url.split("://", 1)[1]
    engine = open_database(url)
    assert "deliveries" in inspect(engine).get_table_names()
    engine.dispose()


def test_an_unparseable_database_url_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="cannot parse the database URL"):
        open_database("not a url")


def test_postgresql_without_psycopg_says_which_extra_to_install(tmp_path: Path) -> None:
    config = tmp_path / "monitor.yaml"
    config.write_text(CONFIG.format(url="postgresql://monitor@127.0.0.1:5432/monitor"))
    code = ("import sys; sys.modules['psycopg'] = None\n"   # as if psycopg were not installed
            "from monitor.cli import main; main()")
    for command, where in ((["hits"], ""), (["check-config"], f"{config}:2, "),
                           (["run", "--once"], f"{config}:2, ")):
        proc = subprocess.run([sys.executable, "-c", code, *command, "--config", str(config)],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert proc.stderr.strip() == (f"config error: {where}key 'database.url': PostgreSQL needs the "
                                       "psycopg driver: pip install 'disinfo-monitor[postgres]'")

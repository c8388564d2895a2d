"""Environment overrides: DISINFO_MONITOR_<SECTION>__<KEY>, *_FILE secrets, errors naming the variable."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config.env import NOT_SETTINGS, PREFIX, setting_names
from monitor.config.load import load_config
from monitor.errors import ConfigError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
BASE = """\
database:
  url: sqlite:///from-file.db
feeds:
  - url: https://example.org/rss
notifiers:
  - type: webhook
    url: https://example.org/hook
    secret: "${HOOK_SECRET}"
fetch:
  interval: 15m
"""
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOOK_SECRET", SECRET)
    path = tmp_path / "monitor.yaml"
    path.write_text(BASE, encoding="utf-8")
    return path


OVERRIDES = [  # (variable, value, read back from the config)
    ("DISINFO_MONITOR_DATABASE__URL", "sqlite:///env.db", lambda c: c.database.url == "sqlite:///env.db"),
    ("disinfo_monitor_fetch__interval", "5m", lambda c: c.fetch.interval == timedelta(minutes=5)),
    ("DISINFO_MONITOR_FETCH__CONCURRENCY", "7", lambda c: c.fetch.concurrency == 7),
    ("DISINFO_MONITOR_DELIVERY__GROUP__WAIT", "3s", lambda c: c.delivery.group.wait == timedelta(seconds=3)),
    ("DISINFO_MONITOR_HTTP__LISTEN", "0.0.0.0:9464", lambda c: c.http.address() == ("0.0.0.0", 9464)),
    ("DISINFO_MONITOR_RETENTION__ITEMS", "null", lambda c: c.retention.items is None),
    ("DISINFO_MONITOR_FEEDS", '[{"url": "https://a.example/rss"}, {"url": "https://b.example/rss"}]',
     lambda c: [f.url for f in c.feeds] == ["https://a.example/rss", "https://b.example/rss"]),
    ("DISINFO_MONITOR_DATABASE_URL", "sqlite:///legacy.db", lambda c: c.database.url == "sqlite:///legacy.db"),
]


@pytest.mark.parametrize(("var", "value", "check"), OVERRIDES, ids=[o[0] for o in OVERRIDES])
def test_every_setting_can_come_from_the_environment(config: Path, monkeypatch: pytest.MonkeyPatch,
                                                     var: str, value: str, check: object) -> None:
    monkeypatch.setenv(var, value)
    loaded = load_config(str(config))
    assert callable(check) and check(loaded)
    assert loaded.fetch.interval in (timedelta(minutes=15), timedelta(minutes=5))   # the rest stays


def test_the_file_keeps_its_values_without_variables(config: Path) -> None:
    loaded = load_config(str(config))
    assert loaded.database.url == "sqlite:///from-file.db" and loaded.retention.items == timedelta(days=90)


def test_secrets_from_files(config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOOK_SECRET")
    (tmp_path / "hook").write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "db").write_text("postgresql://u:pw@db:5432/m\n", encoding="utf-8")
    monkeypatch.setenv("HOOK_SECRET_FILE", str(tmp_path / "hook"))          # ${HOOK_SECRET} in the file
    monkeypatch.setenv("DISINFO_MONITOR_DATABASE__URL_FILE", str(tmp_path / "db"))
    loaded = load_config(str(config))
    assert loaded.notifiers[0].secret == SECRET  # type: ignore[union-attr]
    assert loaded.database.url == "postgresql://u:pw@db:5432/m"


def test_the_other_secret_variables_have_a_file_form(config: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/configuration.md: every variable also has a _FILE form (these are read outside the models)."""
    from monitor.config.console import ConsoleConfig
    from monitor.console.security import auth_from

    (tmp_path / "db").write_text("sqlite:///from-a-file.db\n", encoding="utf-8")
    monkeypatch.setenv("DISINFO_MONITOR_DATABASE_URL_FILE", str(tmp_path / "db"))
    assert load_config(str(config)).database.url == "sqlite:///from-a-file.db"
    (tmp_path / "token").write_text("console-token-0123456789\n", encoding="utf-8")
    env = {"DISINFO_MONITOR_CONSOLE_TOKEN_FILE": str(tmp_path / "token")}
    assert auth_from(ConsoleConfig(), env).token == "console-token-0123456789"
    with pytest.raises(ConfigError, match="both DISINFO_MONITOR_CONSOLE_TOKEN and"):
        auth_from(ConsoleConfig(), {**env, "DISINFO_MONITOR_CONSOLE_TOKEN": "console-token-0123456789"})


ERRORS = [  # (variables, words in the one-line error)
    ({"DISINFO_MONITOR_FETCH__INTERVL": "5m"}, ["$DISINFO_MONITOR_FETCH__INTERVL", "fetch.intervl", "unknown key"]),
    ({"DISINFO_MONITOR_FECTH__INTERVAL": "5m"}, ["$DISINFO_MONITOR_FECTH__INTERVAL", "unknown config section 'fecth'"]),
    ({"DISINFO_MONITOR_FETCH__CONCURRENCY": "many"}, ["$DISINFO_MONITOR_FETCH__CONCURRENCY", "fetch.concurrency"]),
    ({"DISINFO_MONITOR_FEEDS": "[{"}, ["$DISINFO_MONITOR_FEEDS", "invalid JSON"]),
    ({"DISINFO_MONITOR_RETENTION__ITEMS": "1d"}, ["$DISINFO_MONITOR_RETENTION__ITEMS", "at least 7d"]),
    ({"DISINFO_MONITOR_HTTP__LISTEN": "localhost:99999"}, ["$DISINFO_MONITOR_HTTP__LISTEN", "1 to 65535"]),
    ({"DISINFO_MONITOR_DAEMON__POLL_TICK": "5m"}, ["$DISINFO_MONITOR_DAEMON__POLL_TICK", "longer than poll_tick"]),
    ({"HOOK_SECRET_FILE": "/nonexistent/secret"}, ["$HOOK_SECRET_FILE", "cannot read"]),
    ({"DISINFO_MONITOR_HTTP__TOKEN_FILE": "/nonexistent/t"}, ["$DISINFO_MONITOR_HTTP__TOKEN_FILE", "cannot read"]),
    # set but empty (compose passes an unset shell variable on as ""): named, as an unset one is
    ({"HOOK_SECRET": ""}, ["environment variable HOOK_SECRET (or HOOK_SECRET_FILE) is empty", "notifiers[0].secret"]),
]


@pytest.mark.parametrize(("variables", "words"), ERRORS, ids=[next(iter(e[0])) for e in ERRORS])
def test_a_bad_variable_exits_2_naming_it(config: Path, monkeypatch: pytest.MonkeyPatch,
                                          variables: dict[str, str], words: list[str]) -> None:
    if "HOOK_SECRET_FILE" in variables:
        monkeypatch.delenv("HOOK_SECRET")
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, ["check-config", str(config)])
    assert result.exit_code == 2, result.output
    first = result.output.strip().splitlines()[0]
    for word in words:
        assert word in first, (word, first)


def test_a_variable_and_its_file_together_are_refused(config: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "s").write_text(SECRET, encoding="utf-8")
    monkeypatch.setenv("HOOK_SECRET_FILE", str(tmp_path / "s"))
    with pytest.raises(ConfigError, match="both HOOK_SECRET and HOOK_SECRET_FILE"):
        load_config(str(config))


def test_the_demo_ignores_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedded demo never writes into a configured database."""
    monkeypatch.setenv("DISINFO_MONITOR_DATABASE__URL", "sqlite:///production.db")
    monkeypatch.setenv("DISINFO_MONITOR_DATABASE_URL", "sqlite:///production.db")
    assert load_config(None).database.url.endswith("/demo.db")


def test_docs_list_every_environment_variable() -> None:
    """docs/configuration.md lists exactly the variables the models accept (and the others we read)."""
    documented = set(re.findall(r"^\| `(DISINFO_MONITOR_[A-Z0-9_]+)`", DOCS.read_text(encoding="utf-8"), re.M))
    expected = set(setting_names()) | {PREFIX + name for name in NOT_SETTINGS if "TEST" not in name
                                       and "REQUIRE" not in name}
    assert sorted(expected - documented) == [], "missing from docs/configuration.md"
    assert sorted(documented - expected) == [], "documented but not read"


def test_docs_list_every_variable_the_code_reads() -> None:
    """A variable read anywhere in monitor/ (not only through the models) is in the table."""
    text = DOCS.read_text(encoding="utf-8")
    source = "\n".join(p.read_text(encoding="utf-8") for p in (DOCS.parents[1] / "monitor").rglob("*.py"))
    read = set(re.findall(r"\"((?:DISINFO_MONITOR_[A-Z0-9_]+)|LOG_[A-Z]+)\"", source))
    missing = sorted(v.removesuffix("_FILE") for v in read if f"`{v.removesuffix('_FILE')}`" not in text)
    assert missing == [], "read by the code but not in docs/configuration.md"


def test_the_old_metrics_section_points_to_http(config: Path) -> None:
    config.write_text(BASE + "metrics:\n  listen: 127.0.0.1:9464\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"monitor.yaml:11, key 'metrics': .*http.listen"):
        load_config(str(config))

"""Config loading: every kind of mistake gives status 2 and names the file, key and line."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from monitor.config import load_config
from monitor.errors import ConfigError

GOOD = """\
database:
  url: sqlite:///monitor.db
feeds:
  - url: https://example.org/rss
    name: example
    interval: 10m
denials:
  - id: demo
    title: Demo denial
    claim: The minister met the rebel leader in X.
    entities:
      - name: The Minister
        aliases: [minister]
      - name: Rebel Leader
        aliases: [rebel leader]
    keywords:
      - name: meeting
        query: 'meet* OR met'
notifiers:
  - type: console
  - type: webhook
    url: https://hooks.example.org/x
    secret: ${TEST_WEBHOOK_SECRET}
"""

# One row per config mistake: (name, replace this, with this, words the message must hold, its line).
# Every row: check-config exits 2 with one line naming the file:line (and the key where there is one).
CASES = [
    ("unknown top-level key", "database:\n", "databse:\n", ["databse", "unknown key"], 1),
    ("unknown nested key", "    name: example\n", "    nmae: example\n", ["feeds[0].nmae", "unknown key"], 5),
    ("wrong type", "    interval: 10m\n", "    interval: often\n", ["feeds[0].interval", "duration"], 6),
    ("missing field", "  - url: https://example.org/rss\n    name: example\n", "  - name: example\n",
     ["feeds[0].url", "missing"], 4),
    ("bad notifier type", "  - type: console\n", "  - type: pager\n", ["notifiers[0]", "pager"], 20),
    ("missing webhook url", "    url: https://hooks.example.org/x\n", "", ["notifiers[1].url", "missing"], 21),
    ("missing env var", "${TEST_WEBHOOK_SECRET}", "${NOT_SET_ANYWHERE_42}",
     ["NOT_SET_ANYWHERE_42", "notifiers[1].secret"], 23),
    ("bad yaml: unclosed bracket is reported where it opens", "  - type: console\n",
     "  - type: [console\n", ["invalid YAML", "flow sequence", "at line 21"], 20),
    ("bad yaml: unclosed quote", "    title: Demo denial\n", '    title: "Demo denial\n',
     ["invalid YAML", "quoted scalar"], 9),
    ("bad yaml: tab", "    name: example\n", "\tname: example\n", ["invalid YAML", "'\\t'"], 5),
    ("duplicate yaml key", "    interval: 10m\n", "    interval: 10m\n    interval: 5m\n",
     ["feeds[0].interval", "duplicate key (first at line 6)"], 7),
    ("yaml alias", "    name: example\n    interval: 10m\n", "    name: &n example\n    interval: *n\n",
     ["feeds[0].interval", "YAML aliases are not allowed (*n)"], 6),
    ("impossible date", "    claim: The minister", "    date: 2021-02-30\n    claim: The minister",
     ["denials[0].date", "valid date", "2021-02-30"], 10),
    ("duplicate denial", "notifiers:\n", "  - id: demo\n    title: again\n    claim: again\nnotifiers:\n",
     ["denials[1].id", "duplicate denial id 'demo' (also at denials[0].id)"], 19),
    ("duplicate notifier name", "  - type: console\n", "  - type: console\n    name: webhook\n",
     ["notifiers[1].type", "duplicate notifier name 'webhook' (also at notifiers[0].name)"], 22),
    ("fetch bounds the wrong way round", "feeds:\n", "fetch:\n  min_interval: 2h\n  max_interval: 1h\nfeeds:\n",
     ["key 'fetch'", "min_interval must not be longer than max_interval"], 3),
    ("duplicate feed url", "denials:\n", "  - url: https://example.org/rss\ndenials:\n",
     ["feeds[1].url", "duplicate feed url"], 7),
    ("duplicate feed name", "denials:\n", "  - url: https://example.org/other\n    name: example\ndenials:\n",
     ["feeds[1].name", "duplicate feed name 'example'"], 8),
    ("route to an unknown denial", "    secret: ${TEST_WEBHOOK_SECRET}\n",
     "    secret: ${TEST_WEBHOOK_SECRET}\n    route: {denials: [demo, dmeo]}\n",
     ["notifiers[1].route.denials[1]", "unknown denial 'dmeo' (known: 'demo')"], 24),
    ("denial scoped to an unknown feed", "    entities:\n", "    feeds: [exmaple]\n    entities:\n",
     ["denials[0].feeds[0]", "unknown feed 'exmaple'", "known: 'example'"], 11),
    ("NEAR/ without a distance", "'meet* OR met'", "'minister NEAR/ met'",
     ["denials[0].keywords[0].query", "NEAR/: the distance must be"], 18),
    ("NEAR/0", "'meet* OR met'", "'minister NEAR/0 met'",
     ["denials[0].keywords[0].query", "NEAR/0: the distance must be"], 18),
    ("proximity of another query language", "'meet* OR met'", "'meet* W/2 rebel'",
     ["denials[0].keywords[0].query", "denial 'demo'", "'W/2' is not an operator", "NEAR/2", "column 7"], 18),
    ("bare NEAR", "'meet* OR met'", "'meet* NEAR rebel'",
     ["denials[0].keywords[0].query", "'NEAR' is not an operator", "NEAR/n", "column 7"], 18),
    ("boost", "'meet* OR met'", "'meet* OR met^2'",
     ["denials[0].keywords[0].query", "'met^2': a boost (^) is not supported", "NEAR/n", "column 10"], 18),
    ("fuzziness", "'meet* OR met'", "'meet* OR met~1'",
     ["denials[0].keywords[0].query", "fuzzy matching (~) is not supported", "column 10"], 18),
    ("rule that cannot compile", "'meet* OR met'", "'meet* AND'",
     ["denials[0].keywords[0].query", "denial 'demo'", "expected a term"], 18),
    ("too few claim entities", "    entities:\n", "    min_entities: 3\n    entities:\n",
     ["denials[0].min_entities", "only 2 claim entities"], 11),
    ("unparseable database url", "  url: sqlite:///monitor.db\n", "  url: not a url\n",
     ["database.url", "cannot parse the database URL"], 2),
    ("unknown database", "  url: sqlite:///monitor.db\n", "  url: mongodb://db/monitor\n",
     ["database.url", "unsupported database URL mongodb://db/monitor"], 2),
    ("duration that overflows", "    interval: 10m\n", "    interval: 99999999999d\n",
     ["feeds[0].interval", "longer than the maximum of 10 years (3650d)"], 6),
    ("duration past the 10-year bound", "    interval: 10m\n", "    interval: 10000000000000s\n",
     ["feeds[0].interval", "longer than the maximum"], 6),
    # every duration that drives a loop, a schedule or a lease is at least 1s; a time limit is longer than 0s
    ("feed interval of 0s", "    interval: 10m\n", "    interval: 0s\n", ["feeds[0].interval", "at least 1s", "'0s'"], 6),
    ("feed interval of 0", "    interval: 10m\n", "    interval: 0\n", ["feeds[0].interval", "at least 1s"], 6),
    ("sub-second feed interval", "    interval: 10m\n", "    interval: 500ms\n", ["feeds[0].interval", "at least 1s"], 6),
    ("negative feed interval", "    interval: 10m\n", "    interval: -5m\n", ["feeds[0].interval", "got '-5m'"], 6),
    ("fetch interval of 0s", "notifiers:\n", "fetch:\n  interval: 0s\nnotifiers:\n", ["fetch.interval", "at least 1s"], 20),
    ("fetch min_interval of 0s", "notifiers:\n", "fetch:\n  min_interval: 0s\nnotifiers:\n",
     ["fetch.min_interval", "at least 1s"], 20),
    ("fetch max_backoff of 0s", "notifiers:\n", "fetch:\n  max_backoff: 0s\nnotifiers:\n",
     ["fetch.max_backoff", "at least 1s"], 20),
    ("fetch lease of 0.2s", "notifiers:\n", "fetch:\n  lease: 0.2s\nnotifiers:\n", ["fetch.lease", "at least 1s"], 20),
    ("read timeout of 0s", "notifiers:\n", "fetch:\n  read_timeout: 0s\nnotifiers:\n",
     ["fetch.read_timeout", "longer than 0s"], 20),
    ("poll tick of 0.5s", "notifiers:\n", "daemon:\n  poll_tick: 0.5s\nnotifiers:\n", ["daemon.poll_tick", "at least 1s"], 20),
    ("poll tick of 0s", "notifiers:\n", "daemon:\n  poll_tick: 0s\nnotifiers:\n", ["daemon.poll_tick", "at least 1s"], 20),
    ("delivery interval of 0s", "notifiers:\n", "delivery:\n  interval: 0s\nnotifiers:\n",
     ["delivery.interval", "at least 1s"], 20),
    ("delivery lease of 0s", "notifiers:\n", "delivery:\n  lease: 0s\nnotifiers:\n", ["delivery.lease", "at least 1s"], 20),
    ("retention every 0s", "notifiers:\n", "retention:\n  every: 0s\nnotifiers:\n", ["retention.every", "at least 1m"], 20),
    ("retention items 0s", "notifiers:\n", "retention:\n  items: 0s\nnotifiers:\n", ["retention.items", "at least 7d"], 20),
    ("webhook timeout of 0s", "    url: https://hooks.example.org/x\n", "    url: https://hooks.example.org/x\n    timeout: 0s\n",
     ["notifiers[1].timeout", "longer than 0s"], 23),
    ("window that overflows", "    entities:\n", "    window: {before: 3650000d}\n    entities:\n",
     ["denials[0].window.before", "longer than the maximum"], 11),
    ("control character in the file", "    title: Demo denial\n", "    title: Demo\x07denial\n",
     ["invalid YAML", "control character '\\x07'"], 9),
    ("NUL in the file", "    title: Demo denial\n", "    title: Demo\x00denial\n",
     ["invalid YAML", "control character '\\x00'"], 9),
    ("database url with a bad port", "  url: sqlite:///monitor.db\n", "  url: postgresql://u:pw@[::1/db\n",
     ["database.url", "cannot parse the database URL"], 2),
    ("in-memory database", "  url: sqlite:///monitor.db\n", "  url: \"sqlite:///:memory:\"\n",
     ["database.url", "in-memory database"], 2),
    ("notifier name with NUL", "  - type: console\n", '  - type: console\n    name: "a\\u0000b"\n',
     ["notifiers[0].name", "printable text", "U+0000"], 21),
    ("feed name with a bidi control", "    name: example\n", '    name: "exa\\u202emple"\n',
     ["feeds[0].name", "printable text", "U+202E"], 5),
    ("keyword group name with a newline", "      - name: meeting\n", '      - name: "meet\\ning"\n',
     ["denials[0].keywords[0].name", "printable text"], 17),
    ("webhook url with an unclosed IPv6 bracket", "    url: https://hooks.example.org/x\n",
     "    url: http://u:pw@[::1/x\n", ["notifiers[1].url", "cannot parse the URL"], 22),
    ("slack url not http", "  - type: console\n", "  - type: slack\n    url: ftp://hooks.example.org/T0/B0/sekrit\n",
     ["notifiers[0].url", "must start with http:// or https://"], 21),
    ("slack url with a space", "  - type: console\n", '  - type: slack\n    url: "https://hooks.example.org/T0/B0 sekrit"\n',
     ["notifiers[0].url", "whitespace"], 21),
    ("webhook url without a host", "    url: https://hooks.example.org/x\n", "    url: https:///x\n",
     ["notifiers[1].url", "no host"], 22),
    ("whsec secret not base64", "${TEST_WEBHOOK_SECRET}", "whsec_not*base64",
     ["notifiers[1].secret", "'whsec_' followed by base64"], 23),
    ("whsec secret too short", "${TEST_WEBHOOK_SECRET}", "[whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw, whsec_c2hvcnQ=]",
     ["notifiers[1].secret", "too short"], 23),
]


@pytest.fixture(autouse=True)
def _secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_loads_with_env_interpolation(tmp_path: Path) -> None:
    config = load_config(str(write(tmp_path, GOOD)))
    assert config.feeds[0].interval is not None and config.feeds[0].interval.total_seconds() == 600
    assert config.notifiers[1].secret == "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # type: ignore[union-attr]
    assert config.notifier_names() == ["console", "webhook"]


def test_yaml_keeps_dates_and_yes_no_as_text_for_the_model(tmp_path: Path) -> None:
    text = GOOD.replace("    entities:\n", "    date: 2021-02-03\n    languages: [no, on]\n    entities:\n", 1)
    denial = load_config(str(write(tmp_path, text))).denials[0]
    assert denial.languages == ["no", "on"]                   # Norwegian, not False
    assert denial.date is not None and denial.date.isoformat() == "2021-02-03"


def test_database_url_env_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISINFO_MONITOR_DATABASE_URL", "sqlite:///elsewhere.db")
    assert load_config(str(write(tmp_path, GOOD))).database.url == "sqlite:///elsewhere.db"


@pytest.mark.parametrize("url", ["sqlite:///", "sqlite://", "sqlite:///file:x?mode=memory&uri=true"])
def test_an_in_memory_database_from_the_environment_is_a_config_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("DISINFO_MONITOR_DATABASE_URL", url)
    path = write(tmp_path, GOOD)
    for args in (["check-config", str(path)], ["feeds", "list", "--config", str(path)]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output, result.exception)
        assert "database.url" in result.output and "in-memory database" in result.output, result.output
        assert "Traceback" not in result.output


def test_a_data_dir_that_is_a_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    monkeypatch.setenv("DISINFO_MONITOR_DATA_DIR", str(afile))
    result = CliRunner().invoke(main, ["healthcheck"])
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.output.strip().splitlines() == [f"config error: $DISINFO_MONITOR_DATA_DIR '{afile}' is not a directory"]


def test_config_env_var_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, GOOD.replace("database:\n", "databse:\n"))
    monkeypatch.setenv("DISINFO_MONITOR_CONFIG", str(path))
    with pytest.raises(ConfigError) as info:
        load_config(None)
    assert str(path) in str(info.value)


@pytest.mark.parametrize(("name", "old", "new", "words", "line"), CASES, ids=[c[0] for c in CASES])
def test_config_mistakes_exit_2_naming_key_and_line(tmp_path: Path, name: str, old: str, new: str,
                                                    words: list[str], line: int | None) -> None:
    assert old in GOOD, name
    path = write(tmp_path, GOOD.replace(old, new, 1))
    result = CliRunner().invoke(main, ["check-config", str(path)])
    assert result.exit_code == 2, result.output
    message, *more = result.output.strip().splitlines()   # one line; other mistakes follow as "also"
    for word in words:
        assert word in message, (word, message)
    assert re.match(re.escape(f"config error: {path}" + (f":{line}" if line else "")) + "[,:] ", message), message
    assert all(m.startswith("  also ") for m in more), result.output
    assert "Traceback" not in result.output
    assert "whsec_" not in message.replace("'whsec_' followed", "")   # a secret is never shown
    assert "sekrit" not in result.output and "pw@" not in result.output   # nor a URL's secret parts


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """425 bytes that expand to 10^9 strings: refused at the first alias, in well under a second."""
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    rows += [f"{b}: &{b} [{', '.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)]
    bomb = "\n".join(rows) + "\n"
    assert 400 <= len(bomb) <= 450, len(bomb)
    path = write(tmp_path, bomb)
    started = time.process_time()         # CPU: expanding it would take minutes of it, waiting none
    result = CliRunner().invoke(main, ["check-config", str(path)])
    assert time.process_time() - started < 2
    assert result.exit_code == 2
    assert result.output.strip() == (f"config error: {path}:2, key 'b[0]': YAML aliases are not allowed (*a); "
                                     "repeat the value instead")


def test_a_bad_database_url_from_the_environment_names_the_variable(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISINFO_MONITOR_DATABASE_URL", "mongodb://db/monitor")
    result = CliRunner().invoke(main, ["check-config", str(write(tmp_path, GOOD))])
    assert result.exit_code == 2
    assert result.output.strip() == ("config error: key 'database.url': unsupported database URL "
                                     "mongodb://db/monitor: Can't load plugin: sqlalchemy.dialects:mongodb "
                                     "(from $DISINFO_MONITOR_DATABASE_URL)")


def test_test_rule_names_the_file_and_line_of_a_broken_rule(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("'meet* OR met'", "'minister NEAR/0 met'"))
    result = CliRunner().invoke(main, ["test-rule", "demo", "--text", "x", "--config", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"config error: {path}:18, key 'denials[0].keywords[0].query': "
                                    "denial 'demo': keywords[0] (meeting): NEAR/0: the distance must be")


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check-config", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "nope.yaml" in result.output and "not found" in result.output


def test_bad_config_in_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    name: example\n", "    nmae: example\n"))
    proc = subprocess.run([sys.executable, "-m", "monitor", "run", "--once", "--config", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert f"{path}:5" in proc.stderr and "feeds[0].nmae" in proc.stderr


def test_shipped_and_embedded_configs_are_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T000/B000/XXXX")
    monkeypatch.setenv("WEBHOOK_URL", "https://receiver.example.org/hook")
    monkeypatch.setenv("WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    root = Path(__file__).resolve().parents[1]
    for src in (str(root / "config" / "monitor.yaml"), None):
        result = CliRunner().invoke(main, ["check-config"] + ([src] if src else []))
        assert result.exit_code == 0, result.output
        assert "OK" in result.output


# CLI options that name something: an unknown name is a usage error (exit 2) naming the option and name.
CLI_MISTAKES = [
    (["silences", "add", "--denial", "dmeo", "--for", "1h"], "'--denial': unknown denial 'dmeo' (known: 'demo')"),
    (["silences", "add", "--destination", "hook", "--for", "1h"],
     "'--destination': unknown destination 'hook' (known: 'console', 'webhook')"),
    (["silences", "add", "--feed", "exmaple", "--for", "1h"], "'--feed': unknown feed 'exmaple' (known: "),
    (["silences", "add", "--denial", "demo", "--for", "5x"], "'--for': expected a duration"),
    (["silences", "add", "--denial", "demo", "--for", "99999999999d"], "'--for': duration '99999999999d' is longer"),
    (["silences", "add", "--denial", "demo", "--for", "3000000d"], "maximum of 10 years (3650d)"),
    (["silences", "add", "--denial", "demo", "--for", "0s"], "'--for': a silence must last longer than 0s"),
    (["deliveries", "purge", "--older-than", "3000000d"], "'--older-than': duration '3000000d' is longer"),
    (["feeds", "add", "https://example.org/other", "--interval", "99999999999d"], "'--interval': duration"),
    (["backtest", "--since", "3000000d"], "--since"),
    (["deliveries", "retry", "--destination", "hook"], "'--destination': unknown destination 'hook'"),
    (["deliveries", "list", "--destination", "hook"], "'--destination': unknown destination 'hook'"),
    (["deliveries", "purge", "--older-than", "5x"], "'--older-than': expected a duration"),
    (["feeds", "add", "https://example.org/other", "--interval", "5x"], "'--interval': expected a duration"),
    (["feeds", "add", "https://example.org/other", "--interval", "0s"], "'--interval': must be at least 1s"),
    (["feeds", "add", "https://example.org/other", "--interval", "200ms"], "'--interval': must be at least 1s"),
    (["hits", "--denial", "dmeo"], "'--denial': unknown denial 'dmeo' (known: 'demo')"),
]


@pytest.mark.parametrize(("args", "message"), CLI_MISTAKES, ids=[" ".join(a[:3]) for a, _ in CLI_MISTAKES])
def test_cli_names_that_point_nowhere_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    path = write(tmp_path, GOOD.replace("sqlite:///monitor.db", f"sqlite:///{tmp_path}/monitor.db"))
    result = CliRunner().invoke(main, [*args, "--config", str(path)])
    assert result.exit_code == 2, (result.output, result.exception)
    assert message in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("allow", ["false", "true"])
def test_test_rule_url_never_reads_a_file(tmp_path: Path, allow: str) -> None:
    text = GOOD.replace("sqlite:///monitor.db", f"sqlite:///{tmp_path}/monitor.db") + f"fetch:\n  allow_file_urls: {allow}\n"
    result = CliRunner().invoke(main, ["test-rule", "demo", "--url", "file:///etc/passwd",
                                       "--config", str(write(tmp_path, text))])
    assert result.exit_code == 2, (result.output, result.exception)
    assert "--url: --url fetches http(s) web pages only; give a local file with --file" in result.output
    assert "allow_file_urls" not in result.output and "root:" not in result.output


def test_cli_names_that_exist_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("sqlite:///monitor.db", f"sqlite:///{tmp_path}/monitor.db"))
    for args in (["silences", "add", "--denial", "demo", "--for", "1h"],
                 ["silences", "add", "--destination", "webhook", "--for", "1h"],
                 ["silences", "add", "--feed", "example", "--for", "1h"],
                 ["silences", "add", "--feed", "https://example.org/rss", "--for", "1h"],
                 ["deliveries", "list", "--destination", "console"],
                 ["deliveries", "retry", "--destination", "webhook"],
                 ["feeds", "add", "https://example.org/other", "--interval", "5m", "--no-check"],
                 ["hits", "--denial", "demo"]):
        result = CliRunner().invoke(main, [*args, "--config", str(path)])
        assert result.exit_code == 0, (args, result.output)


STAGE_COMMANDS = [["run", "--once"], ["hits"], ["feeds", "list"], ["feeds", "add", "https://example.org/rss"],
                  ["feeds", "export-opml"], ["deliveries", "list"], ["silences", "list"], ["backtest"],
                  ["test-rule", "demo", "--text", "hello"], ["classify", "--input", __file__]]


@pytest.mark.parametrize("args", STAGE_COMMANDS, ids=[" ".join(a[:2]) for a in STAGE_COMMANDS])
def test_every_command_reports_a_bad_config_with_status_2(tmp_path: Path, args: list[str]) -> None:
    path = write(tmp_path, GOOD.replace("database:\n", "databse:\n"))
    result = CliRunner().invoke(main, [*args, "--config", str(path)])
    assert result.exit_code == 2, (result.output, result.exception)
    assert f"{path}:1" in result.output and "databse" in result.output


SECRET_MISTAKES = [  # (config text after `database:`, the refused secret, the key named)
    ("http:\n  token: Tok3nSh0rt9\n", "Tok3nSh0rt9", "http.token"),
    ("feeds:\n  - url: https://example.org/rss\n    auth: {username: u, password: 12345678}\n",
     "12345678", "feeds[0].auth.password"),
    ("feeds:\n  - url: https://example.org/rss\n    auth: {username: u, password: " + "P4ss" * 300 + "}\n",
     "P4ssP4ssP4ss", "feeds[0].auth.password"),
    ("feeds:\n  - url: https://example.org/rss\n    headers: {X-Api-Key: 98765432}\n",
     "98765432", "feeds[0].headers"),
    ("feeds:\n  - url: ftp://reader:Hunt3rPw@example.org/rss\n", "Hunt3rPw", "feeds[0].url"),
    ("feeds:\n  - url: https://reader:Hunt3rPw@example.org/rss\n  - url: https://reader:Hunt3rPw@example.org/rss\n",
     "Hunt3rPw", "feeds[1].url"),
    ("feeds:\n  - url: https://example.org/rss\nconsole:\n  users: [{name: ann, password: sh0rtpw}]\n",
     "sh0rtpw", "console.users[0].password"),
]


@pytest.mark.parametrize(("text", "secret", "key"), SECRET_MISTAKES, ids=[m[2] for m in SECRET_MISTAKES])
def test_a_refused_secret_is_never_echoed(tmp_path: Path, text: str, secret: str, key: str) -> None:
    """The message of a refused value goes to stderr and, on a refused SIGHUP reload, to the log."""
    path = write(tmp_path, "database:\n  url: sqlite:///monitor.db\n" + text)
    with pytest.raises(ConfigError) as caught:
        load_config(str(path))
    assert key in str(caught.value)
    assert secret not in str(caught.value), str(caught.value)

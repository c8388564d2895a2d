"""``disinfo-monitor serve``: refuses to run open, binds where told, serves the console."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from click.testing import CliRunner

from monitor.cli import main
from tests.console.conftest import TOKEN, free_port


def test_serve_refuses_without_a_login(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert "the console needs a login: set console.token or console.users" in result.output
    short = CliRunner().invoke(main, ["serve"], env={"DISINFO_MONITOR_CONSOLE_TOKEN": "short"})
    assert short.exit_code == 2 and "must be at least 16 characters" in short.output
    bad = CliRunner().invoke(main, ["serve", "--listen", "nowhere"], env={"DISINFO_MONITOR_CONSOLE_TOKEN": TOKEN})
    assert bad.exit_code == 2 and "expected host:port" in bad.output


def test_a_console_token_in_the_config_is_never_echoed(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(f"database: {{url: 'sqlite:///{tmp_path}/x.db'}}\nconsole: {{token: 'short-secret'}}\n")
    result = CliRunner().invoke(main, ["check-config", str(path)])
    assert result.exit_code == 2 and "console.token" in result.output and "short-secret" not in result.output


def test_console_listen_takes_an_ipv6_address_as_serve_listen_does(tmp_path: Path) -> None:
    for listen, code in (("[::1]:8080", 0), ("127.0.0.1:8080", 0), (":8080", 0), ("::1:8080", 2), ("[::1]", 2)):
        path = tmp_path / "c.yaml"
        path.write_text(f"database: {{url: 'sqlite:///{tmp_path}/x.db'}}\n"
                        f"console: {{listen: '{listen}', token: '{TOKEN}'}}\n")
        result = CliRunner().invoke(main, ["check-config", str(path)])
        assert result.exit_code == code, (listen, result.output)
        if code:
            assert f"{path}:2, key 'console.listen'" in result.output, result.output


def test_serve_runs_the_console_on_loopback(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "DISINFO_MONITOR_CONSOLE_TOKEN": TOKEN, "DISINFO_MONITOR_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "monitor", "serve", "--listen", f"127.0.0.1:{port}"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/login", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[1]
                time.sleep(0.2)
        assert r.status_code == 200 and "default-src 'none'" in r.headers["content-security-policy"]
        assert "server" not in r.headers
        api = httpx.get(f"http://127.0.0.1:{port}/api/v1/denials", headers={"Authorization": f"Bearer {TOKEN}"})
        assert api.json()[0]["id"] == "sugovushan-meeting"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert f"console on http://127.0.0.1:{port}/" in err

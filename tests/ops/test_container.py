"""The container's files: the entrypoint (run outside a container), the lock file, compose, Dockerfile."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"


def entrypoint(tmp_path: Path, *args: str, config: Path | None = None,
               **environ: str) -> subprocess.CompletedProcess[str]:
    """The image's entrypoint with the image's environment, in a temp dir standing for /data."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISINFO_MONITOR_")}
    env.update({"PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
                "DISINFO_MONITOR_CONFIG": str(config or tmp_path / "config" / "monitor.yaml"),
                "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data"),
                "DISINFO_MONITOR_HTTP__LISTEN": "0.0.0.0:9464", "LOG_FORMAT": "json", **environ})
    return subprocess.run(["sh", str(ENTRYPOINT), *args], capture_output=True, text=True, timeout=120,
                          env=env, cwd=tmp_path)


def test_without_a_config_the_entrypoint_runs_the_demo_on_its_own_database(tmp_path: Path) -> None:
    result = entrypoint(tmp_path, "run", "--once")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]   # LOG_FORMAT=json: every line
    assert records[0]["event"] == f"no config at {tmp_path}/config/monitor.yaml: running the embedded demo"
    [once] = [r for r in records if r["event"] == "run once"]              # the summary, as one JSON line
    assert "feeds polled" in once["poll"] and "sent" in once["delivery"]
    alerts = [json.loads(line) for line in result.stdout.splitlines()]     # the console notifier's too
    assert alerts and all(a["event"] == "alert" and "Sugovushan" in a["text"] for a in alerts), result.stdout
    assert sorted(p.name for p in (tmp_path / "data").glob("*.db")) == ["demo.db"]


def test_without_a_config_and_with_text_logs_the_entrypoint_says_so_in_text(tmp_path: Path) -> None:
    result = entrypoint(tmp_path, "check-config", LOG_FORMAT="text")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == (f"disinfo-monitor: no config at {tmp_path}/config/monitor.yaml: "
                                             "running the embedded demo")


def test_with_a_config_the_entrypoint_and_exec_commands_use_it(tmp_path: Path) -> None:
    config = tmp_path / "config" / "monitor.yaml"
    config.parent.mkdir()
    config.write_text(f"database:\n  url: sqlite:///{tmp_path}/data/monitor.db\n", encoding="utf-8")
    result = entrypoint(tmp_path, "check-config", config=config)
    assert result.returncode == 0 and result.stdout.startswith(f"{config}: OK"), result.stderr
    # `docker exec` bypasses the entrypoint: the image's DISINFO_MONITOR_CONFIG alone must do
    env = {**os.environ, "DISINFO_MONITOR_CONFIG": str(config)}
    feeds = subprocess.run([sys.executable, "-m", "monitor", "feeds", "list"], capture_output=True, text=True,
                           timeout=120, env=env)
    assert feeds.returncode == 0, feeds.stderr
    assert not (tmp_path / "data" / "demo.db").exists()


def test_exec_in_a_demo_container_touches_no_database(tmp_path: Path) -> None:
    env = {**os.environ, "DISINFO_MONITOR_CONFIG": "/nonexistent/config/monitor.yaml",
           "DISINFO_MONITOR_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-m", "monitor", "run", "--once"], capture_output=True, text=True,
                            timeout=120, env=env)
    assert result.returncode == 2 and "/nonexistent/config/monitor.yaml: file not found" in result.stderr
    assert not (tmp_path / "data").exists()


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_the_lock_file_pins_every_dependency_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["postgres"]}
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {m.group(1).lower() for m in re.finditer(r"^([A-Za-z0-9_.-]+)==\S+ \\\n\s+--hash=sha256:", lock, re.M)}
    assert wanted - pinned == set(), "run pip-compile (docs/deploy.md) after changing pyproject.toml"
    assert "file://" not in lock and "--index-url" not in lock and "--find-links" not in lock


def test_dockerfile_and_dockerignore() -> None:
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^ARG BASE_IMAGE=python:\d+\.\d+\.\d+-slim-\w+$", docker, re.M)   # a pinned release
    for line in ("EXPOSE 9464", "DISINFO_MONITOR_CONFIG=/config/monitor.yaml", "--require-hashes",
                 'CMD ["disinfo-monitor", "healthcheck"]', "USER monitor"):
        assert line in docker
    assert re.search(r'^VOLUME \["/data"\]$', docker, re.M)    # not /config: an anonymous volume per container
    ignore = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    assert ignore.index("**") < ignore.index("!monitor/**")        # everything out, then what the image needs
    assert not any(line.startswith("!.venv") or line == "!**" for line in ignore)


def test_compose_has_postgres_healthchecks_and_volumes() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    db, monitor = compose["services"]["db"], compose["services"]["monitor"]
    assert db["image"].startswith("postgres:") and "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert monitor["healthcheck"]["test"] == ["CMD", "disinfo-monitor", "healthcheck"]
    assert monitor["depends_on"]["db"]["condition"] == "service_healthy"
    assert set(compose["volumes"]) == {"pg-data", "monitor-data"}
    assert any(v.endswith(":/config/monitor.yaml:ro") for v in monitor["volumes"])
    assert all(p.startswith("127.0.0.1:") for p in monitor["ports"])


def test_compose_passes_the_notifier_urls_on_and_gives_exec_commands_the_database() -> None:
    """Unset in the shell that runs compose is unset in the container ("${VAR:-}" gave an empty
    string, and podman-compose 1.0.3 the text "${VAR:-}"); `compose exec` bypasses the entrypoint,
    so the URL it builds is a file that the container's environment names."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    monitor = compose["services"]["monitor"]
    assert monitor["environment"]["SLACK_WEBHOOK_URL"] is None and monitor["environment"]["WEBHOOK_URL"] is None
    assert monitor["environment"]["DISINFO_MONITOR_DATABASE__URL_FILE"] == "/tmp/database_url"
    assert "> /tmp/database_url && exec disinfo-monitor-entrypoint" in " ".join(monitor["entrypoint"])


@pytest.mark.parametrize("fails", [False, True], ids=["passes", "fails half-way"])
def test_the_smoke_script_leaves_no_container_and_no_volume(tmp_path: Path, fails: bool) -> None:
    """scripts/container_smoke.sh against a stand-in engine that keeps containers and volumes as
    docker and podman do (tests/ops/fake_engine.py: the image's VOLUMEs that a run mounts nothing
    on become anonymous volumes, which only `rm -v` removes). Whether the checks pass or one fails
    half-way, the script leaves nothing behind; and its checks still pass on the expected answers."""
    state, bin_dir = tmp_path / "state.json", tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("engine", "curl"):
        wrapper = bin_dir / tool
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ROOT / "tests/ops/fake_engine.py"}" "{state}" '
                           f'"{ROOT / "Dockerfile"}" {tool} "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    if fails:
        env["FAKE_ENGINE_EMPTY_DATA"] = "1"
    result = subprocess.run(["bash", str(ROOT / "scripts" / "container_smoke.sh"), "img", str(bin_dir / "engine")],
                            capture_output=True, text=True, timeout=120, env=env)
    made = [line for line in (tmp_path / "state.log").read_text().splitlines() if line.startswith("run ")]
    if fails:
        assert result.returncode == 1 and "FAIL: the demo has no /data/demo.db" in result.stderr, result
        assert len(made) == 1
    else:
        assert result.returncode == 0 and result.stdout.endswith("container smoke test passed\n"), result
        assert len(made) == 2
    assert json.loads(state.read_text()) == {"containers": {}, "volumes": {}}

"""A stand-in container engine (and curl) for scripts/container_smoke.sh, keeping containers and
volumes in a JSON file as docker and podman do: a VOLUME of the image that a `run` mounts nothing
on gets an anonymous volume, `rm -v` removes a container's anonymous volumes (never named ones),
`volume rm` refuses a volume a container still uses. The daemon's answers are canned.

    python fake_engine.py STATE DOCKERFILE engine ARGS...    (as `podman ARGS...`)
    python fake_engine.py STATE DOCKERFILE curl ARGS...
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any

METRICS = 'disinfo_monitor_hits_total{denial="sugovushan-meeting",verdict="contradict"} 1.0\n'


def _image_volumes(dockerfile: Path) -> list[str]:
    m = re.search(r"^VOLUME\s+(\[.*\])\s*$", dockerfile.read_text(encoding="utf-8"), re.M)
    return list(json.loads(m.group(1))) if m else []


def _run(state: dict[str, Any], args: list[str], image_volumes: list[str]) -> int:
    name, mounts, words = "", {}, iter(args)
    for word in words:
        if word == "--name":
            name = next(words)
        elif word in ("-v", "--volume"):
            src, dst = next(words).split(":")[:2]
            mounts[dst] = src
        elif word == "-p":
            next(words)
    if name in state["containers"]:
        print(f"Error: the container name {name!r} is already in use", file=sys.stderr)
        return 125
    anonymous = [f"anon-{len(state['volumes'])}-{i}" for i, path in enumerate(image_volumes) if path not in mounts]
    for src in mounts.values():
        if "/" not in src and src not in state["volumes"]:
            state["volumes"][src] = "named"
    state["volumes"].update(dict.fromkeys(anonymous, "anonymous"))
    prod = (Path(mounts.get("/config", "/nonexistent")) / "monitor.yaml").is_file()
    state["containers"][name] = {"volumes": [*mounts.values(), *anonymous], "anonymous": anonymous,
                                 "prod": prod, "events": ["poll cycle"]}
    print(f"{name}-id")
    return 0


def _exec(box: dict[str, Any], command: list[str]) -> int:
    if command == ["ls", "/data"]:
        if os.environ.get("FAKE_ENGINE_EMPTY_DATA"):     # a check that fails half-way through the script
            return 0
        print("health.json\nmonitor.db" if box["prod"] else "demo.db\nhealth.json")
    elif command[-2:] == ["feeds", "list"]:
        if not box["prod"]:
            print("config error: /config/monitor.yaml: file not found", file=sys.stderr)
            return 2
        print("   1  ok        config  -  -  1  0  prod-wire  file:///config/feed.xml")
    return 0


def _rm(state: dict[str, Any], args: list[str]) -> int:
    status = 0
    for name in (a for a in args if not a.startswith("-")):
        box = state["containers"].pop(name, None)
        if box is None:
            print(f"Error: no container with name or ID {name!r} found", file=sys.stderr)
            status = 1
        elif "-v" in args or "--volumes" in args:        # anonymous volumes only
            for vol in box["anonymous"]:
                state["volumes"].pop(vol, None)
    return status


def _volume_rm(state: dict[str, Any], args: list[str]) -> int:
    for name in (a for a in args if not a.startswith("-")):
        if any(name in box["volumes"] for box in state["containers"].values()):
            print(f"Error: volume {name} is being used", file=sys.stderr)
            return 2
        state["volumes"].pop(name, None)
    return 0


def engine(state: dict[str, Any], args: list[str], image_volumes: list[str]) -> int:
    verb, rest = args[0], args[1:]
    boxes = state["containers"]
    if verb == "run":
        return _run(state, rest, image_volumes)
    if verb == "rm":
        return _rm(state, rest)
    if verb == "volume" and rest[0] == "rm":
        return _volume_rm(state, rest[1:])
    box = boxes[rest[-1] if verb in ("stop", "kill", "logs") else rest[0]]
    if verb == "exec":
        return _exec(box, rest[1:])
    if verb == "logs":
        for event in box["events"]:
            print(json.dumps({"event": event, "level": "info"}))
    elif verb == "kill":
        box["events"].append("config reloaded")
    elif verb == "stop":
        box["events"].append("stopped")
    elif verb == "inspect":
        print("0")
    return 0


def curl(args: list[str]) -> int:
    url = next(a for a in args if a.startswith("http"))
    path = url.split("19464", 1)[1]
    if "-w" in args:
        print("200" if path in ("/healthz", "/readyz", "/metrics") else "404", end="")
    elif path == "/metrics":
        print(METRICS, end="")
    return 0


def main(argv: list[str]) -> int:
    state_path, dockerfile, tool, args = Path(argv[1]), Path(argv[2]), argv[3], argv[4:]
    if tool == "curl":
        return curl(args)
    state = json.loads(state_path.read_text()) if state_path.exists() else {"containers": {}, "volumes": {}}
    with open(state_path.with_suffix(".log"), "a", encoding="utf-8") as log:
        log.write(" ".join(args) + "\n")
    try:
        return engine(state, args, _image_volumes(dockerfile))
    finally:
        state_path.write_text(json.dumps(state))


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""The host side of scripts/compose_check.sh: one HTTP server that serves a feed and receives alerts.

GET /feed.xml serves the feed file; POST /hook (the generic webhook) checks the Standard Webhooks
signature against the secret file and a 5-minute timestamp window (401 when it fails), and
POST /slack takes the Slack notifier's message. Every request is appended to the log as one JSON
line. The server binds the container network's gateway address (host.containers.internal inside
the containers) with IP_FREEBIND, so it can listen before podman brings the bridge up, and only
there, not on 0.0.0.0. It writes its port to --port-file once it listens.

    python3 servers.py serve --host 10.89.0.1 --feed feed.xml --secret-file secrets/webhook_secret \
        --log requests.jsonl --port-file port
    python3 servers.py summary requests.jsonl      # one JSON object: what the log holds
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

IP_FREEBIND = getattr(socket, "IP_FREEBIND", 15)
TOLERANCE_S = 300


def verify(secret: str, headers: dict[str, str], body: bytes) -> str:
    """'' when one of the v1 signatures matches and the timestamp is recent, else why not."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    msg_id, stamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not msg_id or not stamp.isdigit():
        return "no webhook-id or webhook-timestamp"
    if abs(time.time() - int(stamp)) > TOLERANCE_S:
        return f"timestamp {stamp} outside {TOLERANCE_S} s"
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest())
    for sig in headers.get("webhook-signature", "").split():
        version, _, value = sig.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected):
            return ""
    return "no matching v1 signature"


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, args: argparse.Namespace) -> None:
        self.feed = Path(args.feed).read_bytes()
        self.secret = Path(args.secret_file).read_text().strip()
        self.log = Path(args.log)
        self.lock = threading.Lock()
        super().__init__((args.host, 0), Handler)

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.IPPROTO_IP, IP_FREEBIND, 1)
        super().server_bind()

    def record(self, entry: dict[str, object]) -> None:
        with self.lock, self.log.open("a") as fh:
            fh.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        self.server.record({"method": "GET", "path": self.path, "client": self.client_address[0]})
        if self.path != "/feed.xml":
            self._answer(404)
            return
        self._answer(200, self.server.feed, "application/rss+xml")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        entry: dict[str, object] = {"method": "POST", "path": self.path, "client": self.client_address[0]}
        try:
            payload = json.loads(body)
        except ValueError:
            payload = None
        if self.path == "/hook":
            problem = verify(self.server.secret, headers, body)
            entry.update(id=headers.get("webhook-id"), verified=not problem, problem=problem,
                         type=payload.get("type") if isinstance(payload, dict) else None, payload=payload)
            self.server.record(entry)
            self._answer(401 if problem else 204)
        elif self.path == "/slack":
            entry.update(payload=payload)
            self.server.record(entry)
            self._answer(200, b"ok", "text/plain")
        else:
            self.server.record(entry)
            self._answer(404)

    def _answer(self, status: int, body: bytes = b"", ctype: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:   # the JSON log says it all
        pass


def summary(log: Path) -> dict[str, object]:
    """Counts of the requests in the log, and the hits the verified webhook messages carried."""
    entries = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    hooks = [e for e in entries if e["method"] == "POST" and e["path"] == "/hook"]
    good = [e for e in hooks if e["verified"]]
    hits = []
    for e in good:
        data = (e.get("payload") or {}).get("data") or {}
        for hit in [data] if e["type"] == "hit.created" else data.get("hits", []):
            hits.append(f"{(hit.get('denial') or data.get('denial') or {}).get('id')}:{hit.get('verdict')}")
    ids = [e["id"] for e in good]
    return {
        "feed_gets": sum(e["method"] == "GET" and e["path"] == "/feed.xml" for e in entries),
        "hooks_verified": len(good),
        "hooks_refused": [e["problem"] for e in hooks if not e["verified"]],
        "hook_ids_repeated": len(ids) - len(set(ids)),
        "hook_hits": sorted(hits),
        "slack_posts": sum(e["method"] == "POST" and e["path"] == "/slack" for e in entries),
        "other": [f"{e['method']} {e['path']}" for e in entries if e["path"] not in ("/feed.xml", "/hook", "/slack")],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve")
    for name in ("--host", "--feed", "--secret-file", "--log", "--port-file"):
        serve.add_argument(name, required=True)
    commands.add_parser("summary").add_argument("log")
    args = parser.parse_args()
    if args.command == "summary":
        print(json.dumps(summary(Path(args.log))))
        return
    server = Server(args)
    Path(args.port_file).write_text(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()

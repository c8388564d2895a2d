"""Poll benchmark of what a user's daemon does: the real CLI (``run --once``, and the daemon ``run``)
with the shipped rules on loopback feeds of news-like items of about 2 KB, against a naive
feedparser loop in the same run.

Run: python benchmarks/bench_poll.py [--feeds 2000] [--items 50] [--replicas 1,2,4] [--skip ...]
       [--python PATH]

``--python``: the interpreter that runs the CLI, the daemon and the replicas (default: this one).
Give it one where the project is installed as a user installs it (``pip install .``, no dev
extras): in a development environment httpcore imports trio (selenium's) and structlog imports
rich (schemathesis'), which a user's daemon does not load (about 20 MiB of RSS; the run says
which of them the interpreter has).

Reports: cold ingest (items/s end to end, process start to exit), a warm cycle (10% of feeds
changed, 90% answer 304), peak RSS of any process (the CLI and its parse workers); the same cold
and warm cycles inside one running daemon (``python -m monitor run``: its own "poll cycle" log
lines, its CPU and its workers', their peak RSS), a stress case where 20% of items are
near-duplicates of a few large stories, and, on PostgreSQL, 1/2/4 replicas running the daemon's
poll on a fast and on a slow (I/O-bound) server.
The feed server runs in a child process; its CPU is not the poller's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SENTENCES = [s.strip() for a in (ROOT / "tests/fixtures/real_news.jsonl").read_text(encoding="utf-8").splitlines()
             for s in re.split(r"(?<=[.!?])\s+", json.loads(a)["text"]) if len(s.split()) >= 6]
CLAIM = ("Armenia's NSS head Armen Abazyan, Russian peacekeeping commander Rustam Muradov and Ali Naghiyev "
         "met in Sugovushan, channels claim.")
STORIES = 5            # the large stories of the near-duplicate stress case


def item_text(feed: int, n: int, near_dups: bool) -> tuple[str, str]:
    """About 2 KB of news sentences; 1 item in 100 states the denied claim; with ``near_dups``,
    1 item in 5 is one of STORIES large stories with two sentences of its own."""
    rng = random.Random(feed * 100_003 + n)
    if near_dups and (feed + n) % 5 == 0:
        story = random.Random((feed + n) % STORIES)
        base = [story.choice(SENTENCES) for _ in range(14)]
        base[rng.randrange(14)] = rng.choice(SENTENCES)
        base[rng.randrange(14)] = rng.choice(SENTENCES)
        return f"Story {(feed + n) % STORIES}: {base[0][:60]}", " ".join(base)
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < 2000:
        parts.append(rng.choice(SENTENCES))
    if (feed + n) % 100 == 0:
        parts.insert(1, CLAIM)
    return f"Feed {feed} item {n}: {parts[0][:60]}", " ".join(parts)


def feed_xml(feed: int, first: int, count: int, near_dups: bool) -> bytes:
    items = []
    for n in range(first + count - 1, first - 1, -1):
        title, text = item_text(feed, n, near_dups)
        items.append(f"<item><guid>f{feed}-i{n}</guid><title>{escape(title)}</title>"
                     f"<link>https://site{feed % 50}.invalid/{feed}/{n}?utm_source=rss</link>"
                     f"<description>{escape('<p>' + text + '</p>')}</description>"
                     f"<pubDate>Mon, 30 Nov 2026 10:{n % 60:02d}:00 GMT</pubDate></item>")
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
            f"<link>https://site{feed}.invalid/</link>{''.join(items)}</channel></rss>").encode()


def serve(port_queue: multiprocessing.Queue, feeds: int, items: int, near_dups: bool,  # type: ignore[type-arg]
          delay: float) -> None:
    """Child process: /f/<i> serves version 0 (cold) or, after GET /warm, version 1 (5 new items)
    for every 10th feed (GET /cold goes back to version 0); ETag/If-None-Match answers 304;
    ``delay`` seconds before each answer."""
    bodies = {(i, 0): feed_xml(i, 0, items, near_dups) for i in range(feeds)}
    bodies.update({(i, 1): feed_xml(i, 5, items, near_dups) for i in range(0, feeds, 10)})
    state = {"version": 0}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line, *hdrs = head.decode("latin-1").split("\r\n")
                path = line.split(" ")[1]
                if path in ("/warm", "/cold"):
                    state["version"] = 1 if path == "/warm" else 0
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                    continue
                if delay:
                    await asyncio.sleep(delay)
                feed = int(path.split("/")[2])
                version = state["version"] if (feed, 1) in bodies else 0
                etag = f'"{feed}-{version}"'
                inm = next((h.split(":", 1)[1].strip() for h in hdrs if h.lower().startswith("if-none-match")), "")
                if inm == etag:
                    writer.write(f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nContent-Length: 0\r\n\r\n".encode())
                else:
                    body = bodies[(feed, version)]
                    writer.write(f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: {etag}\r\n"
                                 f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=4096)
        port_queue.put(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


class Server:
    def __init__(self, feeds: int, items: int, near_dups: bool = False, delay: float = 0.0) -> None:
        ctx = multiprocessing.get_context("spawn")
        ports: multiprocessing.Queue = ctx.Queue()  # type: ignore[type-arg]
        self.proc = ctx.Process(target=serve, args=(ports, feeds, items, near_dups, delay), daemon=True)
        self.proc.start()
        self.base = f"http://127.0.0.1:{ports.get(timeout=600)}"

    def warm(self) -> None:
        import httpx

        httpx.get(self.base + "/warm")

    def cold(self) -> None:
        import httpx

        httpx.get(self.base + "/cold")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.join()


def write_config(path: Path, db: str, base: str, feeds: int, workers: int | None, poll_tick: str | None = None) -> Path:
    """The shipped denials of config/monitor.yaml, ``feeds`` loopback feeds, the console notifier
    (and the daemon's ``poll_tick`` when given)."""
    shipped = (ROOT / "config/monitor.yaml").read_text(encoding="utf-8")
    denials = shipped[shipped.index("\ndenials:"):shipped.index("\nnotifiers:")]
    lines = [f'database:\n  url: "{db}"', "fetch:\n  allow_private_networks: true\n  per_host_concurrency: 32"
             + (f"\n  workers: {workers}" if workers is not None else "")]
    lines += [f"daemon:\n  poll_tick: {poll_tick}"] if poll_tick else []
    lines += ["feeds:"]
    lines += [f'  - url: "{base}/f/{i}"' for i in range(feeds)]
    path.write_text("\n".join(lines) + denials + "\nnotifiers:\n  - type: console\n", encoding="utf-8")
    return path


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(config: Path) -> tuple[float, float, str]:
    """``disinfo-monitor run --once``: wall seconds, CPU seconds of it and its workers, its summary."""
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(config.parent / "data")}
    c0, t0 = children_cpu(), time.perf_counter()
    proc = subprocess.run([PYTHON, "-m", "monitor", "--log-level", "WARNING", "run", "--once",
                           "--config", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, env=env, check=True, cwd=config.parent)
    return time.perf_counter() - t0, children_cpu() - c0, proc.stderr.strip().splitlines()[-2]


def new_items(summary: str) -> int:
    m = re.search(r"(\d+) new items", summary)
    return int(m.group(1)) if m else 0


def naive(base: str, sample: int, items: int) -> float:
    """Sequential GET + feedparser.parse of ``sample`` feeds: items/s parse only."""
    import feedparser
    import httpx

    t0 = time.perf_counter()
    with httpx.Client() as client:
        entries = sum(len(feedparser.parse(client.get(f"{base}/f/{i}").content).entries) for i in range(sample))
    wall = time.perf_counter() - t0
    assert entries == sample * items
    return entries / wall


def peak_rss_mb() -> float:
    """The largest peak RSS among the finished child processes (the CLI, its workers)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


CLK_TCK = os.sysconf("SC_CLK_TCK")
PYTHON = sys.executable    # the interpreter of the CLI, the daemon and the replicas (--python)
OPTIONAL = ("trio", "rich")   # imported when installed (by httpcore, structlog); not runtime dependencies
POLL_TICK = "1s"       # the daemon looks for due feeds every second: a cycle starts at most 1 s after they are due


def _stat(pid: int) -> list[str]:
    """/proc/<pid>/stat from field 3 (state) on: the name in parentheses may hold spaces."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def descendants(pid: int) -> list[int]:
    """Every living process under ``pid`` (the daemon's parse workers, the resource tracker)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(_stat(int(entry.name))[1])
            except (OSError, IndexError, ValueError):
                continue            # ended meanwhile
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found += kids
        todo += kids
    return found


def tree_cpu(pid: int) -> float:
    """CPU seconds of ``pid`` and of its living descendants, each with its reaped children (utime,
    stime, cutime, cstime): a worker that ends moves from its own count into its parent's."""
    total = 0
    for p in [pid, *descendants(pid)]:
        try:
            total += sum(int(v) for v in _stat(p)[11:15])
        except (OSError, IndexError, ValueError):
            continue
    return total / CLK_TCK


def status_mib(pid: int, key: str) -> float:
    """A kB line of /proc/<pid>/status (VmHWM: peak RSS, VmRSS) in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(key)


def is_worker(pid: int) -> bool:
    """A parse worker of the daemon's pool (multiprocessing's spawn), not its resource tracker."""
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


class DaemonLog:
    """The daemon's JSON log (LOG_FORMAT=json, one object per line) read as it is written."""

    def __init__(self, path: Path, proc: subprocess.Popen[bytes]) -> None:
        self.path, self.proc, self.offset = path, proc, 0

    def wait_for(self, event: str, timeout: float) -> dict[str, Any]:
        """The next line whose event is ``event`` after the lines already read."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.path.open("rb") as f:
                f.seek(self.offset)
                chunk = f.read()
            for line in chunk.splitlines(keepends=True):
                if not line.endswith(b"\n"):
                    break                          # a line being written: read it next time
                self.offset += len(line)
                try:
                    record: dict[str, Any] = json.loads(line)
                except ValueError:
                    continue
                if isinstance(record, dict) and record.get("event") == event:
                    return record
            if self.proc.poll() is not None:
                raise RuntimeError(f"the daemon exited ({self.proc.returncode}) before {event!r}:\n"
                                   + self.path.read_text(errors="replace")[-3000:])
            time.sleep(0.02)
        raise TimeoutError(f"no {event!r} line from the daemon in {timeout:.0f} s")


def settle(pid: int, quiet: float = 0.25, window: float = 2.0, windows: int = 3, timeout: float = 300.0) -> float:
    """Wait until the daemon and its workers use less than ``quiet`` of a core in ``windows``
    windows of ``window`` seconds in a row (6 s: longer than the delivery interval, so the
    cycle's hit lines, its retention purge and the delivery pass of its hits are done; an idle
    daemon is not at 0: each tick syncs the config's feeds into the table). Returns the CPU
    seconds per second of the last window."""
    deadline, calm = time.monotonic() + timeout, 0
    while True:
        c0 = tree_cpu(pid)
        time.sleep(window)
        rate = (tree_cpu(pid) - c0) / window
        calm = calm + 1 if rate < quiet else 0
        if calm >= windows or time.monotonic() > deadline:
            return rate


def cycle_text(record: dict[str, Any]) -> str:
    return (f"{record['feeds_polled']} feeds polled, {record['feeds_failed']} failed, {record['not_modified']} "
            f"not modified, {record['items_new']} new items, {record['duplicates']} duplicates, {record['hits']} hits")


def make_all_due(db: Path) -> int:
    """The benchmark's stand-in for "every feed's interval has passed": no command or setting
    makes a feed due now, so the feeds' next-poll time is set one minute back in one UPDATE
    (one transaction: the daemon's next tick finds all of them due, or none). SQLite stores the
    UTC time naive as 'YYYY-MM-DD HH:MM:SS.ffffff', which this checks on a stored value first."""
    past = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(db, timeout=60) as conn:
        stored = conn.execute("SELECT next_poll_at FROM feeds WHERE next_poll_at IS NOT NULL LIMIT 1").fetchone()
        assert stored and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", stored[0]), stored
        return conn.execute("UPDATE feeds SET next_poll_at = ? WHERE enabled", (past,)).rowcount


def daemon(args: argparse.Namespace, server: Server, tmp: Path, naive_rate: float) -> None:
    """The daemon as a user runs it (``python -m monitor run``) on a fresh database: its cold first
    cycle (every feed new), then, with the server warm and every feed made due, one warm cycle;
    the figures are the daemon's own "poll cycle" lines, the CPU of the daemon and its workers
    (/proc), and their peak RSS (VmHWM). SIGTERM at the end, and a check that it exits 0."""
    server.cold()
    db = tmp / "daemon.db"
    config = write_config(tmp / "daemon.yaml", f"sqlite:///{db}", server.base, args.feeds, args.workers, POLL_TICK)
    env = {**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp / "daemon-data"), "LOG_FORMAT": "json"}
    log_path = tmp / "daemon.log"
    load = os.getloadavg()[0]
    with log_path.open("wb") as log_file:
        t0 = time.perf_counter()
        proc = subprocess.Popen([PYTHON, "-m", "monitor", "--log-level", "INFO", "run", "--config",
                                 str(config)], stdout=subprocess.DEVNULL, stderr=log_file, env=env, cwd=tmp)
    log = DaemonLog(log_path, proc)
    try:
        log.wait_for("daemon started", 600)
        start_wall, start_cpu = time.perf_counter() - t0, tree_cpu(proc.pid)
        cold = log.wait_for("poll cycle", 7200)
        cold_hwm = status_mib(proc.pid, "VmHWM")
        assert cold["feeds_polled"] == args.feeds and cold["feeds_failed"] == 0, cold
        idle = settle(proc.pid)
        server.warm()
        c0, t1 = tree_cpu(proc.pid), time.perf_counter()
        made_due = make_all_due(db)
        warm = log.wait_for("poll cycle", 600)
        cpu, wall_to_line = tree_cpu(proc.pid) - c0, time.perf_counter() - t1
        # the warm cycle is every feed in one cycle: 90% answering 304, the rest with 5 new items each
        assert made_due == args.feeds and warm["feeds_polled"] == args.feeds and warm["feeds_failed"] == 0, warm
        workers = [p for p in descendants(proc.pid) if is_worker(p)]
        hwm, rss = status_mib(proc.pid, "VmHWM"), status_mib(proc.pid, "VmRSS")
        worker_hwm = sorted((status_mib(p, "VmHWM") for p in workers), reverse=True)
        rate = cold["items_new"] / cold["duration_s"]
        print(f"daemon (python -m monitor run, poll_tick {POLL_TICK}; load average {load:.1f}): started in "
              f"{start_wall:.1f} s wall, {start_cpu:.1f} s CPU; idle before the warm cycle {idle:.3f} s CPU/s")
        print(f"daemon cold cycle: {cold['duration_s']:6.1f} s, {rate:7.0f} items/s "
              f"({rate / naive_rate:.2f}x the naive loop)\n    {cycle_text(cold)}")
        print(f"daemon warm cycle (10% changed, 90% 304): {warm['duration_s']:5.1f} s wall, {cpu:5.1f} s CPU "
              f"(daemon and {len(workers)} worker(s); {wall_to_line:.1f} s from making the feeds due to the "
              f"cycle's line)\n    {cycle_text(warm)}")
        print(f"daemon peak RSS (VmHWM): {hwm:.0f} MiB ({cold_hwm:.0f} MiB after the cold cycle; VmRSS {rss:.0f} MiB "
              "now); its workers: "
              + (", ".join(f"{m:.0f}" for m in worker_hwm) + " MiB" if worker_hwm else "none"))
        t2 = time.perf_counter()
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=120)
        log.wait_for("stopped", 5)
        left = [p for p in workers if Path(f"/proc/{p}").exists() and _stat(p)[0] != "Z"]
        print(f"daemon stopped by SIGTERM: exit {code} in {time.perf_counter() - t2:.1f} s"
              + (f"; workers still running: {left}" if left else ", its workers gone"))
        assert code == 0 and not left, (code, left)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def single(args: argparse.Namespace, tmp: Path) -> None:
    server = Server(args.feeds, args.items)
    rate = 0.0        # the plain cold run's items/s, for the stress case's ratio
    try:
        naive_rate = naive(server.base, args.naive_sample, args.items)
        print(f"naive loop (GET + feedparser.parse, {args.naive_sample} feeds): {naive_rate:7.0f} items/s")
        if "once" not in args.skip:
            rate = once(args, server, tmp, naive_rate)
        if "daemon" not in args.skip:
            daemon(args, server, tmp, naive_rate)
    finally:
        server.close()
    if "stress" in args.skip:
        return
    server = Server(args.feeds, args.items, near_dups=True)
    try:
        config = write_config(tmp / "dups.yaml", f"sqlite:///{tmp}/dups.db", server.base, args.feeds, args.workers)
        wall, cpu, summary = run_once(config)
        print(f"stress (20% near-duplicates of {STORIES} stories) cold: {wall:6.1f} s wall, "
              f"{new_items(summary) / wall:7.0f} items/s"
              + (f" ({new_items(summary) / wall / rate:.2f}x plain)" if rate else "") + f"\n    {summary}")
    finally:
        server.close()


def once(args: argparse.Namespace, server: Server, tmp: Path, naive_rate: float) -> float:
    """``run --once``: a cold run on a fresh database, then a warm one; their peak RSS. Returns
    the cold run's items/s."""
    config = write_config(tmp / "cold.yaml", f"sqlite:///{tmp}/cold.db", server.base, args.feeds, args.workers)
    wall, cpu, summary = run_once(config)
    rate = new_items(summary) / wall
    print(f"cold run --once: {wall:6.1f} s wall, {cpu:6.1f} s CPU, {rate:7.0f} items/s end to end "
          f"({rate / naive_rate:.2f}x the naive loop)\n    {summary}")
    server.warm()
    wall, cpu, summary = run_once(config)
    print(f"warm run --once (10% changed, 90% 304): {wall:5.1f} s wall, {cpu:5.1f} s CPU\n    {summary}")
    print(f"peak RSS of any process (CLI, workers): {peak_rss_mb():.0f} MiB")
    return rate


REPLICA = """
import asyncio, sys
from monitor.app import build_app
from monitor.config.load import load_config
from monitor.pipeline.poll import close_preparer, poll_feeds
app = build_app(load_config(sys.argv[1]))
report = asyncio.run(poll_feeds(app))      # the daemon's cycle: due feeds, leases
close_preparer(app)
print(report.new_items, report.feeds_polled)
"""


def replicas(args: argparse.Namespace, tmp: Path, pg: str) -> None:
    """N processes running the daemon's poll cycle on one PostgreSQL schema."""
    import psycopg

    for delay, label in ((0.0, "fast server (CPU-bound)"), (args.slow_delay, f"slow server ({args.slow_delay:.2f} s per answer)")):
        server = Server(args.replica_feeds, args.items, delay=delay)
        try:
            for n in args.replicas:
                schema = f"bench_{os.getpid()}_{n}_{int(delay * 1000)}"
                with psycopg.connect(pg, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
                    conn.execute(f'CREATE SCHEMA "{schema}"')
                url = f"{pg}?options=-csearch_path%3D{schema}"
                workers = args.workers if args.workers is not None else max(1, (os.cpu_count() or 1) // n)
                config = write_config(tmp / f"r{n}.yaml", url, server.base, args.replica_feeds, workers)
                subprocess.run([PYTHON, "-c", "from monitor.store.db import open_database as o; import sys;"
                                "o(sys.argv[1]).dispose()", url], check=True, cwd=tmp)       # schema first
                t0 = time.perf_counter()
                procs = [subprocess.Popen([PYTHON, "-c", REPLICA, str(config)], stdout=subprocess.PIPE, cwd=tmp,
                                          text=True, env={**os.environ, "DISINFO_MONITOR_DATA_DIR": str(tmp)})
                         for _ in range(n)]
                outs = [p.communicate()[0].split() for p in procs]
                wall = time.perf_counter() - t0
                items = sum(int(o[0]) for o in outs)
                polled = sum(int(o[1]) for o in outs)
                print(f"{label}: {n} replica(s): {wall:6.1f} s, {items / wall:7.0f} items/s, "
                      f"{polled} feeds polled (of {args.replica_feeds}), {workers} worker(s) each")
                with psycopg.connect(pg, autocommit=True) as conn:
                    conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
        finally:
            server.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--naive-sample", type=int, default=200)
    ap.add_argument("--workers", type=int, default=None, help="fetch.workers (default: one per core)")
    ap.add_argument("--replicas", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4])
    ap.add_argument("--replica-feeds", type=int, default=400)
    ap.add_argument("--slow-delay", type=float, default=0.25)
    ap.add_argument("--postgres", default=os.environ.get("DISINFO_MONITOR_TEST_POSTGRES_URL",
                                                         "postgresql://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--skip", default="", help="comma list of: single, once, daemon, stress, replicas")
    ap.add_argument("--python", default=sys.executable,
                    help="the interpreter that runs the CLI, the daemon and the replicas (default: this one)")
    args = ap.parse_args()
    global PYTHON
    PYTHON = args.python
    probe = "import importlib.util as u, sys; print(*[m for m in sys.argv[1:] if u.find_spec(m)])"
    extra = subprocess.run([PYTHON, "-c", probe, *OPTIONAL], capture_output=True, text=True, check=True,
                           cwd=tempfile.gettempdir()).stdout.split()
    print(f"interpreter {PYTHON}; optional packages it would load: {', '.join(extra) or 'none'}")
    print(f"{args.feeds} feeds x {args.items} items of ~2 KB; {os.cpu_count()} CPUs; load average "
          f"{os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory() as tmp:
        if "single" not in args.skip:
            single(args, Path(tmp))
        if "replicas" not in args.skip:
            replicas(args, Path(tmp), args.postgres)


if __name__ == "__main__":
    main()

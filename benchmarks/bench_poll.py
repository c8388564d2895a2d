"""Poll-cycle benchmark: 2,000 loopback feeds x 50 items, cold and warm cycles, and the naive way.

Run: python benchmarks/bench_poll.py [--feeds 2000] [--items 50] [--naive-sample 100]
The feed server runs in a child process (asyncio, pre-rendered bodies); the poller is the real
``poll_feeds`` on a SQLite file, with a one-denial keyword matcher standing in for the rule set.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DISINFO_MONITOR_ALLOW_PRIVATE_NETWORKS", "1")

SYLLABLES = ["ka", "ra", "ba", "zo", "mi", "ne", "to", "sha", "gar", "lu", "vi", "den", "ost", "ar", "el", "yan"]
WORDS = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:12]]  # 3,072 words


def item_xml(feed: int, n: int) -> str:
    """A distinct 60-word story; about 1 item in 100 names the denial's keyword."""
    rng = random.Random(feed * 100_003 + n)
    words = " ".join(rng.choice(WORDS) for _ in range(60))
    mention = " Sugovushan" if (feed + n) % 97 == 0 else ""
    return (f"<item><guid>f{feed}-i{n}</guid><title>Feed {feed} story {n}: {rng.choice(WORDS)}</title>"
            f"<link>https://site{feed % 50}.invalid/{feed}/{n}?utm_source=rss</link>"
            f"<description>&lt;p&gt;Story {n} of feed {feed}. {words}{mention}.&lt;/p&gt;</description>"
            f"<pubDate>Mon, 23 Nov 2026 10:{n % 60:02d}:00 GMT</pubDate></item>")


def feed_xml(feed: int, first: int, count: int) -> bytes:
    items = "".join(item_xml(feed, n) for n in range(first + count - 1, first - 1, -1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
            f"<link>https://site{feed}.invalid/</link>{items}</channel></rss>").encode()


def serve(port_queue: multiprocessing.Queue, feeds: int, items: int) -> None:  # type: ignore[type-arg]
    """Child process: /f/<i>?v serves version 0 (cold) or, for every 10th feed, version 1 (5 new)."""
    bodies = {(i, 0): feed_xml(i, 0, items) for i in range(feeds)}
    bodies.update({(i, 1): feed_xml(i, 5, items) for i in range(0, feeds, 10)})
    state = {"version": 0}

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line, *hdrs = head.decode("latin-1").split("\r\n")
                path = line.split(" ")[1]
                if path == "/warm":
                    state["version"] = 1
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                    continue
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
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port_queue.put(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


@dataclass
class OneDenialMatcher:
    """The simple denial set: one keyword denial."""

    def classify(self, doc):  # type: ignore[no-untyped-def]
        from monitor.match.types import Hit, Verdict

        if "sugovushan" in doc.title.lower() or "sugovushan" in doc.text.lower():
            return [Hit(denial_id="bench", verdict=Verdict.CONTRADICT, score=0.9, reason="keyword")]
        return []

    @property
    def denial_ids(self) -> Sequence[str]:
        return ("bench",)


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(base: str, feeds: int, db: str, concurrency: int = 32):  # type: ignore[no-untyped-def]
    from monitor.app import App
    from monitor.config.model import Config
    from monitor.store import models
    from monitor.store.db import make_sessions, open_database, session_scope

    config = Config.model_validate({
        "database": {"url": f"sqlite:///{db}"},
        "feeds": [{"url": f"{base}/f/{i}"} for i in range(feeds)],
        "fetch": {"concurrency": concurrency, "per_host_concurrency": concurrency},  # one host here
        "notifiers": [{"type": "console"}]})
    engine = open_database(config.database.url)
    sessions = make_sessions(engine)
    with session_scope(sessions) as s:
        s.add(models.Denial(id="bench", title="bench", claim="bench", config_hash="x",
                            updated_at=datetime.now(UTC)))
    return App(config=config, engine=engine, sessions=sessions, matcher=OneDenialMatcher(), notifiers={})


def cycle(app, label: str) -> None:  # type: ignore[no-untyped-def]
    from monitor.pipeline.poll import poll_feeds

    c0, t0 = cpu(), time.perf_counter()
    report = asyncio.run(poll_feeds(app, force=True))
    wall, used = time.perf_counter() - t0, cpu() - c0
    print(f"{label:5} cycle: {wall:6.2f} s wall, {used:6.2f} s CPU, {report.feeds_polled / wall:7.0f} feeds/s, "
          f"{report.new_items / wall:7.0f} new items/s end to end, peak RSS {peak_rss_mb():.0f} MB")
    print(f"             {report}")


def naive(base: str, sample: int, feeds: int) -> None:
    import feedparser

    c0, t0 = cpu(), time.perf_counter()
    entries = sum(len(feedparser.parse(f"{base}/f/{i}").entries) for i in range(sample))
    wall, used = time.perf_counter() - t0, cpu() - c0
    print(f"naive sequential feedparser.parse(url), {sample} feeds measured: {wall:.2f} s wall, {used:.2f} s CPU, "
          f"{entries / wall:.0f} items/s parse only (no dedup/match/store)")
    print(f"             extrapolated to {feeds} feeds: {wall * feeds / sample:.0f} s per cycle, every cycle "
          f"(no conditional GET)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--naive-sample", type=int, default=100)
    ap.add_argument("--concurrency", type=int, default=32, help="fetch.concurrency (default as shipped)")
    args = ap.parse_args()
    ctx = multiprocessing.get_context("spawn")
    ports: multiprocessing.Queue = ctx.Queue()  # type: ignore[type-arg]
    proc = ctx.Process(target=serve, args=(ports, args.feeds, args.items), daemon=True)
    proc.start()
    base = f"http://127.0.0.1:{ports.get(timeout=60)}"
    print(f"{args.feeds} feeds x {args.items} items on {base}; {os.cpu_count()} CPUs; "
          f"server in a child process (its CPU not counted)")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            app = build(base, args.feeds, f"{tmp}/bench.db", args.concurrency)
            cycle(app, "cold")
            import httpx

            httpx.get(base + "/warm")
            cycle(app, "warm")
            cycle(app, "idle")   # everything answers 304 now: the cost of HTTP alone
            app.close()
        naive(base, args.naive_sample, args.feeds)
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()

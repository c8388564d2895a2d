"""Where the CPU of a cold cycle goes, stage by stage, in one process (process CPU time).

Run: python benchmarks/bench_stages.py [--feeds 100] [--items 50] [--repeat 3]

Uses bench_poll's feeds (50 news-like items of about 2 KB, the shipped rules of
config/monitor.yaml) and a fresh SQLite file, and times each stage of the real code path over
every feed: feedparser alone (the reference), the rest of ``parse_feed`` (caps, HTML to text,
cleaning), dedup keys, the database look-up of known entries, MinHash, matching (language guess
included, for the items that reach it), pickling a job to a worker and its result back, and the
writer (``write_changed`` in batches of 32 feeds). Prints microseconds per item, best of
``--repeat`` runs of each stage (the machine is shared: the best is the least disturbed).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import feedparser  # noqa: E402
from bench_poll import feed_xml, write_config  # noqa: E402

from monitor.app import build_app  # noqa: E402
from monitor.config.load import load_config  # noqa: E402
from monitor.dedup.layers import StoryAssigner, keyed, new_in_feed, signed  # noqa: E402
from monitor.fetch import FetchResult  # noqa: E402
from monitor.match.types import Document  # noqa: E402
from monitor.parse import parse_feed  # noqa: E402
from monitor.parse.feed import FEEDPARSER_OPTIONS  # noqa: E402
from monitor.pipeline.poll import policy_from, text_limits  # noqa: E402
from monitor.pipeline.poll_state import Changed, write_changed  # noqa: E402
from monitor.pipeline.prepare import Job, prepare_feed  # noqa: E402
from monitor.store.db import session_scope  # noqa: E402
from monitor.store.feeds import claim_due_feeds, sync_config_feeds  # noqa: E402


def best(repeat: int, run: Callable[[], Any]) -> float:
    """The least process CPU seconds of ``repeat`` calls of ``run``."""
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        run()
        times.append(time.process_time() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--feeds", type=int, default=100)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    config = load_config(write_config(tmp / "c.yaml", f"sqlite:///{tmp}/c.db", "http://127.0.0.1:9", args.feeds, 1))
    app = build_app(config)
    bodies = [feed_xml(i, 0, args.items, False) for i in range(args.feeds)]
    n = args.feeds * args.items
    limits = text_limits(config.limits)
    url = "http://127.0.0.1:9/f/0"
    rows: list[tuple[str, float]] = []

    def stage(name: str, run: Callable[[], Any]) -> None:
        rows.append((name, best(args.repeat, run) / n * 1e6))

    stage("feedparser.parse (reference)",
          lambda: [feedparser.parse(b, response_headers={"content-type": "application/rss+xml"},
                                    **FEEDPARSER_OPTIONS) for b in bodies])
    stage("parse_feed (feedparser + caps + HTML to text)",
          lambda: [parse_feed(b, url, "application/rss+xml", limits) for b in bodies])
    parsed = [parse_feed(b, url, "application/rss+xml", limits) for b in bodies]
    entries = [e for p in parsed for e in p.entries]
    stage("dedup keys (content hash, key, canonical URL)",
          lambda: [keyed(i, e.title, e.text, e.guid, e.link) for i, e in enumerate(entries)])
    keys = [[keyed(i, e.title, e.text, e.guid, e.link) for i, e in enumerate(p.entries)] for p in parsed]

    def lookup() -> None:
        for f, ks in enumerate(keys):
            with session_scope(app.sessions) as session:
                new_in_feed(session, f + 1, ks)

    stage("known entries look-up (SQLite, empty)", lookup)
    stage("MinHash signature", lambda: [signed(k, e.title, e.text) for k, e in
                                         zip([k for ks in keys for k in ks], entries, strict=True)])
    docs = [Document(id=str(i), title=e.title, text=e.text, url=e.link, language=e.language,
                     published=e.published, feed="Feed") for i, e in enumerate(entries)]
    stage("matching, shipped rules (language guess included)", lambda: [app.matcher.classify(d) for d in docs])
    jobs = [Job(feed_id=i + 1, label=None, url=url, body=b, content_type="application/rss+xml", limits=limits)
            for i, b in enumerate(bodies)]
    stage("pickle job to worker (dumps + loads)", lambda: [pickle.loads(pickle.dumps(j, -1)) for j in jobs])
    stage("prepare_feed (all of the above)", lambda: [prepare_feed(j, app.sessions, app.matcher) for j in jobs])
    prepared = [prepare_feed(j, app.sessions, app.matcher) for j in jobs]
    size = sum(len(pickle.dumps(p, -1)) for p in prepared)
    stage("pickle result back (dumps + loads)", lambda: [pickle.loads(pickle.dumps(p, -1)) for p in prepared])

    now = datetime.now(UTC)
    with session_scope(app.sessions) as session:
        sync_config_feeds(session, config.feeds, now)
    with session_scope(app.sessions) as session:
        feeds = {f.id: f for f in claim_due_feeds(session, now, owner="bench", lease=config.fetch.lease,
                                                  limit=args.feeds + 1, after_id=0, force=True)}
    policy = policy_from(config.fetch)
    result = FetchResult(url=url, status=200, body=b"", headers={})
    batch = [Changed(feeds[p.feed_id], result, p, now) for p in prepared]
    t0 = time.process_time()
    for i in range(0, len(batch), 32):
        write_changed(app, StoryAssigner(), batch[i:i + 32], policy)
    rows.append(("writer: write_changed, 32 feeds per transaction (once)", (time.process_time() - t0) / n * 1e6))

    print(f"{args.feeds} feeds x {args.items} items; process CPU per item, best of {args.repeat}")
    for name, us in rows:
        print(f"{name:58s} {us:8.1f} µs")
    print(f"pickled results: {size / n:.0f} bytes per item; bodies {sum(map(len, bodies)) / n:.0f} bytes per item")


if __name__ == "__main__":
    main()

"""Console page benchmark: 100,000 hits on SQLite and PostgreSQL; every page must answer in < 200 ms.

Run: python benchmarks/bench_console.py [--hits 100000] [--runs 7] [--postgres URL|--no-postgres]
Rows are bulk-inserted (20 feeds, one item and one hit per row, a story per 3 items, a review per
10 hits, a delivery per hit); the pages are requested in-process through the real app (ASGI, no
socket), logged in; per page the first request (cold: the denials page computes the per-day
counts of past days, then reuses them for 10 minutes) and the median and worst of ``--runs``
more are printed. The machine is shared: figures vary with its load.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from monitor.config.load import load_config  # noqa: E402
from monitor.console.app import create_console  # noqa: E402
from monitor.console.security import Auth  # noqa: E402
from monitor.store import models  # noqa: E402
from monitor.store.db import make_sessions, open_database, session_scope  # noqa: E402
from monitor.store.hits import sync_denials  # noqa: E402

TOKEN = "bench-token-0123456789abcdef"
LIMIT_MS = 200.0
WORDS = ["talks", "met", "Sugovushan", "ministry", "reports", "denied", "envoy", "border", "village", "claim", "sources", "said"]
VERDICTS = ("contradict", "match", "mention")


def fill(url: str, n: int) -> None:
    """``n`` hits with their items, stories, reviews and deliveries, spread over the last 60 days."""
    engine = open_database(url)
    now = datetime.now(UTC)
    rng = random.Random(7)
    config = load_config(None)
    with session_scope(make_sessions(engine)) as s:
        sync_denials(s, config.denials, now)
        denial = config.denials[0].id
        s.execute(insert(models.Feed), [{"id": f + 1, "url": f"https://site{f}.invalid/rss", "name": f"site {f}",
                                         "health": "ok", "created_at": now, "last_polled_at": now}
                                        for f in range(20)])
        s.execute(insert(models.Story), [{"id": i + 1, "first_seen_at": now, "last_seen_at": now, "sightings": 3}
                                         for i in range(n // 3 + 1)])
    chunk = 5000
    for start in range(0, n, chunk):
        items, hits, reviews, deliveries = [], [], [], []
        for i in range(start, min(n, start + chunk)):
            at = now - timedelta(seconds=(n - i) * 60 * 86400 / n)
            title = " ".join(rng.choice(WORDS) for _ in range(12))
            body = " ".join(rng.choice(WORDS) for _ in range(250))
            items.append({"id": i + 1, "feed_id": i % 20 + 1, "dedup_key": f"k{i}", "link": f"https://x.invalid/{i}",
                          "content_hash": f"h{i}", "title": title, "text": body, "language": "en" if i % 4 else "ru",
                          "fetched_at": at, "story_id": i // 3 + 1})
            ev = [{"kind": "keyword", "term": "w", "field": "title", "start": 0, "end": 5, "snippet": ""},
                  {"kind": "entity", "term": "w", "field": "text", "start": 40, "end": 52, "snippet": ""}]
            hits.append({"id": i + 1, "item_id": i + 1, "denial_id": denial, "story_id": i // 3 + 1,
                         "verdict": VERDICTS[i % 3], "score": 0.5 + (i % 50) / 100, "reason": "bench",
                         "evidence": ev, "created_at": at})
            if i % 10 == 0:
                reviews.append({"hit_id": i + 1, "state": ("confirmed", "false_positive", "wrong_verdict")[i % 3],
                                "right_verdict": "mention" if i % 3 == 2 else None, "note": "", "reviewer": "bench",
                                "current": True, "created_at": at})
            deliveries.append({"hit_id": i + 1, "kind": "hit", "destination": "hook", "idempotency_key": f"d{i}",
                               "webhook_id": f"msg_{uuid.uuid4().hex}", "status": "dead" if i % 50 == 0 else "sent",
                               "attempts": 1, "next_attempt_at": at, "created_at": at})
        with session_scope(make_sessions(engine)) as s:
            s.execute(insert(models.Item), items)
            s.execute(insert(models.Hit), hits)
            s.execute(insert(models.Review), [r for r in reviews if r["state"] != "wrong_verdict"] +
                      [{**r, "right_verdict": "match"} for r in reviews if r["state"] == "wrong_verdict"])
            s.execute(insert(models.Delivery), deliveries)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            for table in ("feeds", "stories", "items", "hits"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
            conn.execute(text("ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()


def measure(url: str, n: int, runs: int) -> list[tuple[str, float, float, float]]:
    os.environ["DISINFO_MONITOR_DATABASE_URL"] = url
    engine = open_database(url)
    app = create_console(load_config(None), make_sessions(engine), Auth(token=TOKEN))
    deep = n // 2
    pages = ["/hits", f"/hits?cursor={deep}", "/hits?verdict=mention", "/hits?review=false_positive",
             "/hits?review=unreviewed", "/hits?feed=7&language=ru", "/hits?since=2020-01-01&until=2100-01-01",
             f"/hits/{deep}", "/denials", "/feeds", "/deliveries?status=dead",
             "/api/v1/hits?limit=50", f"/api/v1/hits?cursor={deep}&verdict=match", "/api/v1/denials"]
    out = []
    with TestClient(app, base_url="http://127.0.0.1") as c:
        page = c.get("/login").text
        csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        c.post("/login", data={"csrf": csrf, "name": "bench", "secret": TOKEN})
        headers = {"Authorization": f"Bearer {TOKEN}"}
        for path in pages:
            t = time.perf_counter()
            c.get(path, headers=headers)                    # the first request (cold caches) is shown apart
            first = (time.perf_counter() - t) * 1000
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                r = c.get(path, headers=headers)
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code == 200, (path, r.status_code)
            out.append((path, first, statistics.median(times), max(times)))
    engine.dispose()
    return out


def report(label: str, url: str, n: int, runs: int) -> bool:
    t = time.perf_counter()
    fill(url, n)
    print(f"{label}: {n} hits inserted in {time.perf_counter() - t:.1f} s")
    ok = True
    for path, first, median, worst in measure(url, n, runs):
        flag = "ok" if median < LIMIT_MS else "SLOW"
        ok &= median < LIMIT_MS
        print(f"  {path:46} first {first:7.1f} ms  median {median:7.1f} ms  worst {worst:7.1f} ms  {flag}")
    return ok


def _pg_schema(base: str) -> tuple[str, str]:
    import psycopg

    schema = "bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}", schema


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hits", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--postgres", default=os.environ.get("DISINFO_MONITOR_TEST_POSTGRES_URL",
                                                         "postgresql://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--no-postgres", action="store_true")
    args = ap.parse_args()
    print(f"console pages at {args.hits} hits; {os.cpu_count()} CPUs; limit {LIMIT_MS:.0f} ms (median of "
          f"{args.runs})")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        ok &= report("SQLite", f"sqlite:///{tmp}/bench.db", args.hits, args.runs)
    if not args.no_postgres:
        import psycopg

        url, schema = _pg_schema(args.postgres)
        try:
            ok &= report("PostgreSQL", url, args.hits, args.runs)
        finally:
            with psycopg.connect(args.postgres, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""Console page benchmark: 100,000 hits on SQLite and PostgreSQL; every page must answer in < 200 ms.

Run: python benchmarks/bench_console.py [--hits 100000] [--runs 7] [--postgres URL|--no-postgres]
Rows are bulk-inserted (20 feeds, one item and one hit per row, a story per 3 items, a review per
10 hits, a delivery per hit). Items are real news text (tests/fixtures/real_news.jsonl, ~2 KB an
item); the denials are the shipped config's (config/monitor.yaml): 99% of the hits for the first,
1% for the second. The pages are requested in-process through the real app (ASGI, no socket),
logged in; per page the first request (cold: the denials page computes the per-day counts of past
days, then reuses them for 10 minutes) and the median and worst of ``--runs`` more are printed.
Filters that match few or no hits (the walk reads every hit) are among the pages. The baseline in
the same run is the naive pager: ORDER BY time with OFFSET to the middle page, full item rows, and a
count of the pages. The machine is shared: figures vary with its load.
"""

from __future__ import annotations

import argparse
import json
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
from sqlalchemy import func, insert, select, text  # noqa: E402

from monitor.config.load import load_config  # noqa: E402
from monitor.config.model import Config  # noqa: E402
from monitor.console.app import create_console  # noqa: E402
from monitor.console.security import Auth  # noqa: E402
from monitor.store import models  # noqa: E402
from monitor.store.db import make_sessions, open_database, session_scope  # noqa: E402
from monitor.store.hits import sync_denials  # noqa: E402

TOKEN = "bench-token-0123456789abcdef"
LIMIT_MS = 200.0
ROOT = Path(__file__).resolve().parents[1]
SHIPPED_CONFIG = ROOT / "config" / "monitor.yaml"
REAL_NEWS = ROOT / "tests" / "fixtures" / "real_news.jsonl"
ITEM_CHARS = 2000
VERDICTS = ("contradict", "match", "mention")


def shipped_config() -> Config:
    """config/monitor.yaml, with placeholders for the notifier secrets it reads from the environment."""
    for name, value in (("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/bench"),
                        ("WEBHOOK_URL", "https://hook.example/bench"),
                        ("WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")):
        os.environ.setdefault(name, value)
    return load_config(str(SHIPPED_CONFIG))


def real_items() -> list[tuple[str, str]]:
    """(title, text of ~ITEM_CHARS characters) made of real news articles, one per article."""
    articles = [json.loads(line)["text"] for line in REAL_NEWS.read_text(encoding="utf-8").splitlines() if line]
    out = []
    for i, article in enumerate(articles):
        title, _, _ = article.strip().partition("\n")
        body = article
        for nxt in articles[i + 1:] + articles[:i]:
            if len(body) >= ITEM_CHARS:
                break
            body += "\n\n" + nxt
        out.append((title[:200], body[:ITEM_CHARS]))
    return out


def fill(url: str, n: int) -> None:
    """``n`` hits with their items, stories, reviews and deliveries, spread over the last 60 days."""
    engine = open_database(url)
    now = datetime.now(UTC)
    rng = random.Random(7)
    config = shipped_config()
    news = real_items()
    with session_scope(make_sessions(engine)) as s:
        sync_denials(s, config.denials, now)
        common, rare = config.denials[0].id, config.denials[-1].id
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
            title, body = news[rng.randrange(len(news))]
            items.append({"id": i + 1, "feed_id": i % 20 + 1, "dedup_key": f"k{i}", "link": f"https://x.invalid/{i}",
                          "content_hash": f"h{i}", "title": title, "text": body, "language": "en" if i % 4 else "ru",
                          "fetched_at": at, "story_id": i // 3 + 1})
            ev = [{"kind": "keyword", "term": "w", "field": "title", "start": 0, "end": 5, "snippet": ""},
                  {"kind": "entity", "term": "w", "field": "text", "start": 40, "end": 52, "snippet": ""}]
            hits.append({"id": i + 1, "item_id": i + 1, "denial_id": rare if i % 100 == 1 else common,
                         "story_id": i // 3 + 1,
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
    config = shipped_config()
    app = create_console(config, make_sessions(engine), Auth(token=TOKEN))
    deep = n // 2
    rare = config.denials[-1].id
    pages = ["/hits", f"/hits?cursor={deep}", "/hits?verdict=mention", "/hits?review=false_positive",
             "/hits?review=unreviewed", "/hits?feed=7&language=ru", "/hits?since=2020-01-01&until=2100-01-01",
             f"/hits?denial={rare}",                                # 1% of the hits
             "/hits?since=2100-01-01",                              # no hit: the walk reads every hit
             "/hits?verdict=contradict&review=wrong_verdict",       # no hit either, with a review test per hit
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


def naive(url: str, n: int, runs: int) -> tuple[float, float, float]:
    """The naive pager, for comparison: the middle page by OFFSET on time order, whole item rows, and a
    count of all hits for the page links (first, median and worst of ``runs`` in ms)."""
    engine = open_database(url)
    sessions = make_sessions(engine)
    times = []
    for _ in range(runs + 1):
        t = time.perf_counter()
        with session_scope(sessions) as s:
            s.scalar(select(func.count()).select_from(models.Hit))
            rows = s.execute(select(models.Hit, models.Item).join(models.Item, models.Hit.item_id == models.Item.id)
                             .order_by(models.Hit.created_at.desc()).offset(n // 2).limit(50)).all()
            assert len(rows) == 50
        times.append((time.perf_counter() - t) * 1000)
    engine.dispose()
    return times[0], statistics.median(times[1:]), max(times[1:])


def report(label: str, url: str, n: int, runs: int) -> bool:
    t = time.perf_counter()
    fill(url, n)
    print(f"{label}: {n} hits inserted in {time.perf_counter() - t:.1f} s")
    ok = True
    for path, first, median, worst in measure(url, n, runs):
        flag = "ok" if median < LIMIT_MS else "SLOW"
        ok &= median < LIMIT_MS
        print(f"  {path:46} first {first:7.1f} ms  median {median:7.1f} ms  worst {worst:7.1f} ms  {flag}")
    first, median, worst = naive(url, n, runs)
    print(f"  {'baseline: naive OFFSET pager (query only)':46} first {first:7.1f} ms  median {median:7.1f} ms  "
          f"worst {worst:7.1f} ms")
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

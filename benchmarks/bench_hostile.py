"""CPU time and peak memory per hostile feed item through the real parse + match path
(run: python benchmarks/bench_hostile.py [--quick]).

Each case is one feed body carrying one hostile item (unclosed tags, deep nesting, endless
attributes, entity floods, surrogates, NUL, control characters, huge titles; RSS, Atom and JSON
Feed; bodies up to the 10 MiB fetch cap). Each case runs in a forked child so that its CPU time
(user + system) and its peak RSS are its own: the child parses the body as the poll does
(``parse_and_key``: caps, sanitising, dedup keys), computes the MinHash signature and classifies
every entry with a compiled matcher, as ``store_and_match`` does. Prints one row per case and
exits 1 if any case costs more than the budget (1 s CPU, 200 MB above the parent's RSS; 3 s CPU
for a "feed:" case, a whole feed of many hostile items, each under the per-item cap).
``--quick`` uses 1 MiB bodies (the pytest in tests/hostile runs it).

The full run also measures a naive baseline on the same bodies: ``feedparser.parse`` on the whole
body, with no caps and feedparser's own HTML sanitising, as a daemon without these defences would
parse it (stopped after NAIVE_CPU_LIMIT seconds of CPU; ``--quick`` leaves it out).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from monitor.config.denials import DenialConfig  # noqa: E402
from monitor.dedup.layers import signed  # noqa: E402
from monitor.match import compile_matcher  # noqa: E402
from monitor.match.types import Document, Matcher  # noqa: E402
from monitor.parse import TextLimits  # noqa: E402
from monitor.pipeline.prepare import parse_and_key  # noqa: E402

CPU_BUDGET = 1.0          # seconds per item
FEED_CPU_BUDGET = 3.0     # seconds per whole feed of many hostile items (the "feed:" cases)
RSS_BUDGET = 200.0        # MB above the parent's RSS
NAIVE_CPU_LIMIT = 10      # seconds of CPU after which a naive-baseline case is stopped
URL = "https://feeds.invalid/hostile.xml"
CLAIM = "Abazyan, Muradov and Naghiyev met in Sugovushan. "
DENIAL = DenialConfig.model_validate({
    "id": "sugovushan", "title": "No meeting in Sugovushan", "claim": CLAIM,
    "entities": [{"name": "Armen Abazyan", "aliases": ["Abazyan"]}, {"name": "Rustam Muradov", "aliases": ["Muradov"]},
                 {"name": "Ali Naghiyev", "aliases": ["Naghiyev"]}],
    "keywords": [{"name": "meeting", "query": "meet* OR met OR talks"}], "min_entities": 2})


def rss(title: str, description: str, *, link: str = "https://news.invalid/1", guid: str = "1") -> bytes:
    """Everything is put in as given: callers escape what a well-formed feed would escape."""
    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>'
            f"<item><guid>{guid}</guid><title>{title}</title><link>{link}</link>"
            f"<description>{description}</description></item></channel></rss>").encode()


def jsonfeed(item: dict[str, object]) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": [item]}).encode()


def atom(title: str, content: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>a</title>'
            f'<entry><id>1</id><title type="html">{title}</title><content type="html">{content}</content>'
            "</entry></feed>").encode()


def fill(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def efill(unit: str, size: int) -> str:
    """``unit`` repeated and XML-escaped, about ``size`` characters once escaped."""
    return escape(fill(unit, size * len(unit) // len(escape(unit))))


def rss_items(unit: str, size: int, count: int) -> bytes:
    """``count`` items of raw ``unit`` markup, about ``size`` bytes together (each under item_bytes)."""
    items = "".join(f"<item><guid>{n}</guid><title>x</title><description>{fill(unit, size // count)}"
                    f"</description><link>https://news.invalid/{n}</link></item>" for n in range(count))
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + items
            + "</channel></rss>").encode()


def cases(size: int) -> dict[str, Callable[[], bytes]]:
    """Hostile bodies of about ``size`` bytes (built lazily, in the child)."""
    return {
        "rss: escaped unclosed <script>": lambda: rss("x", efill("<script>", size)),
        "rss: escaped unclosed <!--": lambda: rss("x", efill("<!--", size)),
        "rss: escaped deep <div> nesting": lambda: rss("x", efill("<div>", size)),
        "rss: escaped endless attributes": lambda: rss("x", "&lt;a " + efill("x=1 ", size)),
        "rss: escaped '<a ' * n": lambda: rss("x", efill("<a ", size)),
        "rss: CDATA unclosed tags": lambda: rss("x", "<![CDATA[" + fill("<p><b>", size) + "]]>"),
        "rss: raw ill-formed <script>": lambda: rss("x", fill("<script>", size)),
        "rss: raw ill-formed '<'": lambda: rss("x", fill("<", size)),
        "rss: entity flood &amp;": lambda: rss("x", fill("&amp;", size)),
        "rss: charrefs &#xD800; &#0;": lambda: rss("x", fill("&#xD800;&#0;", size)),
        "rss: huge title": lambda: rss(fill(CLAIM, size), "text"),
        "rss: huge matching text": lambda: rss(CLAIM, fill("Armen Abazyan held talks with Rustam Muradov. ", size)),
        "rss: control characters": lambda: rss("x&#x1b;[2J", fill("&#x1b;[31m&#x202e;a&#7;", size)),
        "rss: huge link and guid": lambda: rss("x", "y", link=fill("https://a.invalid/", size // 2),
                                                guid=fill("g", size // 2)),
        "atom: unclosed <b> title, <table> content": lambda: atom(efill("<b>", size // 2),
                                                                 efill("<table><tr><td>", size // 2)),
        "json: unclosed <script> content_html": lambda: jsonfeed({"id": "1", "content_html": fill("<script>", size)}),
        "json: huge title": lambda: jsonfeed({"id": "1", "title": fill(CLAIM, size)}),
        "json: lone surrogates, NUL": lambda: jsonfeed({"id": "\ud800\u0000", "title": fill("\ud800\u0000a", size // 14)}),
        "json: '!channel' and javascript: links": lambda: jsonfeed({"id": "1", "url": "!channel", "external_url":
                                                                     "javascript:" + fill("a", size)}),
        "feed: 40 items of raw '<a ' * n": lambda: rss_items("<a ", size, 40),
    }


def run_case(build: Callable[[], bytes], matcher: Matcher) -> tuple[int, int]:
    """Parse and match one body the way a poll does; returns (entries, body bytes)."""
    body = build()
    ctype = "application/feed+json" if body.startswith(b"{") else "application/xml"
    parsed, keys = parse_and_key(body, URL, ctype, TextLimits())
    for k in keys:
        e = parsed.entries[k.index]
        signed(k, e.title, e.text)
        matcher.classify(Document(id=str(k.index), title=e.title, text=e.text, url=e.link, language=e.language))
    return len(parsed.entries), len(body)


def naive_case(build: Callable[[], bytes]) -> tuple[int, int]:
    """The naive baseline: feedparser on the whole body, no caps; returns (entries, body bytes)."""
    import feedparser

    body = build()
    parsed = feedparser.parse(body)
    for e in parsed.entries:
        _ = (e.get("title", ""), e.get("summary", ""), e.get("link", ""))
    return len(parsed.entries), len(body)


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(build: Callable[[], bytes], matcher: Matcher | None,
            cpu_limit: int | None = None) -> tuple[float, float, int, int] | None:
    """(CPU seconds, peak RSS growth MB, entries, body bytes) of one case, in a forked child.
    The body is built before the clock starts: only parsing and matching are measured. Without a
    matcher the naive baseline runs instead; ``cpu_limit`` stops the child after that many seconds
    of CPU (then None)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read)
        try:
            body = build()
            base = rss_mb()
            before = resource.getrusage(resource.RUSAGE_SELF)
            if cpu_limit is not None:
                used = int(before.ru_utime + before.ru_stime) + 1
                resource.setrlimit(resource.RLIMIT_CPU, (used + cpu_limit, used + cpu_limit + 1))
            if matcher is None:
                entries, size = naive_case(lambda: body)
            else:
                entries, size = run_case(lambda: body, matcher)
            after = resource.getrusage(resource.RUSAGE_SELF)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            peak = after.ru_maxrss / 1024 - base       # ru_maxrss is in KiB on Linux
            os.write(write, json.dumps([cpu, max(peak, 0.0), entries, size]).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as f:
        data = f.read()
    os.waitpid(pid, 0)
    if not data:
        return None          # stopped by the CPU limit
    cpu, peak, entries, size = json.loads(data)
    return cpu, peak, entries, size


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    size = (1 if quick else 10) * 1024 * 1024 - 4096
    matcher = compile_matcher([DENIAL])
    print(f"hostile items, bodies of {size / 2**20:.1f} MiB, budget {CPU_BUDGET:.1f} s CPU and "
          f"{RSS_BUDGET:.0f} MB peak RSS per item ({FEED_CPU_BUDGET:.0f} s per 'feed:' case) "
          "(2 shared cores: figures are upper bounds)")
    if not quick:
        print(f"naive baseline: feedparser.parse on the whole body, no caps (stopped at {NAIVE_CPU_LIMIT} s CPU)")
    print(f"{'case':44} {'body MB':>8} {'items':>5} {'CPU s':>7} {'peak MB':>8} {'naive s':>8} {'naive MB':>8}  ok")
    over = naive_over = 0
    start = time.monotonic()
    for name, build in cases(size).items():
        result = measure(build, matcher)
        assert result is not None
        cpu, peak, entries, nbytes = result
        budget = FEED_CPU_BUDGET if name.startswith("feed:") else CPU_BUDGET
        ok = cpu <= budget and peak <= RSS_BUDGET
        over += not ok
        naive_s = naive_mb = "-"
        if not quick:
            naive = measure(build, None, cpu_limit=NAIVE_CPU_LIMIT)
            naive_s, naive_mb = (f">{NAIVE_CPU_LIMIT}", "?") if naive is None else (f"{naive[0]:.3f}", f"{naive[1]:.1f}")
            naive_over += naive is None or naive[0] > budget or naive[1] > RSS_BUDGET
        print(f"{name:44} {nbytes / 1e6:8.2f} {entries:5d} {cpu:7.3f} {peak:8.1f} {naive_s:>8} {naive_mb:>8}  "
              f"{'yes' if ok else 'OVER'}", flush=True)
    print(f"{over} of {len(cases(size))} cases over budget ({time.monotonic() - start:.1f} s wall)")
    if not quick:
        print(f"naive baseline: {naive_over} of {len(cases(size))} cases over budget")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

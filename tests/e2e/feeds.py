"""Many loopback feeds for the daemon tests: plain items, a claim in every n-th feed."""

from __future__ import annotations

from tests.e2e.test_pipeline import CONFIG, CONTRADICT
from tests.servers import LoopbackServer, rss


def many_feeds_config(db: str, server: LoopbackServer, receiver: LoopbackServer, feeds: int, claim_every: int,
                      delay: float = 0.0) -> str:
    """The pipeline test's CONFIG with ``feeds`` loopback feeds of 3 plain items each (each answering
    after ``delay`` seconds); every ``claim_every``-th feed also carries the claim (a hit)."""
    for n in range(feeds):
        items = [{"guid": f"f{n}-i{k}", "title": f"Feed {n} story {k}",
                  "description": f"Plain news item {k} of feed {n} about the weather and the harvest."}
                 for k in range(3)]
        if n % claim_every == 0:
            items.append({**CONTRADICT, "guid": f"claim-{n}", "link": f"https://news.invalid/claim/{n}"})
        server.set(f"/f/{n}", body=rss(items, title=f"feed {n}"), delay=delay)
    text = CONFIG.format(db=db, feed=server.url("/f/0"), hook=receiver.url("/hook"))
    feed_list = "".join(f'  - url: "{server.url(f"/f/{n}")}"\n' for n in range(1, feeds))
    return text.replace("denials:\n", feed_list + "denials:\n", 1)

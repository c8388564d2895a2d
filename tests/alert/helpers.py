"""Test helpers: a config, an App over a real SQLite file, a settable clock, seeded hits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.alert import build_notifiers
from monitor.alert.routing import destinations_for
from monitor.app import App
from monitor.config.model import Config
from monitor.match.types import Evidence, Hit, Verdict
from monitor.store import models
from monitor.store.db import make_sessions, open_database, session_scope
from monitor.store.hits import record_hit, sync_denials

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
DENIALS = [
    {"id": "sugovushan", "title": "Sugovushan meeting", "claim": "The minister met the rebel leader.",
     "source": "Ministry of Defence", "entities": [{"name": "Sugovushan"}]},
    {"id": "washington", "title": "Washington mechanism", "claim": "A mechanism was agreed.",
     "entities": [{"name": "Washington"}]},
]


class Clock:
    """A settable ``now`` for the App."""

    def __init__(self, start: datetime = T0) -> None:
        self.t = start

    def __call__(self) -> datetime:
        return self.t

    def advance(self, **kw: float) -> None:
        self.t += timedelta(**kw)


def make_config(db_url: str, notifiers: list[dict[str, Any]], **delivery: Any) -> Config:
    return Config.model_validate({"database": {"url": db_url}, "denials": DENIALS,
                                  "notifiers": notifiers, "delivery": delivery})


def make_app(config: Config, clock: Clock) -> App:
    engine = open_database(config.database.url)
    sessions = make_sessions(engine)
    with session_scope(sessions) as s:
        sync_denials(s, config.denials, clock())
    return App(config=config, engine=engine, sessions=sessions, matcher=None,  # type: ignore[arg-type]
               notifiers=build_notifiers(config), now=clock)


def seed_hit(app: App, n: int, *, denial: str = "sugovushan", verdict: str = "contradict",
             score: float = 0.9, feed: str = "Feed A", story: int | None = None) -> int:
    """Store item ``n`` of ``feed`` and its hit with one delivery per routed destination."""
    now = app.now()
    with session_scope(app.sessions) as s:
        f = s.query(models.Feed).filter_by(name=feed).one_or_none()
        if f is None:
            f = models.Feed(url=f"http://127.0.0.1/{feed.replace(' ', '_')}.xml", name=feed, created_at=now)
            s.add(f)
            s.flush()
        if story is not None and s.get(models.Story, story) is None:
            s.add(models.Story(id=story, first_seen_at=now, last_seen_at=now))
            s.flush()
        item = models.Item(feed_id=f.id, dedup_key=f"k{n}", content_hash=f"h{n}",
                           title=f"Item {n} <about> Sugovushan & more", text="text",
                           link=f"https://news.example/{n}?a=1&b=2", fetched_at=now,
                           published_at=now, story_id=story)
        s.add(item)
        s.flush()
        hit = Hit(denial_id=denial, verdict=Verdict(verdict), score=score, reason="repeats the claim",
                  evidence=(Evidence("entity", "Sugovushan", "title", 0, 10, "Sugovushan"),
                            Evidence("cue", "sources say", "text", 0, 4, "text")))
        row = record_hit(s, item, hit, destinations_for(hit, app.config), now)
        assert row is not None
        return row.id

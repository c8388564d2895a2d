"""Fixtures of the fetch area: a misbehaving feed server, an App on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from monitor.app import App
from monitor.config.model import Config
from monitor.match.types import Document, Hit, Verdict
from monitor.store import models
from monitor.store.db import make_sessions, open_database, session_scope
from tests.fetch.server import MisbehavingServer


@dataclass
class KeywordMatcher:
    """A stand-in matcher for polling tests (the match stage is tested elsewhere): a hit for
    denial ``demo`` when the word appears in the title or text."""

    word: str = "sugovushan"

    def classify(self, doc: Document) -> list[Hit]:
        if self.word in (doc.title + " " + doc.text).lower():
            return [Hit(denial_id="demo", verdict=Verdict.CONTRADICT, score=0.9, reason="keyword")]
        return []

    @property
    def denial_ids(self) -> Sequence[str]:
        return ("demo",)


class Clock:
    """A settable UTC clock for the app."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        from datetime import timedelta

        self.now += timedelta(seconds=seconds)


@pytest.fixture
def server() -> Iterator[MisbehavingServer]:
    srv = MisbehavingServer().start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def clock() -> Clock:
    return Clock()


MakeApp = Callable[..., App]


@pytest.fixture
def make_app(tmp_path: Path, clock: Clock) -> Iterator[MakeApp]:
    apps: list[App] = []

    def make(feeds: Sequence[str | dict[str, Any]], fetch: dict[str, Any] | None = None,
             notifiers: Sequence[dict[str, Any]] = (), url: str | None = None) -> App:
        url = url or f"sqlite:///{tmp_path}/monitor.db"
        fetch_cfg = {"connect_timeout": 1, "read_timeout": 1, "deadline": 3, "min_interval": 60,
                     "interval": 900, "jitter": 0.0, **(fetch or {})}
        config = Config.model_validate({
            "database": {"url": url},
            "feeds": [{"url": f} if isinstance(f, str) else f for f in feeds],
            "fetch": fetch_cfg, "notifiers": list(notifiers)})
        engine = open_database(url)
        sessions = make_sessions(engine)
        with session_scope(sessions) as s:
            if s.get(models.Denial, "demo") is None:
                s.add(models.Denial(id="demo", title="demo", claim="demo", config_hash="x",
                                    updated_at=clock()))
        app = App(config=config, engine=engine, sessions=sessions, matcher=KeywordMatcher(),
                  notifiers={}, now=clock)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.close()

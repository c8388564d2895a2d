"""The running application's parts, built once from a Config and passed to every stage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from monitor.config.load import locate_key, locate_rule_error
from monitor.config.model import Config
from monitor.errors import ConfigError, RuleError
from monitor.match.types import Matcher
from monitor.store.db import make_sessions, open_database, session_scope
from monitor.store.hits import sync_denials


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    """Config, database, compiled matcher and notifiers: what the pipeline stages need."""

    config: Config
    engine: Engine
    sessions: sessionmaker[Session]
    matcher: Matcher
    notifiers: dict[str, Any]
    now: Callable[[], datetime] = field(default=utc_now)

    def close(self) -> None:
        self.engine.dispose()


def compile_rules(config: Config) -> Matcher:
    """Compile the config's denials; a RuleError names the file, key path and line."""
    from monitor.match import compile_matcher

    try:
        return compile_matcher(config.denials)
    except RuleError as exc:
        raise locate_rule_error(config, exc) from None


def build_app(config: Config, *, now: Callable[[], datetime] = utc_now) -> App:
    """Compile rules (RuleError on a bad one), open and migrate the database, build notifiers."""
    from monitor.alert import build_notifiers

    matcher = compile_rules(config)
    notifiers = build_notifiers(config)
    try:
        engine = open_database(config.database.url)
    except ConfigError as exc:
        raise locate_key(config, exc, ("database", "url")) from None
    sessions = make_sessions(engine)
    for attempt in range(3):   # replicas starting together insert the same new denials: retry finds them
        try:
            with session_scope(sessions) as session:
                sync_denials(session, config.denials, now())
            break
        except IntegrityError:
            if attempt == 2:
                raise
    return App(config=config, engine=engine, sessions=sessions, matcher=matcher,
               notifiers=notifiers, now=now)


def rebuild_app(app: App, config: Config) -> App:
    """A new App from ``config`` that shares ``app``'s database (SIGHUP reload). Raises ConfigError
    (or RuleError) for a config that cannot run; ``app`` is left as it was."""
    from monitor.alert import build_notifiers
    from monitor.errors import ConfigError

    if config.database.url != app.config.database.url:
        raise locate_key(config, ConfigError("a new database needs a restart, not a reload"), ("database", "url"))
    matcher = compile_rules(config)           # a bad rule is named by file, key and line, as check-config does
    notifiers = build_notifiers(config)
    with session_scope(app.sessions) as session:
        sync_denials(session, config.denials, app.now())
    return App(config=config, engine=app.engine, sessions=app.sessions, matcher=matcher,
               notifiers=notifiers, now=app.now)

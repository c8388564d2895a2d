"""CLI of the alert stage: ``deliveries list|retry|purge`` and ``silences add|list|remove``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from monitor.cli import config_option, handle_errors
from monitor.cli.options import DURATION, check_known
from monitor.config import Config, load_config
from monitor.sanitize import for_terminal
from monitor.store import models
from monitor.store import outbox as store
from monitor.store.db import database_sessions, session_scope

STATUSES = ["pending", "sent", "dead", "silenced", "folded"]


@contextmanager
def database(config_path: str | None, config: Config | None = None) -> Iterator[Session]:
    """A transaction on the configured database (migrated first)."""
    config = config or load_config(config_path)
    with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
        yield session


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S}" if value else "-"


@click.group()
def deliveries() -> None:
    """Inspect and manage the alert outbox."""


@deliveries.command("list")
@config_option
@click.option("--status", type=click.Choice(STATUSES), default=None)
@click.option("--destination", default=None)
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@handle_errors
def list_cmd(config_path: str | None, status: str | None, destination: str | None, limit: int,
             fmt: str) -> None:
    """Newest deliveries first, with their state and last (redacted) error."""
    config = load_config(config_path)
    with database(config_path, config) as s:
        if destination is not None:   # a configured destination, or one that has deliveries
            known = [*config.notifier_names(), *s.scalars(select(models.Delivery.destination).distinct())]
            check_known("--destination", "destination", destination, known)
        rows = store.list_deliveries(s, status=status, destination=destination, limit=limit)
        states = {d.name: d for d in s.query(models.Destination)}
        if fmt == "jsonl":
            for d in rows:
                click.echo(json.dumps({
                    "id": d.id, "hit_id": d.hit_id, "kind": d.kind, "destination": d.destination,
                    "webhook_id": d.batch_key or d.webhook_id, "status": d.status,
                    "attempts": d.attempts, "next_attempt_at": d.next_attempt_at.isoformat(),
                    "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                    "last_status": d.last_status, "last_error": d.last_error}))
            return
        if not rows:
            click.echo("no deliveries")
        else:
            click.echo(f"{'ID':>5}  {'HIT':>5}  {'DESTINATION':16}  {'STATUS':8}  {'TRIES':>5}  "
                       f"{'NEXT/SENT (UTC)':19}  LAST ERROR")
        for d in rows:
            when = d.sent_at if d.status == "sent" else d.next_attempt_at
            click.echo(f"{d.id:>5}  {d.hit_id or '-':>5}  {d.destination[:16]:16}  {d.status:8}  "
                       f"{d.attempts:>5}  {_when(when):19}  {for_terminal((d.last_error or '')[:80])}")
        for name, st in sorted(states.items()):
            if st.disabled_at:
                click.echo(f"destination {name} disabled since {_when(st.disabled_at)}: "
                           f"{for_terminal(st.disabled_reason)}")   # the receiver's words


@deliveries.command()
@config_option
@click.argument("ids", nargs=-1, type=int)
@click.option("--destination", default=None, help="Every dead delivery of it; also re-enables it.")
@click.option("--all", "all_dead", is_flag=True, help="Every dead delivery.")
@handle_errors
def retry(config_path: str | None, ids: tuple[int, ...], destination: str | None, all_dead: bool) -> None:
    """Queue dead-lettered deliveries again (same webhook-id, a fresh retry schedule)."""
    if not (ids or destination or all_dead):
        raise click.UsageError("give delivery ids, --destination NAME or --all")
    config = load_config(config_path)
    check_known("--destination", "destination", destination, config.notifier_names())
    now = datetime.now(UTC)
    with database(config_path, config) as s:
        enabled = ""
        if destination:
            row = s.get(models.Destination, destination)
            if row is not None and row.disabled_at is not None:
                store.enable(row)
                enabled = f"; destination {destination} re-enabled"
        count = store.requeue(s, ids=ids, destination=destination, now=now)
    click.echo(f"{count} deliveries queued again{enabled}")


@deliveries.command()
@config_option
@click.option("--older-than", type=DURATION, default="30d", show_default=True, help="Age, e.g. 7d or 12h.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["sent", "dead", "silenced", "folded"]),
              help="Default: all finished states.")
@handle_errors
def purge(config_path: str | None, older_than: timedelta, statuses: tuple[str, ...]) -> None:
    """Delete finished deliveries older than a given age (pending ones are never purged)."""
    with database(config_path) as s:
        count = store.purge(s, older_than=datetime.now(UTC) - older_than,
                            statuses=statuses or ("sent", "dead", "silenced", "folded"))
    click.echo(f"{count} deliveries purged")


@click.group()
def silences() -> None:
    """Mute a denial, a feed or a destination until a time."""


@silences.command("add")
@config_option
@click.option("--denial", default=None, help="A denial id of the config.")
@click.option("--feed", default=None, help="Feed name or URL (of the config or the database).")
@click.option("--destination", default=None, help="A notifier name of the config.")
@click.option("--for", "duration", type=DURATION, default=None, help="How long, e.g. 2h or 3d.")
@click.option("--until", default=None, help="Until when (ISO 8601, UTC if no offset).")
@click.option("--comment", default=None)
@handle_errors
def add_cmd(config_path: str | None, denial: str | None, feed: str | None, destination: str | None,
            duration: timedelta | None, until: str | None, comment: str | None) -> None:
    """Add a silence; hits it matches are stored but not sent."""
    targets = [(t, v) for t, v in (("denial", denial), ("feed", feed), ("destination", destination)) if v]
    if len(targets) != 1:
        raise click.UsageError("give exactly one of --denial, --feed, --destination")
    if (duration is None) == (until is None):
        raise click.UsageError("give exactly one of --for and --until")
    now = datetime.now(UTC)
    try:
        end = now + duration if duration else datetime.fromisoformat(str(until))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--until'") from None
    if end.tzinfo is None:
        end = end.replace(tzinfo=UTC)
    config = load_config(config_path)
    check_known("--denial", "denial", denial, (d.id for d in config.denials))
    check_known("--destination", "destination", destination, config.notifier_names())
    with database(config_path, config) as s:
        if feed is not None:
            stored = s.execute(select(models.Feed.name, models.Feed.url)).all()
            check_known("--feed", "feed", feed, [x for f in (*stored, *((f.name, f.url) for f in config.feeds))
                                                 for x in f if x])
        row = store.add_silence(s, target=targets[0][0], value=targets[0][1], until=end,
                                comment=comment, now=now)
        click.echo(f"silence {row.id}: {row.target} {row.value} until {_when(row.until)} UTC")


@silences.command("list")
@config_option
@click.option("--all", "show_all", is_flag=True, help="Include expired silences.")
@handle_errors
def list_silences_cmd(config_path: str | None, show_all: bool) -> None:
    """Active silences (or all)."""
    with database(config_path) as s:
        rows = store.list_silences(s, now=None if show_all else datetime.now(UTC))
        if not rows:
            click.echo("no silences")
        for r in rows:
            click.echo(f"{r.id:>4}  {r.target:11}  {r.value[:40]:40}  until {_when(r.until)}  {r.comment or ''}")


@silences.command("remove")
@config_option
@click.argument("silence_id", type=int)
@handle_errors
def remove_cmd(config_path: str | None, silence_id: int) -> None:
    """Remove a silence by id."""
    with database(config_path) as s:
        if not store.remove_silence(s, silence_id):
            raise click.ClickException(f"no silence {silence_id}")
    click.echo(f"silence {silence_id} removed")

"""``disinfo-monitor feeds``: list feeds with their health, add, remove, import and export OPML."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path

import click

from monitor.app import utc_now
from monitor.cli import config_option, handle_errors
from monitor.cli.options import DURATION
from monitor.config.load import load_config
from monitor.store import feeds as store
from monitor.store.db import database_sessions, session_scope
from monitor.store.models import Feed


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else "-"


@click.group()
def feeds() -> None:
    """Manage the polled feeds (from the config file and from the database)."""


@feeds.command("list")
@config_option
@handle_errors
def list_(config_path: str | None) -> None:
    """Feeds with health, last success, next poll, items seen and last error."""
    config = load_config(config_path)
    with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
        store.sync_config_feeds(session, config.feeds, utc_now())
        rows = store.list_feeds(session)
        if not rows:
            click.echo("no feeds")
            return
        click.echo(f"{'ID':>4}  {'HEALTH':8}  {'ORIGIN':6}  {'LAST SUCCESS':16}  {'NEXT POLL':16}  "
                   f"{'ITEMS':>6}  {'ERR':>3}  FEED")
        for f in rows:
            health = f.health if f.enabled else "disabled"
            click.echo(f"{f.id:>4}  {health:8}  {f.origin:6}  {_when(f.last_success_at):16}  "
                       f"{_when(f.next_poll_at):16}  {f.items_seen or 0:>6}  {f.error_streak or 0:>3}  "
                       f"{f.name + '  ' if f.name else ''}{f.url}")
            if f.last_error:
                click.echo(f"{'':>4}  last error: {f.last_error[:200]}")


@feeds.command()
@config_option
@click.argument("url")
@click.option("--name", default=None)
@click.option("--interval", type=DURATION, default=None,
              help="Poll interval, e.g. 10m (default: fetch.interval).")
@handle_errors
def add(config_path: str | None, url: str, name: str | None, interval: timedelta | None) -> None:
    """Add a feed to the database (polled along with the config's feeds)."""
    if not url.startswith(("http://", "https://", "file:")):
        click.echo("error: the URL must start with http://, https:// or file:", err=True)
        sys.exit(2)
    seconds = interval.total_seconds() if interval else None
    config = load_config(config_path)
    with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
        row, created = store.add_feed(session, url, name=name, interval=seconds, origin="cli", now=utc_now())
        click.echo(f"{'added' if created else 'already present (enabled)'}: {row.id} {row.url}")


@feeds.command()
@config_option
@click.argument("url_or_id")
@handle_errors
def remove(config_path: str | None, url_or_id: str) -> None:
    """Remove a feed and its items. A feed from the config file comes back unless removed there too."""
    config = load_config(config_path)
    with database_sessions(config.database.url) as sessions:
        with session_scope(sessions) as session:
            row = store.remove_feed(session, url_or_id)
        if row is None:
            click.echo(f"error: no feed {url_or_id}", err=True)
            sys.exit(1)
        click.echo(f"removed: {row.url}")
        if any(f.url in (row.url, row.config_url) for f in config.feeds):
            click.echo("note: this feed is in the config file; remove it there or it is added again",
                       err=True)


@feeds.command("import-opml")
@config_option
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@handle_errors
def import_opml(config_path: str | None, path: str) -> None:
    """Add every feed (outline with xmlUrl) of an OPML file."""
    try:
        tree = ET.parse(path)  # noqa: S314 - a local file the operator chose
    except ET.ParseError as exc:
        click.echo(f"error: {path}: not valid OPML: {exc}", err=True)
        sys.exit(2)
    outlines = [o for o in tree.iter("outline") if o.get("xmlUrl")]
    config = load_config(config_path)
    added = 0
    with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
        for o in outlines:
            _, created = store.add_feed(session, str(o.get("xmlUrl")).strip(),
                                        name=o.get("title") or o.get("text"), interval=None,
                                        origin="opml", now=utc_now())
            added += created
    click.echo(f"{added} feeds added, {len(outlines) - added} already present")


def opml_document(rows: list[Feed]) -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "disinfo-monitor feeds"
    body = ET.SubElement(root, "body")
    for f in rows:
        ET.SubElement(body, "outline", type="rss", text=f.name or f.url, title=f.name or f.url, xmlUrl=f.url)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@feeds.command("export-opml")
@config_option
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="File (default: stdout).")
@handle_errors
def export_opml(config_path: str | None, output: str | None) -> None:
    """Write the enabled feeds as OPML 2.0."""
    config = load_config(config_path)
    with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
        store.sync_config_feeds(session, config.feeds, utc_now())
        text = opml_document(store.list_feeds(session, include_disabled=False))
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)

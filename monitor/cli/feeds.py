"""``disinfo-monitor feeds``: list feeds with their health, add, remove, import and export OPML."""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import NoReturn

import click

from monitor.app import utc_now
from monitor.cli import config_option, handle_errors
from monitor.cli.feed_probe import Found, probe, url_policy
from monitor.cli.opml import MAX_OPML_BYTES, OpmlError, OpmlFeed, read_opml, write_opml
from monitor.cli.options import PERIOD
from monitor.config.env import lookup
from monitor.config.feeds import check_header
from monitor.config.load import load_config
from monitor.errors import FetchError
from monitor.fetch import RequestOptions
from monitor.fetch.urls import UnsafeURL
from monitor.redact import hide_credentials, hide_credentials_in_text
from monitor.store import feeds as store
from monitor.store.db import database_sessions, session_scope
from monitor.store.models import Feed

PASSWORD_ENV = "DISINFO_MONITOR_FEED_PASSWORD"


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value else "-"


def shown(text: str | None, limit: int = 200) -> str:
    """Feed-supplied text made safe for a terminal: control and format characters replaced."""
    return "".join(c if c.isprintable() else "\ufffd" for c in (text or "")[:limit])


def _fail(message: str, status: int) -> NoReturn:
    click.echo(f"error: {shown(message, 1000)}", err=True)
    sys.exit(status)


@click.group()
def feeds() -> None:
    """Manage the polled feeds (from the config file and from the database)."""


def _extras(f: Feed) -> str:
    parts = [f"category {shown(f.category, 60)}"] if f.category else []
    if f.auth_username:
        parts.append("basic auth")
    if f.request_headers:
        parts.append("headers " + ",".join(shown(k, 40) for k in sorted(f.request_headers)))
    if f.user_agent:
        parts.append("own user agent")
    return f"  ({'; '.join(parts)})" if parts else ""


@feeds.command("list")
@config_option
@handle_errors
def list_(config_path: str | None) -> None:
    """Feeds with health, last success, next poll, items seen and the current error."""
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
            label = f"{shown(f.name, 80)}  " if f.name else ""
            click.echo(f"{f.id:>4}  {health:8}  {f.origin:6}  {_when(f.last_success_at):16}  "
                       f"{_when(f.next_poll_at):16}  {f.items_seen or 0:>6}  {f.error_streak or 0:>3}  "
                       f"{label}{shown(hide_credentials(f.url), 300)}{_extras(f)}")
            if f.last_error and f.error_streak:  # the current error only: none once the feed recovered
                click.echo(f"{'':>4}  error: {shown(hide_credentials_in_text(f.last_error))}")


def _headers(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw in values:
        name, sep, value = raw.partition(":")
        try:
            if not sep:
                raise ValueError(f"expected 'Name: value', got {shown(raw, 60)!r}")
            check_header(name.strip(), value.strip())
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--header") from None
        out[name.strip()] = value.strip()
    return out


def _found_line(found: Found) -> str:
    what = f"{shown(found.title, 120) or '(untitled)'}, {found.items} items"
    if found.page:
        return f"discovered feed {hide_credentials(found.url)} ({what}) on {hide_credentials(found.page)}"
    return f"feed: {what}"


@feeds.command()
@config_option
@click.argument("url")
@click.option("--name", default=None)
@click.option("--interval", type=PERIOD, default=None,
              help="Poll interval, e.g. 10m (default: fetch.interval).")
@click.option("--category", default=None, help="Category (kept in OPML export).")
@click.option("--header", "header", multiple=True, help="Extra request header 'Name: value' (repeatable).")
@click.option("--username", default=None, help="HTTP basic auth user (stored apart from the URL).")
@click.option("--password", default=None,
              help=f"HTTP basic auth password (or ${PASSWORD_ENV}, or the file named by ${PASSWORD_ENV}_FILE); "
                   "never shown.")
@click.option("--user-agent", default=None, help="User-Agent for this feed only.")
@click.option("--no-check", is_flag=True, help="Store the URL without fetching it first.")
@handle_errors
def add(config_path: str | None, url: str, name: str | None, interval: timedelta | None, category: str | None,
        header: tuple[str, ...], username: str | None, password: str | None, user_agent: str | None,
        no_check: bool) -> None:
    """Fetch URL once and add the feed it is (or the feed its HTML page announces)."""
    config = load_config(config_path)
    seconds = interval.total_seconds() if interval else None
    try:
        url = url_policy(config.fetch, url)
    except UnsafeURL as exc:
        _fail(f"{hide_credentials(url)}: {exc}", 2)
    if password is None:
        password = lookup(PASSWORD_ENV, os.environ)
    if password is not None and not username:
        raise click.BadParameter("--password needs --username", param_hint="--password")
    headers = _headers(header)
    if user_agent is not None:
        try:
            check_header("User-Agent", user_agent)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--user-agent") from None
    options = RequestOptions(headers=tuple(headers.items()), username=username, password=password,
                             user_agent=user_agent)
    given = [flag for flag, value in (("--name", name), ("--interval", interval), ("--category", category),
                                      ("--header", header), ("--username", username),
                                      ("--user-agent", user_agent)) if value]
    with database_sessions(config.database.url) as sessions:
        with session_scope(sessions) as session:     # a stored URL is not fetched again (as Miniflux)
            if store.find_feed(session, url) is not None:
                _added(*store.add_feed(session, url, origin="cli", now=utc_now()), given)
                return
        found: Found | None = None
        if not no_check:
            try:
                found = asyncio.run(probe(config.fetch, url, options))
            except FetchError as exc:
                _fail(f"{exc} (nothing added; --no-check adds it without fetching)",
                      1 if exc.retryable else 2)
            click.echo(_found_line(found))
            url = found.url
        opts = store.FeedOptions(name=name or (found.title[:512] if found and found.title else None),
                                 interval=seconds, category=category, headers=headers or None,
                                 auth_username=username, auth_password=password if username else None,
                                 user_agent=user_agent)
        with session_scope(sessions) as session:
            _added(*store.add_feed(session, url, origin="cli", now=utc_now(), options=opts), given)


def _added(row: Feed, outcome: store.AddOutcome, given: list[str]) -> None:
    """What ``feeds add`` did; an existing feed keeps its settings, and the options not applied are named."""
    where = f"{row.id} {hide_credentials(row.url)}"
    if outcome == "added":
        click.echo(f"added: {where}")
        return
    unused = f"; not applied: {', '.join(given)}" if given else ""
    if outcome == "present":
        click.echo(f"already present: {where} (nothing changed{unused})")
    else:
        click.echo(f"re-enabled: {where} (it had left the config file; now a cli feed, settings kept{unused})")


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
            _fail(f"no feed {hide_credentials(url_or_id)}", 1)
        click.echo(f"removed: {hide_credentials(row.url)}")
        if any(f.url in (row.url, row.config_url) for f in config.feeds):
            click.echo("note: this feed is in the config file; remove it there or it is added again",
                       err=True)


@feeds.command("import-opml")
@config_option
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@handle_errors
def import_opml(config_path: str | None, path: str) -> None:
    """Add every feed of an OPML file (with its category and htmlUrl). Outlines that are not
    feeds, or whose URL is refused, are listed; the status is then 1."""
    config = load_config(config_path)
    if not stat.S_ISREG(os.stat(path).st_mode):   # a FIFO would block the command forever
        _fail(f"{path}: not a regular file", 2)
    try:
        with open(path, "rb") as fh:
            entries, problems = read_opml(fh.read(MAX_OPML_BYTES + 1))
    except OpmlError as exc:
        _fail(f"{path}: {exc}", 2)
    skipped = [f"{path}:{p.line}: {shown(p.label, 80)}: {p.reason}" for p in problems]
    accepted: list[OpmlFeed] = []
    for e in entries:
        try:
            accepted.append(OpmlFeed(url=url_policy(config.fetch, e.url), title=e.title, html_url=_site(e.html_url),
                                     category=e.category, line=e.line))
        except UnsafeURL as exc:
            skipped.append(f"{path}:{e.line}: {shown(hide_credentials(e.url), 200)}: {exc}")
    outcomes: dict[str, int] = {"added": 0, "present": 0, "re-enabled": 0}
    with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
        for e in accepted:
            _, outcome = store.add_feed(session, e.url, origin="opml", now=utc_now(), options=store.FeedOptions(
                name=e.title, category=e.category, html_url=e.html_url))
            outcomes[outcome] += 1
    for line in sorted(skipped):
        click.echo(f"skipped {line}", err=True)
    enabled = f"{outcomes['re-enabled']} re-enabled, " if outcomes["re-enabled"] else ""
    click.echo(f"{outcomes['added']} feeds added, {enabled}{outcomes['present']} already present, "
               f"{len(skipped)} skipped")
    if skipped:
        sys.exit(1)


def _site(url: str | None) -> str | None:
    """A site link kept only when it is http(s)."""
    return url[:2048] if url and url.lower().startswith(("http://", "https://")) else None


@feeds.command("export-opml")
@config_option
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="File (default: stdout).")
@click.option("--with-credentials", is_flag=True,
              help="Keep user:pass@ and secret query parameters in the URLs (a private backup).")
@handle_errors
def export_opml(config_path: str | None, output: str | None, with_credentials: bool) -> None:
    """Write the enabled feeds as OPML 2.0, with categories and htmlUrl. Credentials in URLs are
    masked unless --with-credentials; basic auth and headers are never exported."""
    config = load_config(config_path)
    with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
        store.sync_config_feeds(session, config.feeds, utc_now())
        rows = store.list_feeds(session, include_disabled=False)
        text = write_opml(OpmlFeed(url=f.url if with_credentials else hide_credentials(f.url), title=f.name,
                                   html_url=f.html_url, category=f.category) for f in rows)
        masked = sum(1 for f in rows if hide_credentials(f.url) != f.url)
        private = sum(1 for f in rows if f.auth_username or f.request_headers)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if masked and not with_credentials:
        click.echo(f"note: credentials masked in {masked} feed URLs (--with-credentials keeps them)", err=True)
    if private:
        click.echo(f"note: basic auth and headers of {private} feeds are not exported", err=True)

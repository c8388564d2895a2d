"""Command line: run, check-config, hits, and the commands of each stage."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from monitor import __version__
from monitor.app import App, build_app
from monitor.config import Config, load_config
from monitor.config.load import EMBEDDED, config_source
from monitor.errors import ConfigError, MonitorError
from monitor.redact import install_log_filter
from monitor.sanitize import TerminalSafeFormatter, for_terminal, json_for_terminal
from monitor.store.db import database_sessions, redact_url, session_scope
from monitor.store.hits import list_hits

F = TypeVar("F", bound=Callable[..., Any])

config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None,
    help="Config file (default: $DISINFO_MONITOR_CONFIG, else the embedded demo config).")


def handle_errors(func: F) -> F:
    """Turn project errors into a one-line message: status 2 for config, 1 otherwise."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"config error: {exc}", err=True)
            sys.exit(2)
        except MonitorError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(TerminalSafeFormatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    logging.basicConfig(level=getattr(logging, level.upper(), logging.INFO), handlers=[handler])
    for noisy in ("httpx", "httpcore", "apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # every line the daemon logs, tracebacks included, without credentials in URLs
    install_log_filter(handlers=tuple(logging.getLogger().handlers))


def open_app(config_path: str | None) -> App:
    """Load the config and build the app (errors surface through handle_errors)."""
    return build_app(load_config(config_path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="disinfo-monitor")
@click.option("--log-level", default="INFO", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False))
def main(log_level: str) -> None:
    """disinfo-monitor: alerts when a claim that officials denied resurfaces in the news."""
    setup_logging(log_level)


@main.command()
@config_option
@click.option("--once", is_flag=True, help="Poll every feed once, deliver what is due, then exit 0.")
@handle_errors
def run(config_path: str | None, once: bool) -> None:
    """Run the daemon (or a single cycle with --once)."""
    from monitor.pipeline import run_daemon, run_once

    app = open_app(config_path)
    src = config_source(config_path) or EMBEDDED
    logging.getLogger("monitor").info("config %s, database %s", src, redact_url(app.config.database.url))
    try:
        if once:
            summary = asyncio.run(run_once(app))
            click.echo(summary, err=True)
        else:
            asyncio.run(run_daemon(app))
    finally:
        app.close()


@main.command("check-config")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@config_option
@handle_errors
def check_config(path: str | None, config_path: str | None) -> None:
    """Validate a config file (and compile its rules) without touching the database."""
    src = path or config_path
    config: Config = load_config(src)
    from monitor.alert import build_notifiers
    from monitor.app import compile_rules
    from monitor.config.load import locate_key
    from monitor.store.db import check_database_url

    compile_rules(config)
    try:
        check_database_url(config.database.url)
    except ConfigError as exc:
        raise locate_key(config, exc, ("database", "url")) from None
    build_notifiers(config)
    click.echo(f"{config_source(src) or EMBEDDED}: OK ({len(config.feeds)} feeds, "
               f"{len(config.denials)} denials, {len(config.notifiers)} notifiers)")


@main.command()
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--limit", type=int, default=None, help="Only the newest N hits.")
@click.option("--denial", default=None, help="Only hits for this denial id.")
@click.option("--verdict", type=click.Choice(["match", "contradict", "mention"]), default=None)
@handle_errors
def hits(config_path: str | None, fmt: str, limit: int | None, denial: str | None,
         verdict: str | None) -> None:
    """List stored hits, oldest first."""
    from monitor.cli.options import check_known
    from monitor.store.hits import stored_denial_ids

    config = load_config(config_path)
    with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
        check_known("--denial", "denial", denial, [*(d.id for d in config.denials), *stored_denial_ids(session)])
        views = list_hits(session, limit=limit, denial=denial, verdict=verdict)
    if fmt == "jsonl":
        for v in views:
            click.echo(json_for_terminal(json.dumps(v.to_dict(), ensure_ascii=False)))
        return
    if not views:
        click.echo("no hits")
        return
    click.echo(f"{'ID':>5}  {'WHEN (UTC)':16}  {'VERDICT':10}  {'SCORE':>5}  {'DENIAL':24}  TITLE")
    for v in views:   # titles, links and feed names come from feeds: no control characters reach the tty
        click.echo(f"{v.id:>5}  {v.created_at:%Y-%m-%d %H:%M}  {v.verdict:10}  {v.score:5.2f}  "
                   f"{for_terminal(v.denial_id[:24]):24}  {for_terminal(v.title[:80])}")
        if v.link:
            click.echo(f"{'':>5}  {'':16}  {'':10}  {'':5}  {'':24}  {for_terminal(v.link)}  "
                       f"({for_terminal(v.feed)})")


@main.command()
@click.option("--max-age", type=float, default=180.0, show_default=True,
              help="Seconds since the daemon's last poll tick that still count as healthy.")
def healthcheck(max_age: float) -> None:
    """Exit 0 when the daemon ticked recently (for Docker's HEALTHCHECK), else 1."""
    import time

    from monitor.daemon import heartbeat_path

    path = heartbeat_path()
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        click.echo(f"unhealthy: no heartbeat at {path} (is the daemon running?)", err=True)
        sys.exit(1)
    if age > max_age:
        click.echo(f"unhealthy: last poll tick {age:.0f}s ago (> {max_age:.0f}s)", err=True)
        sys.exit(1)
    click.echo(f"healthy: last poll tick {age:.0f}s ago")


def _register_stage_commands() -> None:
    """Each stage's own commands live in its module and are added here."""
    from importlib import import_module

    for module, names in (("monitor.cli.rules", ("classify", "test_rule", "backtest", "denials")),
                          ("monitor.cli.feeds", ("feeds",)),
                          ("monitor.cli.deliveries", ("deliveries", "silences"))):
        try:
            mod = import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        for name in names:
            cmd = getattr(mod, name, None)
            if isinstance(cmd, click.Command):
                main.add_command(cmd)


_register_stage_commands()

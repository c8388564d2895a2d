"""``serve``: the analyst's console; ``claimreview export|import``: schema.org ClaimReview in and out."""

from __future__ import annotations

import sys
from typing import TextIO

import click

from monitor.config.load import load_config
from monitor.errors import ConfigError, MonitorError

config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None,
    help="Config file (default: $DISINFO_MONITOR_CONFIG, else the embedded demo config).")


def _fail(exc: MonitorError) -> None:
    click.echo(f"{'config error' if isinstance(exc, ConfigError) else 'error'}: {exc}", err=True)
    sys.exit(2 if isinstance(exc, ConfigError) else 1)


@click.command()
@config_option
@click.option("--listen", default=None, help="host:port (default: console.listen, 127.0.0.1:8080).")
def serve(config_path: str | None, listen: str | None) -> None:
    """Run the analyst's console (web pages and the JSON API under /api/v1)."""
    import uvicorn

    from monitor.console.app import create_console
    from monitor.console.server import LOOPBACK, console_address, console_auth, url_of
    from monitor.store.db import make_sessions, open_database, session_scope
    from monitor.store.hits import sync_denials

    try:
        config = load_config(config_path)
        host, port = console_address(config, listen)
        auth = console_auth(config)
        engine = open_database(config.database.url)
    except MonitorError as exc:
        _fail(exc)
    sessions = make_sessions(engine)
    from datetime import UTC, datetime

    with session_scope(sessions) as session:
        sync_denials(session, config.denials, datetime.now(UTC))
    if host not in LOOPBACK:
        click.echo(f"warning: the console listens on {host}, not only this machine; put TLS in front of it",
                   err=True)
    click.echo(f"console on {url_of(host, port)} (Ctrl-C stops it)", err=True)
    try:
        uvicorn.run(create_console(config, sessions, auth), host=host, port=port, log_level="warning",
                    server_header=False, proxy_headers=False)
    finally:
        engine.dispose()


@click.group()
def claimreview() -> None:
    """schema.org ClaimReview JSON-LD: export denials, import reviews as denial drafts."""


@claimreview.command("export")
@config_option
@click.option("--output", type=click.File("w", encoding="utf-8"), default="-", show_default=True)
@click.option("--max-appearances", type=click.IntRange(0, 10_000), default=200, show_default=True,
              help="Newest items that repeat the claim, per denial.")
def export_(config_path: str | None, output: TextIO, max_appearances: int) -> None:
    """Every configured denial as a ClaimReview, with the items that repeat its claim as appearances."""
    import json

    from monitor.console.claimreview import export_claim_reviews
    from monitor.store.db import database_sessions, session_scope

    try:
        config = load_config(config_path)
        with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
            doc = export_claim_reviews(session, config.denials, max_appearances)
    except MonitorError as exc:
        _fail(exc)
    output.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


@claimreview.command("import")
@click.argument("source")
@click.option("--id-prefix", default="imported", show_default=True, help="Draft ids are PREFIX-1, PREFIX-2, ...")
def import_(source: str, id_prefix: str) -> None:
    """Read ClaimReview items (a JSON-LD file, or an http(s) URL of a page or feed of them) and print
    denial drafts as YAML to paste under `denials:` and edit."""
    import asyncio
    from pathlib import Path

    import yaml

    from monitor.console.claimreview import MAX_JSON_BYTES, denial_draft, json_ld_blocks, read_claim_reviews
    from monitor.console.text import safe_link
    from monitor.suggest import suggest_denial

    try:
        if safe_link(source):
            page = asyncio.run(_fetch(source))
        else:
            path = Path(source)
            if not path.is_file():
                raise click.BadParameter(f"{source}: no such file (or give an http(s) URL)", param_hint="SOURCE")
            with path.open("rb") as fh:
                page = fh.read(MAX_JSON_BYTES + 1).decode("utf-8", "replace")
            if len(page) > MAX_JSON_BYTES:
                raise MonitorError(f"{source}: larger than {MAX_JSON_BYTES // (1024 * 1024)} MiB")
        reviews = [r for block in json_ld_blocks(page) for r in read_claim_reviews(block)]
        if not reviews:
            raise MonitorError(f"{source}: no ClaimReview with a claimReviewed found")
        drafts = []
        for n, review in enumerate(reviews, 1):
            denial_id = f"{id_prefix}-{n}"
            drafts.append((review, denial_draft(review, denial_id, suggest_denial(review.claim, denial_id=denial_id))))
    except MonitorError as exc:
        _fail(exc)
    click.echo(f"# {len(drafts)} denial drafts from ClaimReview items in {source}: check every rule before use.")
    for review, draft in drafts:
        click.echo(f"# rated {review.rating or 'without a rating'!r} by {review.author or 'an unnamed author'}")
        click.echo(yaml.safe_dump([draft], allow_unicode=True, sort_keys=False, width=100), nl=False)


async def _fetch(url: str) -> str:
    from monitor.console.claimreview import MAX_JSON_BYTES
    from monitor.fetch.client import Fetcher, FetchLimits
    from monitor.fetch.guard import private_networks_allowed

    limits = FetchLimits(max_body_bytes=MAX_JSON_BYTES, deadline=30.0, allow_file_urls=False,
                         allow_private_networks=private_networks_allowed(False))
    async with Fetcher(limits) as fetcher:
        result = await fetcher.fetch(url)
    return (result.body or b"").decode("utf-8", "replace")
__all__ = ["claimreview", "serve"]

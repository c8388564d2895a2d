"""``serve``: the analyst's console; ``claimreview export|import``: schema.org ClaimReview in and out."""

from __future__ import annotations

import sys

import click

from monitor.config.load import load_config, locate_key
from monitor.errors import ConfigError, MonitorError

config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None,
    help="Config file (default: $DISINFO_MONITOR_CONFIG, else the embedded demo config).")
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _fail(exc: MonitorError) -> None:
    click.echo(f"{'config error' if isinstance(exc, ConfigError) else 'error'}: {exc}", err=True)
    sys.exit(2 if isinstance(exc, ConfigError) else 1)


def split_listen(listen: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:8080`` too); ValueError on anything else."""
    host, sep, port = listen.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"expected host:port, got {listen!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


@click.command()
@config_option
@click.option("--listen", default=None, help="host:port (default: console.listen, 127.0.0.1:8080).")
def serve(config_path: str | None, listen: str | None) -> None:
    """Run the analyst's console (web pages and the JSON API under /api/v1)."""
    import uvicorn

    from monitor.console.app import create_console
    from monitor.console.security import auth_from
    from monitor.store.db import make_sessions, open_database, session_scope
    from monitor.store.hits import sync_denials

    try:
        config = load_config(config_path)
        try:
            host, port = split_listen(listen or config.console.listen)
        except ValueError as exc:
            raise ConfigError(str(exc), key="console.listen") from None
        try:
            auth = auth_from(config.console)
        except ConfigError as exc:
            raise locate_key(config, exc, ("console",)) from None
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
    click.echo(f"console on http://{'[' + host + ']' if ':' in host else host}:{port}/ (Ctrl-C stops it)", err=True)
    try:
        uvicorn.run(create_console(config, sessions, auth), host=host, port=port, log_level="warning",
                    server_header=False, proxy_headers=False)
    finally:
        engine.dispose()


__all__ = ["serve"]

"""Command line: run, check-config, hits, and the commands of each stage."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import click

from monitor import __version__
from monitor.app import App, build_app
from monitor.config import Config, load_config
from monitor.config.load import EMBEDDED, config_source
from monitor.errors import ConfigError, MonitorError
from monitor.sanitize import for_terminal, json_for_terminal
from monitor.store.db import database_sessions, redact_url, session_scope
from monitor.store.hits import list_hits

F = TypeVar("F", bound=Callable[..., Any])

def _global_config() -> str | None:
    """``--config`` given before the subcommand (``disinfo-monitor --config X feeds list``)."""
    ctx = click.get_current_context(silent=True)
    return ctx.find_root().params.get("config_path") if ctx else None


config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=_global_config,
    help="Config file (default: $DISINFO_MONITOR_CONFIG, else the embedded demo config).")
LEVELS = click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False)


DAEMON = "run"
_json_daemon = False     # this invocation is `run` under LOG_FORMAT=json: every line it writes is JSON


def fatal(message: str, status: int, *, exc_info: bool = False) -> NoReturn:
    """End the command with ``message`` on stderr and ``status``: one plain line, or for the
    daemon under LOG_FORMAT=json one JSON line (``event`` is the same message, plus ``exit_status``)."""
    if _json_daemon:     # the lines after the first ("  also ..." of a config error) go in `more`
        from monitor.ops.logs import emit

        first, *more = message.splitlines() or [""]
        fields: dict[str, Any] = {"exit_status": status}
        if more:
            fields["more"] = " ".join(line.strip() for line in more)
        emit(first, fields, level=logging.ERROR, exc_info=exc_info)
    else:
        click.echo(message, err=True)
    sys.exit(status)


def handle_errors(func: F) -> F:
    """Turn project errors into a one-line message: status 2 for config, 1 otherwise."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            fatal(f"config error: {exc}", 2)
        except MonitorError as exc:
            fatal(f"error: {exc}", 1)

    return wrapper  # type: ignore[return-value]


def setup_logging(level: str | None) -> None:
    """Logging as --log-level, else $LOG_LEVEL, and $LOG_FORMAT say; a bad value exits 2."""
    from monitor.ops.logs import setup_logging as setup

    try:
        setup(level)
    except ValueError as exc:
        fatal(f"config error: {exc}", 2)


def _log_level_callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        setup_logging(value)


def _log_level_option() -> click.Option:
    return click.Option(["--log-level"], type=LEVELS, default=None, expose_value=False,
                        callback=_log_level_callback,
                        help="DEBUG, INFO, WARNING or ERROR (default: $LOG_LEVEL, else INFO).")


class GlobalOptionsGroup(click.Group):
    """Every subcommand also takes ``--log-level`` (so it works before or after the subcommand).
    The daemon (``run``) under LOG_FORMAT=json writes JSON lines only, its fatal errors too."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        _add_log_level(cmd)
        super().add_command(cmd, name)

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        global _json_daemon
        from monitor.ops.logs import json_requested

        argv = list(sys.argv[1:] if args is None else args)
        _json_daemon = standalone_mode and json_requested() and self._subcommand(argv) == DAEMON
        if not _json_daemon:
            return super().main(argv, prog_name, complete_var, standalone_mode, **extra)
        logging.captureWarnings(True)           # a Python warning is a log line too
        try:
            status = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:     # a usage error: click would print usage and a hint
            fatal(f"usage error: {exc.format_message()}", exc.exit_code)
        except click.Abort:
            fatal("aborted", 1)
        except Exception as exc:  # noqa: BLE001 - a crash: its traceback goes in the JSON line
            fatal(f"error: unexpected {type(exc).__name__}: {exc}", 1, exc_info=True)
        sys.exit(status if isinstance(status, int) else 0)

    def _subcommand(self, argv: list[str]) -> str | None:
        """The subcommand named in ``argv``: the first word that is not a group option or its value."""
        valued = {opt for p in self.params if isinstance(p, click.Option) and not p.is_flag for opt in p.opts}
        words = iter(argv)
        for word in words:
            if word in valued:
                next(words, None)
            elif word == "--":
                return next(words, None)
            elif not word.startswith("-"):
                return word
        return None


def _add_log_level(cmd: click.Command) -> None:
    if not any(p.name == "log_level" for p in cmd.params):
        cmd.params.append(_log_level_option())
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            _add_log_level(sub)


def open_app(config_path: str | None) -> App:
    """Load the config and build the app (errors surface through handle_errors); its secrets
    are masked in every log line from now on."""
    from monitor.ops.logs import config_secrets, register_secrets

    config = load_config(config_path)
    register_secrets(config_secrets(config))
    return build_app(config)


def reloader(config_path: str | None) -> Callable[[App], App]:
    """What SIGHUP runs: read the same config source again and build an App from it."""

    def reload(old: App) -> App:
        from monitor.app import rebuild_app
        from monitor.ops.logs import config_secrets, register_secrets

        config = load_config(config_path)
        register_secrets(config_secrets(config))
        return rebuild_app(old, config)

    return reload


@click.group(cls=GlobalOptionsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="disinfo-monitor")
@click.option("--log-level", type=LEVELS, default=None,
              help="DEBUG, INFO, WARNING or ERROR (default: $LOG_LEVEL, else INFO); also after the subcommand.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Config file for every subcommand (also accepted after the subcommand).")
def main(log_level: str | None, config_path: str | None) -> None:
    """disinfo-monitor: alerts when a claim that officials denied resurfaces in the news."""
    setup_logging(log_level)


@main.command()
@config_option
@click.option("--once", is_flag=True, help="Poll every feed once, deliver what is due, then exit 0 (on SIGTERM "
              "or SIGINT: claim nothing more, give the feeds not polled back, exit 128 + the signal).")
@handle_errors
def run(config_path: str | None, once: bool) -> None:
    """Run the daemon (or a single cycle with --once)."""
    from monitor.pipeline import run_daemon, run_once_until_signal

    app = open_app(config_path)
    src = config_source(config_path) or EMBEDDED
    logging.getLogger("monitor").info("config loaded", extra={
        "config": src, "database": redact_url(app.config.database.url)})
    try:
        if once:
            summary, stopped_by = asyncio.run(run_once_until_signal(app))
            if _json_daemon:     # "poll: ...\ndelivery: ...": an INFO line with a field each
                logging.getLogger("monitor").info("run once", extra=dict(
                    line.split(": ", 1) for line in summary.splitlines()))
            else:
                click.echo(summary, err=True)
            if stopped_by is not None:   # cut short: 128 + the signal, as a shell reports it
                logging.getLogger("monitor").warning("run once stopped", extra={
                    "signal": signal.Signals(stopped_by).name, "exit_status": 128 + stopped_by})
                raise SystemExit(128 + stopped_by)
        else:
            if app.config.console.in_daemon:     # a console without a login: exit 2 before anything runs
                from monitor.console.server import console_auth

                console_auth(app.config)
            asyncio.run(run_daemon(app, reload=reloader(config_path)))
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
    if config.console.in_daemon:
        from monitor.console.server import console_auth

        console_auth(config)
    click.echo(f"{config_source(src) or EMBEDDED}: OK ({len(config.feeds)} feeds, "
               f"{len(config.denials)} denials, {len(config.notifiers)} notifiers)")


@main.group(invoke_without_command=True)
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--limit", type=int, default=None, help="Only the newest N hits.")
@click.option("--denial", default=None, help="Only hits for this denial id.")
@click.option("--verdict", type=click.Choice(["match", "contradict", "mention"]), default=None)
@click.pass_context
@handle_errors
def hits(ctx: click.Context, config_path: str | None, fmt: str, limit: int | None, denial: str | None,
         verdict: str | None) -> None:
    """List stored hits, oldest first (``hits review`` judges one)."""
    if ctx.invoked_subcommand is not None:
        return
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
@click.option("--max-age", type=float, default=60.0, show_default=True,
              help="Seconds since the daemon's last health check (it checks every 5s) that still count.")
@handle_errors
def healthcheck(max_age: float) -> None:
    """Exit 0 when the running daemon is ready, as /readyz means it: the database answers, the
    scheduler runs and a poll cycle completed within daemon.max_cycle_age. Else 1 (Docker's HEALTHCHECK)."""
    import time

    from monitor.daemon import health_path
    from monitor.ops.health import read_health

    state = read_health(health_path(), time.time(), max_age)
    if not state.ready:
        click.echo(f"unhealthy: {'; '.join(state.reasons)}", err=True)
        sys.exit(1)
    click.echo(f"healthy: {state.summary().removeprefix('ready: ')}")


def _register_stage_commands() -> None:
    """Each stage's own commands live in its module and are added here."""
    from importlib import import_module

    for module, names in (("monitor.cli.rules", ("classify", "test_rule", "backtest", "denials")),
                          ("monitor.cli.feeds", ("feeds",)),
                          ("monitor.cli.deliveries", ("deliveries", "silences")),
                          ("monitor.cli.console", ("serve", "claimreview"))):
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


def _register_review_commands() -> None:
    """The review loop adds ``hits review`` and ``denials precision|check``."""
    from monitor.cli.reviews import check, precision, review
    from monitor.cli.rules import denials

    hits.add_command(review)
    denials.add_command(precision)
    denials.add_command(check)


_register_stage_commands()
_register_review_commands()

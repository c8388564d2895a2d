"""The review loop on the command line: hits review, denials precision, denials check."""

from __future__ import annotations

import getpass
import json
import os
import sys
from datetime import UTC, datetime

import click

from monitor.cli.options import check_known
from monitor.config.load import load_config
from monitor.errors import ConfigError, MonitorError
from monitor.match.types import Document
from monitor.store import models
from monitor.store.db import database_sessions, session_scope, write_scope
from monitor.store.reviews import (
    STATES,
    VERDICTS,
    add_review,
    case_outcome,
    normalise_state,
    regression_cases,
    reviewed_precision,
)

config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), default=None,
    help="Config file (default: $DISINFO_MONITOR_CONFIG, else the embedded demo config).")


def _fail(exc: MonitorError) -> None:
    click.echo(f"{'config error' if isinstance(exc, ConfigError) else 'error'}: {exc}", err=True)
    sys.exit(2 if isinstance(exc, ConfigError) else 1)


def default_reviewer() -> str:
    """``$DISINFO_MONITOR_REVIEWER``, else the login name."""
    try:
        return os.environ.get("DISINFO_MONITOR_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _state(ctx: click.Context, param: click.Parameter, value: str) -> str:
    state = normalise_state(value)
    if state not in STATES:
        raise click.BadParameter(f"{value!r} is not one of: confirmed, false-positive, wrong-verdict")
    return state


@click.command()
@click.argument("hit_id", type=int)
@click.argument("state", callback=_state, metavar="confirmed|false-positive|wrong-verdict")
@config_option
@click.option("--verdict", "right_verdict", type=click.Choice(VERDICTS), default=None,
              help="With wrong-verdict: the right verdict.")
@click.option("--note", default="", help="Why (kept with the review).")
@click.option("--reviewer", default=None, help="Who reviews (default: $DISINFO_MONITOR_REVIEWER, else the login).")
def review(hit_id: int, state: str, config_path: str | None, right_verdict: str | None, note: str,
           reviewer: str | None) -> None:
    """Judge a stored hit: confirmed, false-positive, or wrong-verdict --verdict V."""
    if state == "wrong_verdict" and right_verdict is None:
        raise click.UsageError("wrong-verdict needs --verdict (the right one)")
    if state != "wrong_verdict" and right_verdict is not None:
        raise click.UsageError("--verdict goes only with wrong-verdict")
    try:
        config = load_config(config_path)
        with database_sessions(config.database.url) as sessions, write_scope(sessions) as session:
            row = add_review(session, hit_id, state, reviewer=reviewer or default_reviewer(),
                             now=datetime.now(UTC), right_verdict=right_verdict, note=note)
            denial_id = session.get_one(models.Hit, hit_id).denial_id
            p = reviewed_precision(session, [denial_id])[denial_id]
    except MonitorError as exc:
        _fail(exc)
    what = state.replace("_", " ") + (f" (right verdict: {right_verdict})" if right_verdict else "")
    prec = "n/a" if p.precision is None else f"{p.precision:.0%}"
    click.echo(f"hit {hit_id}: {what}, by {row.reviewer}; {denial_id}: reviewed precision {prec} "
               f"({p.confirmed} confirmed of {p.reviewed} reviewed)")


@click.command()
@config_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def precision(config_path: str | None, fmt: str) -> None:
    """Reviewed precision per denial: confirmed hits / reviewed hits."""
    try:
        config = load_config(config_path)
        with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
            table = reviewed_precision(session, [d.id for d in config.denials])
    except MonitorError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(json.dumps([table[k].to_dict() for k in sorted(table)], ensure_ascii=False))
        return
    click.echo(f"{'DENIAL':32}  {'REVIEWED':>8}  {'CONFIRMED':>9}  {'FALSE+':>6}  {'WRONG V':>7}  PRECISION")
    for k in sorted(table):
        p = table[k]
        prec = "n/a" if p.precision is None else f"{p.precision:.0%}"
        click.echo(f"{k[:32]:32}  {p.reviewed:>8}  {p.confirmed:>9}  {p.false_positive:>6}  "
                   f"{p.wrong_verdict:>7}  {prec}")


@click.command()
@config_option
@click.option("--denial", default=None, help="Only the cases of this denial.")
def check(config_path: str | None, denial: str | None) -> None:
    """Replay reviewed hits through the current rules: exit 1 if a reviewed case is still wrong or broke."""
    from monitor.app import compile_rules

    try:
        config = load_config(config_path)
        check_known("--denial", "denial", denial, [d.id for d in config.denials])
        matcher = compile_rules(config)
        with database_sessions(config.database.url) as sessions, session_scope(sessions) as session:
            cases = regression_cases(session, denial)
    except MonitorError as exc:
        _fail(exc)
    configured = {d.id for d in config.denials}
    tally = {"kept": 0, "fixed": 0, "broken": 0, "still wrong": 0, "not configured": 0}
    for case in cases:
        if case.denial_id not in configured:
            tally["not configured"] += 1
            continue
        doc = Document(id=str(case.item_id), title=case.title, text=case.text, url=case.link,
                       language=case.language, published=case.published_at, feed=case.feed)
        got = next((h.verdict.value for h in matcher.classify(doc) if h.denial_id == case.denial_id), None)
        outcome = case_outcome(case, got)
        tally[outcome] += 1
        mark = "ok  " if outcome in ("kept", "fixed") else "FAIL"
        click.echo(f"{mark} hit {case.hit_id} {case.denial_id} [{case.state.replace('_', ' ')}] "
                   f"{outcome}: expected {case.expected or 'no hit'}, got {got or 'no hit'}: "
                   f"{click.unstyle(case.title)[:80]!r}")
    click.echo(f"{len(cases)} reviewed cases: {tally['kept']} kept, {tally['fixed']} fixed, "
               f"{tally['broken']} broken, {tally['still wrong']} still wrong, "
               f"{tally['not configured']} of denials no longer configured")
    if tally["broken"] or tally["still wrong"]:
        sys.exit(1)


__all__ = ["check", "precision", "review"]

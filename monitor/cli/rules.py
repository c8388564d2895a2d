"""Analyst commands of the match stage: classify, test-rule, backtest, denials suggest."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TextIO

import click
import yaml

from monitor.cli import config_option  # --config before or after the subcommand
from monitor.config.base import parse_duration
from monitor.config.limits import ItemLimits
from monitor.errors import ConfigError, MonitorError, RuleError
from monitor.match.types import Document, Hit
from monitor.sanitize import cap, clean_text


def _fail(exc: MonitorError) -> None:
    click.echo(f"{'config error' if isinstance(exc, ConfigError) else 'error'}: {exc}", err=True)
    sys.exit(2 if isinstance(exc, ConfigError) else 1)


def _load(config_path: str | None) -> Any:
    from monitor.config.load import load_config

    return load_config(config_path)


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def capped(doc: Document, limits: ItemLimits, where: str) -> Document:
    """``doc`` with its title and text cut to the configured caps (as the pipeline cuts feed items)
    and cleaned; says on stderr what was cut, naming ``where`` (the input line or file)."""
    title, title_cut = cap(doc.title, limits.title_chars)
    text, text_cut = cap(doc.text, limits.text_chars)
    cut = [f"{name} {len(full):,} -> {limit:,} characters"
           for name, full, limit, flag in (("title", doc.title, limits.title_chars, title_cut),
                                           ("text", doc.text, limits.text_chars, text_cut)) if flag]
    if cut:
        click.echo(f"{where}: input truncated ({'; '.join(cut)}; see limits in the config)", err=True)
    return replace(doc, title=clean_text(title), text=clean_text(text))


def document_from_json(obj: dict[str, Any], line: int) -> Document:
    """A Document from one classify input line (id, title, text, url?, language?, published?)."""
    if not isinstance(obj, dict) or "id" not in obj:
        raise click.ClickException(f"line {line}: expected an object with at least \"id\"")
    return Document(id=str(obj["id"]), title=str(obj.get("title") or ""), text=str(obj.get("text") or ""),
                    url=obj.get("url"), language=obj.get("language"),
                    published=_parse_time(obj.get("published")), feed=obj.get("feed"))


@click.command()
@config_option
@click.option("--input", "input_file", type=click.File("r", encoding="utf-8"), default="-",
              show_default=True, help="JSON lines: {id, title, text, url?, language?, published?}.")
def classify(config_path: str | None, input_file: TextIO) -> None:
    """Classify items offline: one JSON line {id, hits: [...]} per input line."""
    from monitor.app import compile_rules

    try:
        config = _load(config_path)
        matcher = compile_rules(config)
    except MonitorError as exc:
        _fail(exc)
    for n, raw in enumerate(input_file, 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise click.ClickException(f"line {n}: not JSON ({exc.msg})") from None
        doc = capped(document_from_json(obj, n), config.limits, f"line {n}")
        hits = matcher.classify(doc)
        click.echo(json.dumps({"id": doc.id, "hits": [h.to_dict() for h in hits]}, ensure_ascii=False))


@click.command("test-rule")
@click.argument("denial_id")
@config_option
@click.option("--text", default=None, help="Text to test (the first line is taken as the headline).")
@click.option("--file", "file_", type=click.File("r", encoding="utf-8"), default=None, help="Text file.")
@click.option("--url", default=None, help="Fetch this page and test its text.")
@click.option("--title", default=None, help="Headline (default: the first line of the text).")
@click.option("--language", default=None, help="Language code of the text (e.g. en, ru, az).")
def test_rule(denial_id: str, config_path: str | None, text: str | None, file_: TextIO | None,
              url: str | None, title: str | None, language: str | None) -> None:
    """Show what one denial's rules find in a text, where, and why the verdict."""
    from monitor.match.explain import explain

    if sum(x is not None for x in (text, file_, url)) != 1:
        raise click.UsageError("give exactly one of --text, --file, --url")
    try:
        config = _load(config_path)
        denial = next((d for d in config.denials if d.id == denial_id), None)
        if denial is None:
            raise ConfigError(f"no denial with id {denial_id!r} (have: {', '.join(d.id for d in config.denials)})")
        limits: ItemLimits = config.limits
        where = "--text" if text is not None else (f"--file {file_.name}" if file_ is not None else f"--url {url}")
        if text is not None:
            body = text
        elif file_ is not None:
            body = file_.read(limits.item_bytes + 1)   # never the whole of a huge file
        else:
            body = _fetch_text(url or "", config)
        if len(body) > limits.item_bytes:
            click.echo(f"{where}: input truncated (read the first {limits.item_bytes:,} characters)",
                       err=True)
            body = body[:limits.item_bytes]
        if title is None:
            head, _, rest = body.strip().partition("\n")
            title, body = (head, rest) if rest.strip() else ("", body)
        doc = capped(Document(id="test", title=title, text=body, url=url, language=language), limits, where)
        _, lines = explain(denial, doc)
    except RuleError as exc:
        from monitor.config.load import locate_rule_error

        _fail(locate_rule_error(config, exc))
    except MonitorError as exc:
        _fail(exc)
    click.echo("\n".join(lines))


def _fetch_text(url: str, config: Any) -> str:
    """The visible text of a web page (title on the first line), fetched by the feed fetcher:
    the private-address guard on every hop, the size cap, the deadline."""
    import asyncio

    from monitor.fetch import Fetcher, FetchLimits, FetchResult
    from monitor.fetch.guard import private_networks_allowed
    from monitor.fetch.page import page_text
    from monitor.fetch.urls import UnsafeURL, check_feed_url

    try:
        url = check_feed_url(url, allow_file=False,
                             allow_private=private_networks_allowed(config.fetch.allow_private_networks))
    except UnsafeURL as exc:
        raise click.BadParameter(str(exc), param_hint="--url") from None

    async def get() -> FetchResult:
        async with Fetcher(FetchLimits.from_config(config.fetch, allow_file_urls=False)) as fetcher:
            return await fetcher.fetch(url)

    title, text = page_text(asyncio.run(get()).body or b"")
    return title + "\n" + text


@click.command()
@config_option
@click.option("--since", default="30d", show_default=True, help="Replay items fetched in this period.")
@click.option("--show-unchanged", is_flag=True, help="Also list items whose hits did not change.")
def backtest(config_path: str | None, since: str, show_unchanged: bool) -> None:
    """Replay stored items against the current rules; show what would be flagged and what changed."""
    from sqlalchemy import select

    from monitor.app import compile_rules
    from monitor.store import models
    from monitor.store.db import create_db_engine, make_sessions, migrate, session_scope
    from monitor.store.reviews import case_outcome, regression_cases

    try:
        period = parse_duration(since)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    try:
        config = _load(config_path)
        matcher = compile_rules(config)
        engine = create_db_engine(config.database.url)
    except MonitorError as exc:
        _fail(exc)
    cutoff = datetime.now(UTC) - period
    counts = {"items": 0, "flagged": 0, "new": 0, "gone": 0, "changed": 0}
    judged = {"kept": 0, "fixed": 0, "broken": 0, "still wrong": 0}     # against the analysts' reviews
    try:
        migrate(engine)
        with session_scope(make_sessions(engine)) as session:
            rows = session.execute(
                select(models.Item, models.Feed.name, models.Feed.url).join(models.Feed)
                .where(models.Item.fetched_at >= cutoff).order_by(models.Item.id)).all()
            reviewed: dict[int, list[Any]] = {}
            for case in regression_cases(session):
                reviewed.setdefault(case.item_id, []).append(case)
            stored: dict[int, dict[str, tuple[str, float]]] = {}
            for h in session.scalars(select(models.Hit).join(models.Item).where(models.Item.fetched_at >= cutoff)):
                stored.setdefault(h.item_id, {})[h.denial_id] = (h.verdict, h.score)
            for item, feed_name, feed_url in rows:
                counts["items"] += 1
                # items stored before the caps existed may be longer than the pipeline now keeps
                doc = Document(id=str(item.id), title=item.title[:config.limits.title_chars],
                               text=item.text[:config.limits.text_chars], url=item.link,
                               language=item.language, published=item.published_at, feed=feed_name or feed_url)
                now = {h.denial_id: h for h in matcher.classify(doc)}
                before = stored.get(item.id, {})
                counts["flagged"] += bool(now)
                for case in reviewed.get(item.id, ()):
                    got = now.get(case.denial_id)
                    judged[case_outcome(case, got.verdict.value if got else None)] += 1
                lines = _diff(before, now)
                for key in ("new", "gone", "changed"):
                    counts[key] += sum(1 for tag, _ in lines if tag == key)
                if any(tag != "same" for tag, _ in lines) or (show_unchanged and lines):
                    click.echo(f"item {item.id}: {item.title[:90]}")
                    for _, line in lines:
                        click.echo(f"    {line}")
    finally:
        engine.dispose()
    click.echo(f"{counts['items']} items since {cutoff:%Y-%m-%d %H:%M} UTC: {counts['flagged']} would be "
               f"flagged; {counts['new']} new hits, {counts['gone']} gone, {counts['changed']} changed verdict")
    if sum(judged.values()):
        click.echo(f"against {sum(judged.values())} reviewed hits: {judged['fixed']} fixed, {judged['broken']} broken, "
                   f"{judged['kept']} kept, {judged['still wrong']} still wrong")


def _diff(before: dict[str, tuple[str, float]], now: dict[str, Hit]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for denial_id in sorted(set(before) | set(now)):
        old, new = before.get(denial_id), now.get(denial_id)
        if old is None:
            assert new is not None
            out.append(("new", f"+ {denial_id}: {new.verdict.value} {new.score:.2f} ({new.reason})"))
        elif new is None:
            out.append(("gone", f"- {denial_id}: was {old[0]} {old[1]:.2f}, no hit now"))
        elif new.verdict.value != old[0]:
            out.append(("changed", f"~ {denial_id}: {old[0]} -> {new.verdict.value} {new.score:.2f} ({new.reason})"))
        else:
            out.append(("same", f"= {denial_id}: {old[0]} {new.score:.2f}"))
    return out


@click.group()
def denials() -> None:
    """Work with denial rules."""


@denials.command()
@click.option("--text", default=None, help="The official statement, or the bare claim.")
@click.option("--file", "file_", type=click.File("r", encoding="utf-8"), default=None)
@click.option("--id", "denial_id", default="new-denial", show_default=True, help="Id of the new denial.")
def suggest(text: str | None, file_: TextIO | None, denial_id: str) -> None:
    """Propose a denial entry as YAML to paste under `denials:` and edit."""
    from monitor.suggest import suggest_denial

    if (text is None) == (file_ is None):
        raise click.UsageError("give exactly one of --text, --file")
    source = text if text is not None else file_.read()  # type: ignore[union-attr]
    try:
        entry = suggest_denial(source, denial_id=denial_id)
    except MonitorError as exc:
        _fail(exc)
    click.echo("# Proposed from the statement: check names, aliases, keyword groups and cues.")
    click.echo(yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=100), nl=False)


__all__ = ["backtest", "classify", "denials", "test_rule"]

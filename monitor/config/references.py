"""Cross-checks of a validated config: names are unique and every reference points somewhere."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from monitor.config.model import Config
from monitor.config.yamlfile import Path_, dotted

Problem = tuple[str, Path_]
"""A message and the key path it is about, e.g. ``("unknown denial 'x'", ("notifiers", 0, ...))``."""


def _known(names: Iterable[str]) -> str:
    listed = sorted(set(names))
    if not listed:
        return "none are defined"
    shown = ", ".join(repr(n) for n in listed[:10])
    return "known: " + shown + (f" and {len(listed) - 10} more" if len(listed) > 10 else "")


def _duplicates(values: Iterable[tuple[str | None, Path_]], what: str) -> Iterator[Problem]:
    first: dict[str, Path_] = {}
    for value, path in values:
        if value is None:
            continue
        if value in first:
            yield f"duplicate {what} {value!r} (also at {dotted(first[value])})", path
        else:
            first[value] = path


def _notifier_name_paths(config: Config) -> Iterator[tuple[str, Path_]]:
    for i, (n, name) in enumerate(zip(config.notifiers, config.notifier_names(), strict=True)):
        yield name, ("notifiers", i, "name" if n.name else "type")


def reference_problems(config: Config) -> list[Problem]:
    """Every duplicate name and dangling reference in ``config``, in file order."""
    problems: list[Problem] = []
    problems += _duplicates(((d.id, ("denials", i, "id")) for i, d in enumerate(config.denials)),
                            "denial id")
    problems += _duplicates(_notifier_name_paths(config), "notifier name")
    problems += _duplicates(((f.url, ("feeds", i, "url")) for i, f in enumerate(config.feeds)), "feed url")
    problems += _duplicates(((f.name, ("feeds", i, "name")) for i, f in enumerate(config.feeds)),
                            "feed name")
    if not config.fetch.allow_file_urls:
        problems += [("file: feeds are off (set fetch.allow_file_urls: true)", ("feeds", i, "url"))
                     for i, f in enumerate(config.feeds) if f.url[:5].lower() == "file:"]
    feed_names = {f.name for f in config.feeds if f.name}
    for i, d in enumerate(config.denials):
        for j, feed in enumerate(d.feeds):
            if feed not in feed_names:
                problems.append((f"unknown feed {feed!r}: name a feed of this file by its `name` "
                                 f"({_known(feed_names)})", ("denials", i, "feeds", j)))
    denial_ids = {d.id for d in config.denials}
    for i, n in enumerate(config.notifiers):
        for j, denial in enumerate(n.route.denials):
            if denial not in denial_ids:
                problems.append((f"unknown denial {denial!r} ({_known(denial_ids)})",
                                 ("notifiers", i, "route", "denials", j)))
    return problems

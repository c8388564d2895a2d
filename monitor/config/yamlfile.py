"""Safe YAML for config files: no aliases, no timestamp magic, no duplicate keys; a line per key."""

from __future__ import annotations

import re
from typing import Any

import yaml

from monitor.errors import ConfigError

Path_ = tuple[str | int, ...]

MAX_CONFIG_BYTES = 10 * 1024 * 1024
"""A config larger than this is refused before parsing (bounded cost for any input)."""


_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader that refuses aliases (``*name``, also in ``<<: *base``) and keeps dates as text.

    Aliases are how a few hundred bytes expand into gigabytes ("billion laughs"). Dates stay
    strings so that pydantic validates them and a bad one (``2021-02-30``) is an error naming
    its key and line instead of a ValueError from inside PyYAML. Only true/false are booleans
    (YAML 1.2): ``languages: [no]`` is Norwegian, not False.
    """

    yaml_implicit_resolvers = {
        first: [(tag, _BOOL if tag == "tag:yaml.org,2002:bool" else regexp) for tag, regexp in resolvers
                if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str, source: str) -> None:
        super().__init__(stream)
        self.source = source
        self.path: list[str | int] = []       # key path of the node being composed

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        # index: the key node of a mapping value, the position of a sequence item, else None
        part = index.value if isinstance(index, yaml.ScalarNode) else index
        here = [*self.path, *([part] if isinstance(part, (str, int)) else [])]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ConfigError(f"YAML aliases are not allowed (*{event.anchor}); repeat the value "
                              "instead", file=self.source, key=dotted(tuple(here)) or None,
                              line=event.start_mark.line + 1)
        saved, self.path = self.path, here
        try:
            return super().compose_node(parent, index)
        finally:
            self.path = saved


def _yaml_error(exc: yaml.MarkedYAMLError, source: str) -> ConfigError:
    """One line: where the broken construct starts (an unclosed bracket or quote), and where
    the parser noticed."""
    problem = exc.problem or str(exc).splitlines()[0]
    start, found = exc.context_mark, exc.problem_mark
    if start is not None and found is not None and start.line != found.line and exc.context:
        message = (f"invalid YAML: {exc.context} that starts here (column {start.column + 1}): "
                   f"{problem} at line {found.line + 1}, column {found.column + 1}")
        return ConfigError(message, file=source, line=start.line + 1)
    mark = found or start
    if mark is None:
        return ConfigError(f"invalid YAML: {problem}", file=source)
    return ConfigError(f"invalid YAML: {problem} (column {mark.column + 1})", file=source,
                       line=mark.line + 1)


def dotted(loc: Path_) -> str:
    """``("feeds", 0, "url")`` -> ``feeds[0].url``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int], source: str) -> None:
    """Record the 1-based line of every key and value under ``node``; refuse repeated keys."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in first:
                raise ConfigError(f"duplicate key (first at line {first[key]})", file=source,
                                  key=dotted((*path, key)), line=line)
            first[key] = line
            child = (*path, key)
            lines[child] = line
            _walk(value_node, child, lines, source)
    elif isinstance(node, yaml.SequenceNode):
        for index, value_node in enumerate(node.value):
            _walk(value_node, (*path, index), lines, source)


def load_yaml(text: str, source: str) -> tuple[Any, dict[Path_, int]]:
    """Parse ``text`` (named ``source`` in errors): the data and the line of every key path."""
    if len(text) > MAX_CONFIG_BYTES:
        raise ConfigError(f"file is larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MiB", file=source)
    loader = _Loader(text, source)
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        if node is None:
            return None, lines
        _walk(node, (), lines, source)
        return loader.construct_document(node), lines
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, source) from exc
    except RecursionError as exc:
        raise ConfigError("invalid YAML: nested too deeply", file=source) from exc
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise ConfigError(f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else exc!r}",
                          file=source) from exc
    finally:
        loader.dispose()

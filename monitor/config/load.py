"""Load and validate the YAML config: ${ENV} interpolation, errors with file, key path and line."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from monitor.config.env import Overrides, env_overrides, lookup, merge
from monitor.config.model import Config
from monitor.errors import ConfigError

CONFIG_ENV = "DISINFO_MONITOR_CONFIG"
DATABASE_ENV = "DISINFO_MONITOR_DATABASE_URL"   # older spelling of DISINFO_MONITOR_DATABASE__URL
EMBEDDED = "<embedded default>"
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")

Path_ = tuple[str | int, ...]


def _walk(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    """Record the 1-based line of every key and value under ``node``."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            lines[child] = key_node.start_mark.line + 1
            _walk(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, value_node in enumerate(node.value):
            _walk(value_node, (*path, index), lines)


def _line_for(loc: Path_, lines: dict[Path_, int]) -> int | None:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def _dotted(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _interpolate(value: Any, path: Path_, source: str, lines: dict[Path_, int]) -> Any:
    if isinstance(value, dict):
        return {k: _interpolate(v, (*path, str(k)), source, lines) for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v, (*path, i), source, lines) for i, v in enumerate(value)]
    if isinstance(value, str) and "${" in value:
        def sub(m: re.Match[str]) -> str:
            name, default = m.group(1), m.group(2)
            value = lookup(name, os.environ)       # $NAME, else the file named by $NAME_FILE
            if value is not None:
                return value
            if default is not None:
                return default
            raise ConfigError(f"environment variable {name} (or {name}_FILE) is not set", file=source,
                              key=_dotted(path), line=_line_for(path, lines))
        return _ENV_REF.sub(sub, value)
    return value


def _pydantic_message(err: Any) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key is missing"
    msg = str(err.get("msg", "invalid value"))
    if "input" in err and kind not in ("model_type",) and not isinstance(err["input"], (dict, list)):
        msg += f" (got {err['input']!r})"
    return msg


def _clean_loc(loc: tuple[Any, ...]) -> Path_:
    """Drop pydantic's union-tag parts (e.g. 'webhook') that are not keys in the file."""
    return tuple(p for p in loc if isinstance(p, (int, str)) and not str(p).startswith("function-"))


def parse_config(text: str, source: str, *, env: bool = True) -> Config:
    """Parse YAML ``text`` (named ``source`` in errors) into a validated Config; with ``env``,
    ``DISINFO_MONITOR_<SECTION>__<KEY>`` variables override the file (config/env.py)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(f"invalid YAML: {exc.problem or exc}", file=source, line=line) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", file=source) from exc
    lines: dict[Path_, int] = {}
    if node is not None:
        _walk(node, (), lines)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping of sections", file=source, line=1)
    data = _interpolate(data, (), source, lines)
    overrides = Overrides()
    if env:
        legacy = os.environ.get(DATABASE_ENV)
        if legacy:
            data = merge(data, {"database": {"url": legacy}})
        overrides = env_overrides(os.environ)
        if legacy:
            overrides.origin.setdefault(("database", "url"), DATABASE_ENV)
        data = merge(data, overrides.data)
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        # unknown keys first: a typo explains the 'missing' error that comes with it
        errors = sorted(exc.errors(), key=lambda e: e.get("type") != "extra_forbidden")
        located = []
        for err in errors:
            loc = _mapped_loc(tuple(err["loc"]), data)
            var = overrides.variable_for(loc)
            # a value from the environment is named by its variable, not by a line of the file
            where, line = (f"${var}", None) if var else (source, _line_for(loc, lines))
            located.append((_pydantic_message(err), _dotted(loc) or None, where, line))
        message, key, file, line = located[0]
        for other_msg, other_key, other_file, other_line in located[1:6]:
            where = f"{other_file}:{other_line}" if other_line else other_file
            message += f"\n  also {where}" + (f", key '{other_key}'" if other_key else "") + f": {other_msg}"
        raise ConfigError(message, file=file, key=key, line=line) from exc


def _mapped_loc(loc: tuple[Any, ...], data: Any) -> Path_:
    """Turn a pydantic error location into the key path in the file (dropping union tags)."""
    out: list[str | int] = []
    cur = data
    for part in _clean_loc(loc):
        in_dict = isinstance(cur, dict) and part in cur
        in_list = isinstance(cur, list) and isinstance(part, int) and part < len(cur)
        if in_dict or in_list:
            cur = cur[part]
        elif isinstance(cur, dict) and part == cur.get("type"):
            continue  # the discriminator tag of a union, e.g. 'webhook'
        else:
            out.append(part)  # a missing key: name it under its parent
            break
        out.append(part)
    return tuple(out)


def embedded_default_text() -> str:
    """The demo config shipped in the package, with its data dir and demo feed filled in."""
    from monitor.store.db import default_data_dir

    pkg = resources.files("monitor.defaults")
    text = (pkg / "demo.yaml").read_text(encoding="utf-8")
    feed = Path(str(pkg / "demo_feed.xml")).resolve().as_uri()
    db = (default_data_dir() / "demo.db").as_posix()   # never the same file as a configured database
    return text.replace("{demo_feed_url}", feed).replace("{database_path}", db)


def config_source(path: str | None) -> str | None:
    """The config path to use: ``path``, else ``$DISINFO_MONITOR_CONFIG``, else None (embedded)."""
    return path or os.environ.get(CONFIG_ENV) or None


def load_config(path: str | None = None) -> Config:
    """Load ``path`` (or $DISINFO_MONITOR_CONFIG, or the embedded default) strictly."""
    src = config_source(path)
    if src is None:   # the demo: no overrides, so it never writes into a configured database
        return parse_config(embedded_default_text(), EMBEDDED, env=False)
    try:
        text = Path(src).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError("file not found", file=src) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", file=src) from exc
    return parse_config(text, src)

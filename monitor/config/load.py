"""Load and validate the YAML config: ${ENV} interpolation, errors with file, key path and line."""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from monitor.config.env import Overrides, env_overrides, lookup, merge
from monitor.config.model import Config
from monitor.config.references import reference_problems
from monitor.config.yamlfile import MAX_CONFIG_BYTES, Path_, dotted, load_yaml
from monitor.errors import ConfigError, RuleError

CONFIG_ENV = "DISINFO_MONITOR_CONFIG"
DATABASE_ENV = "DISINFO_MONITOR_DATABASE_URL"   # older spelling of DISINFO_MONITOR_DATABASE__URL
EMBEDDED = "<embedded default>"
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def _line_for(loc: Path_, lines: dict[Path_, int]) -> int | None:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


_dotted = dotted


def _interpolate(value: Any, path: Path_, source: str, lines: dict[Path_, int]) -> Any:
    if isinstance(value, dict):
        return {k: _interpolate(v, (*path, str(k)), source, lines) for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v, (*path, i), source, lines) for i, v in enumerate(value)]
    if isinstance(value, str) and "${" in value:
        def sub(m: re.Match[str]) -> str:
            name, default = m.group(1), m.group(2)
            value = lookup(name, os.environ)       # $NAME, else the file named by $NAME_FILE
            if value:
                return value
            if default is not None:
                return default                     # as the shell's ${NAME:-default}: unset or empty
            state = "is not set" if value is None else "is empty"
            raise ConfigError(f"environment variable {name} (or {name}_FILE) {state}", file=source,
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
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    if _sensitive(tuple(err.get("loc", ()))):
        return msg                      # never echo a secret, a webhook URL or a database URL
    if "input" in err and kind not in ("model_type",) and not isinstance(err["input"], (dict, list)) \
            and f"got {err['input']!r}" not in msg:        # parse_duration already says what it got
        msg += f" (got {err['input']!r})"      # ConfigError masks the credentials of a URL in it
    return msg


# keys whose values are secrets wherever they sit: the message names the key, never the value
_SECRET_KEYS = frozenset({"secret", "secret_key", "token", "password", "auth", "headers"})


def _sensitive(loc: tuple[Any, ...]) -> bool:
    return any(str(part) in _SECRET_KEYS for part in loc) \
        or (bool(loc) and loc[0] in ("notifiers", "database") and "url" in loc)


def _clean_loc(loc: tuple[Any, ...]) -> Path_:
    """Drop pydantic's union-tag parts (e.g. 'webhook') that are not keys in the file."""
    return tuple(p for p in loc if isinstance(p, (int, str)) and not str(p).startswith("function-"))


def parse_config(text: str, source: str, *, env: bool = True) -> Config:
    """Parse YAML ``text`` (named ``source`` in errors) into a validated Config; with ``env``,
    ``DISINFO_MONITOR_<SECTION>__<KEY>`` variables override the file (config/env.py)."""
    data, lines = load_yaml(text, source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the top level must be a mapping of sections", file=source, line=1)
    if "metrics" in data:     # the section of earlier versions: say where it went
        raise ConfigError("unknown key: the metrics endpoint is now the 'http' section (http.listen)",
                          file=source, key="metrics", line=_line_for(("metrics",), lines))
    data = _interpolate(data, (), source, lines)
    overrides = Overrides()
    if env:
        legacy = lookup(DATABASE_ENV, os.environ)      # or the file named by $..._FILE
        if legacy:
            data = merge(data, {"database": {"url": legacy}})
        overrides = env_overrides(os.environ)
        if legacy:
            overrides.origin.setdefault(("database", "url"), DATABASE_ENV)
        data = merge(data, overrides.data)
        for path in overrides.origin:      # errors about these name the variable, not a line
            lines.pop(path, None)
    try:
        config = Config.model_validate(data)
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
    _raise_first([(msg, loc, _line_for(loc, lines)) for msg, loc in reference_problems(config)], source)
    config.set_origin(source, lines)
    return config


def _raise_first(problems: list[tuple[str, Path_, int | None]], source: str) -> None:
    """Raise the first problem as a ConfigError, naming up to five more on following lines."""
    if not problems:
        return
    (message, loc, line), rest = problems[0], problems[1:]
    for other_msg, other_loc, other_line in rest[:5]:
        where = f"{source}:{other_line}" if other_line else source
        message += f"\n  also {where}, key '{dotted(other_loc)}': {other_msg}"
    raise ConfigError(message, file=source, key=dotted(loc) or None, line=line)


_RULE_PART = re.compile(r"^denial '([^']*)': ([a-z_]+)(?:\[(\d+)\])?")


def locate_rule_error(config: Config, exc: RuleError) -> RuleError:
    """``exc`` (from compiling ``config``'s denials) with the file, key path and line added."""
    source, lines = config.origin()
    part = _RULE_PART.match(exc.message)
    index = re.fullmatch(r"denials\[(\d+)\]", exc.key or "")
    if index is None and part is not None:      # a single denial compiled on its own
        found = [i for i, d in enumerate(config.denials) if d.id == part.group(1)]
        index = re.fullmatch(r"(\d+)", str(found[0])) if found else None
    if exc.file or source is None or index is None:
        return exc
    loc: Path_ = ("denials", int(index.group(1)))
    if part and (*loc, part.group(2)) in lines:
        loc = (*loc, part.group(2))
        if part.group(3) is not None and (*loc, int(part.group(3))) in lines:
            loc = (*loc, int(part.group(3)))
            if part.group(2) == "keywords" and "duplicate" not in exc.message:
                loc = (*loc, "query")
    return RuleError(exc.message, file=source, key=dotted(loc), line=_line_for(loc, lines))


def locate_key(config: Config, exc: ConfigError, loc: Path_) -> ConfigError:
    """``exc``, about the value at ``loc`` of ``config``, with the file and line added (the
    environment variable instead when it set ``database.url``)."""
    source, lines = config.origin()
    if exc.file or source in (None, EMBEDDED):     # the embedded file's lines mean nothing to a user
        return exc
    if loc not in lines and loc == ("database", "url"):
        return ConfigError(f"{exc.message} (from ${_database_variable()})", key=dotted(loc))
    # a key the file leaves out (e.g. no 'console' section): the file, and the line of its nearest
    # parent section if there is one (not line 1 for the whole file)
    line = next((lines[loc[:cut]] for cut in range(len(loc), 0, -1) if loc[:cut] in lines), None)
    return ConfigError(exc.message, file=source, key=dotted(loc), line=line)


def _database_variable() -> str:
    """The variable that set ``database.url`` (the newest spelling wins, as in parse_config)."""
    for name in ("DISINFO_MONITOR_DATABASE__URL", "DISINFO_MONITOR_DATABASE__URL_FILE"):
        if name in os.environ:
            return name
    return DATABASE_ENV


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
        if Path(src).stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"file is larger than {MAX_CONFIG_BYTES // (1024 * 1024)} MiB", file=src)
        text = Path(src).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError("file not found", file=src) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", file=src) from exc
    return parse_config(text, src)

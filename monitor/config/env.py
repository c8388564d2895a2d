"""Environment overrides: DISINFO_MONITOR_<SECTION>__<KEY> for every setting, <NAME>_FILE for secrets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic_settings import EnvSettingsSource
from pydantic_settings.exceptions import SettingsError

from monitor.config.model import Config
from monitor.errors import ConfigError

PREFIX = "DISINFO_MONITOR_"
DELIMITER = "__"
FILE_SUFFIX = "_FILE"
MAX_SECRET_FILE = 64 * 1024
# Variables with the prefix that are not settings of the config file (read elsewhere).
NOT_SETTINGS = frozenset({"CONFIG", "DATA_DIR", "DATABASE_URL", "ALLOW_PRIVATE_NETWORKS", "FEED_PASSWORD",
                          "CONSOLE_TOKEN", "REVIEWER",
                          "TEST_POSTGRES_URL", "REQUIRE_POSTGRES"})

Key = tuple[str, ...]


def read_secret_file(variable: str, path: str) -> str:
    """The contents of the file named by ``variable`` (one trailing newline dropped)."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read(MAX_SECRET_FILE + 1)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file it names: {exc}", file=f"${variable}") from exc
    if len(text) > MAX_SECRET_FILE:
        raise ConfigError(f"the file it names is larger than {MAX_SECRET_FILE} bytes", file=f"${variable}")
    return text.removesuffix("\n").removesuffix("\r")


def lookup(name: str, environ: Mapping[str, str]) -> str | None:
    """``$name``, else the contents of the file named by ``$name_FILE`` (Docker and Kubernetes secrets)."""
    file_var = name + FILE_SUFFIX
    if name in environ and file_var in environ:
        raise ConfigError(f"both {name} and {file_var} are set; keep one", file=f"${file_var}")
    if name in environ:
        return environ[name]
    if file_var in environ:
        return read_secret_file(file_var, environ[file_var])
    return None


@dataclass
class Overrides:
    """Settings from the environment, as nested data, and which variable set each key path."""

    data: dict[str, Any] = field(default_factory=dict)
    origin: dict[Key, str] = field(default_factory=dict)

    def variable_for(self, loc: tuple[str | int, ...]) -> str | None:
        """The variable behind the error location ``loc`` (the longest key path it starts with)."""
        for cut in range(len(loc), 0, -1):
            key = tuple(str(p) for p in loc[:cut])
            if key in self.origin:
                return self.origin[key]
        # an error about a whole section (e.g. two of its keys disagree) that variables set keys of
        under = [var for path, var in self.origin.items() if loc and path[:len(loc)] == tuple(map(str, loc))]
        return ", $".join(sorted(under)) or None


class _Source(EnvSettingsSource):
    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = dict(environ)
        super().__init__(Config, env_prefix=PREFIX, env_nested_delimiter=DELIMITER,  # type: ignore[arg-type]
                         case_sensitive=False)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        # "null" clears an optional key (e.g. DISINFO_MONITOR_RETENTION__ITEMS=null keeps every item)
        return {k.lower(): (None if v.strip().lower() == "null" else v) for k, v in self._environ.items()}


def setting_variables(environ: Mapping[str, str]) -> dict[str, str]:
    """The ``DISINFO_MONITOR_*`` variables that set config keys, ``*_FILE`` ones read."""
    out: dict[str, str] = {}
    for name, value in environ.items():
        upper = name.upper()
        rest = upper[len(PREFIX):]
        if not upper.startswith(PREFIX) or rest in NOT_SETTINGS or rest.removesuffix(FILE_SUFFIX) in NOT_SETTINGS:
            continue                # read where they are used, _FILE form included (lookup)
        if rest.endswith(FILE_SUFFIX) and rest[:-len(FILE_SUFFIX)] not in NOT_SETTINGS:
            base = name[:-len(FILE_SUFFIX)]
            secret = lookup(base, environ)
            if secret is not None:
                out[base.upper()] = secret
        elif upper not in out:
            out[upper] = value
    return out


def env_overrides(environ: Mapping[str, str]) -> Overrides:
    """Every setting can come from ``DISINFO_MONITOR_<SECTION>__<KEY>`` (nested keys joined by
    ``__``, any case); lists and mappings as JSON. A nested name whose section does not exist is
    an error naming the variable."""
    variables = setting_variables(environ)
    sections = set(Config.model_fields)
    origin: dict[Key, str] = {}
    for name in variables:
        path = tuple(name[len(PREFIX):].lower().split(DELIMITER))
        if path[0] in sections:
            origin[path] = name
        elif len(path) > 1:
            raise ConfigError(f"unknown config section {path[0]!r}; sections: {', '.join(sorted(sections))}",
                              file=f"${name}")
    if not origin:
        return Overrides()
    try:
        data = _Source(variables)()
    except SettingsError as exc:
        field_name = str(exc).split('"')[1] if '"' in str(exc) else ""
        var = PREFIX + field_name.upper()
        raise ConfigError("invalid JSON (lists and mappings are given as JSON)", file=f"${var}") from exc
    return Overrides(data=data, origin=origin)


def merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` laid over it: mappings merge key by key, other values replace."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def setting_names(model: type[BaseModel] = Config, prefix: str = PREFIX) -> list[str]:
    """Every variable that sets a key: nested models give ``SECTION__KEY``, anything else is a leaf
    (lists, unions of models, plain values)."""
    names: list[str] = []
    for name, info in model.model_fields.items():
        var = prefix + name.upper()
        sub = info.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            names.extend(setting_names(sub, var + DELIMITER))
        else:
            names.append(var)
    return names

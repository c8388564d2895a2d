"""Strict configuration: models and the YAML loader."""

from monitor.config.load import load_config, parse_config
from monitor.config.model import Config

__all__ = ["Config", "load_config", "parse_config"]

"""SIGHUP's rebuild: a refused config is reported like check-config reports it (file, key, line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.app import build_app, rebuild_app
from monitor.config import load_config
from monitor.errors import ConfigError

GOOD = """\
database:
  url: "sqlite:///{db}"
feeds:
  - url: https://example.org/rss
denials:
  - id: kim-health
    title: Kim is not gravely ill
    claim: Kim Jong Un is gravely ill after surgery.
    entities: [{{name: Kim Jong Un}}]
    keywords:
      - {{name: illness, query: 'surgery OR ill*'}}
"""


@pytest.mark.parametrize(("old", "new", "where"), [
    ("'surgery OR ill*'", "'surgery W/3 heart'", ":11, key 'denials[0].keywords[0].query'"),
    ("sqlite:///", "sqlite:////tmp/", ":2, key 'database.url'"),
], ids=["bad rule", "new database"])
def test_a_refused_reload_names_the_file_key_and_line(tmp_path: Path, old: str, new: str, where: str) -> None:
    path = tmp_path / "monitor.yaml"
    text = GOOD.format(db=tmp_path / "m.db")
    path.write_text(text, encoding="utf-8")
    app = build_app(load_config(str(path)))
    try:
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(ConfigError) as caught:
            rebuild_app(app, load_config(str(path)))
        assert str(caught.value).startswith(f"{path}{where}: "), str(caught.value)
    finally:
        app.close()

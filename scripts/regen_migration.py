"""Rewrite the initial Alembic migration from monitor.store.models (pre-release only).

Until the first release there is one migration; after it, add new revisions with
``alembic revision --autogenerate`` against a database at head instead.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.store.db import MIGRATIONS  # noqa: E402

VERSIONS = MIGRATIONS / "versions"


def main() -> None:
    for old in VERSIONS.glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/empty.db")
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001",
                             version_path=str(VERSIONS))
    for new in VERSIONS.glob("0001_*.py"):
        lines = new.read_text(encoding="utf-8").splitlines()
        new.write_text("\n".join(line.rstrip() for line in lines) + "\n", encoding="utf-8")
        print(f"wrote {new.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

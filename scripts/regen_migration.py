"""Draft a new Alembic revision from the difference between monitor.store.models and head.

Released revisions are frozen (tests/test_migrations.py checks their checksums): a schema change
is always a new revision on top of head, never an edit of an old one. Usage:

    python scripts/regen_migration.py "add feeds.language"

writes ``monitor/store/migrations/versions/<NNNN>_<slug>.py``; read and adjust it, then test it
(an upgrade of a database with rows, on SQLite and PostgreSQL).
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.store.db import MIGRATIONS, migrate  # noqa: E402

VERSIONS = MIGRATIONS / "versions"


def main() -> None:
    if len(sys.argv) != 2 or not sys.argv[1].strip():
        sys.exit('usage: python scripts/regen_migration.py "what changed"')
    message = sys.argv[1].strip()
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    scripts = ScriptDirectory.from_config(cfg)
    head = scripts.get_current_head()
    numbers = [int(m.group()) for r in scripts.walk_revisions() if (m := re.match(r"\d+", r.revision))]
    rev_id = f"{max(numbers, default=0) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{tmp}/head.db")
        migrate(engine)                                  # a database at head ...
        with engine.begin() as conn:                     # ... compared with the models
            cfg.attributes["connection"] = conn
            command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id,
                             version_path=str(VERSIONS))
        engine.dispose()
    slug = re.sub(r"\W+", "_", message.lower()).strip("_")
    for new in VERSIONS.glob(f"{rev_id}_*.py"):
        lines = new.read_text(encoding="utf-8").splitlines()
        new.write_text("\n".join(line.rstrip() for line in lines) + "\n", encoding="utf-8")
        print(f"wrote {new.relative_to(ROOT)} ({slug}); down_revision = {head}")


if __name__ == "__main__":
    main()

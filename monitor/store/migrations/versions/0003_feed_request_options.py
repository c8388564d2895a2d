"""per-feed request options (headers, basic auth, user agent) and OPML category and htmlUrl

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 16:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COLUMNS = (
    ("category", lambda: sa.String(length=256)),
    ("html_url", lambda: sa.String(length=2048)),
    ("request_headers", lambda: sa.JSON()),
    ("auth_username", lambda: sa.String(length=256)),
    ("auth_password", lambda: sa.String(length=1024)),
    ("user_agent", lambda: sa.String(length=512)),
)


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)

"""console_logins: console sessions the server can end (logout revokes every copy of the cookie)

Revision ID: 0008_console_logins
Revises: 0007_feed_item_digests
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monitor.store.models import UTCDateTime

revision = "0008_console_logins"
down_revision = "0007_feed_item_digests"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "console_logins",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("user", sa.String(length=128), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )
    op.create_index("ix_console_logins_expires_at", "console_logins", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_console_logins_expires_at", table_name="console_logins")
    op.drop_table("console_logins")

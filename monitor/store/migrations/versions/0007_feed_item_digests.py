"""feeds.item_digests: the digests of the last body's items, so its repeated items are not parsed again

Revision ID: 0007_feed_item_digests
Revises: 0006_one_current_review
Create Date: 2026-12-03 15:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_feed_item_digests"
down_revision = "0006_one_current_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(sa.Column("item_digests", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    # a plain ALTER TABLE ... DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch copy of "feeds"
    # on SQLite drops the table, and with foreign keys on that deletes every item, hit and review
    op.drop_column("feeds", "item_digests")

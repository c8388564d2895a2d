"""feed leases for replicas, story signatures; drop MinHash signatures of the old hash family

Revision ID: 0005_feed_leases
Revises: 0004
Create Date: 2026-12-02 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import monitor.store.models

revision = "0005_feed_leases"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feeds") as batch:
        batch.add_column(sa.Column("lease_until", monitor.store.models.UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("lease_owner", sa.String(length=64), nullable=True))
        batch.create_index("ix_feeds_lease_until", ["lease_until"], unique=False)
    with op.batch_alter_table("stories") as batch:
        batch.add_column(sa.Column("minhash", sa.LargeBinary(), nullable=True))
        batch.create_index("ix_stories_first_seen_at", ["first_seen_at"], unique=False)
    # Signatures of the old family (multipliers below 2^32) are not comparable with the new ones
    # and were wrong; items keep their stories, only near-duplicate look-ups start afresh.
    op.execute("UPDATE items SET minhash = NULL")


def downgrade() -> None:
    with op.batch_alter_table("stories") as batch:
        batch.drop_index("ix_stories_first_seen_at")
        batch.drop_column("minhash")
    with op.batch_alter_table("feeds") as batch:
        batch.drop_index("ix_feeds_lease_until")
        batch.drop_column("lease_owner")
        batch.drop_column("lease_until")

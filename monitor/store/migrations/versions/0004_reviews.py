"""reviews: an analyst's judgement of a hit; covering indexes for the console's counts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

Every review is kept (who, when, note); the newest per hit has ``current`` true and is the hit's
review state, so filtering hits by review state is one indexed lookup. Three covering indexes
let the console count hits per denial and verdict, hits per day and items per day per feed
without reading rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from monitor.store.models import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hit_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("right_verdict", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reviewer", sa.String(length=128), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["hit_id"], ["hits.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reviews_current", "reviews", ["hit_id", "current"], unique=False)
    op.create_index("ix_hits_denial_verdict", "hits", ["denial_id", "verdict"], unique=False)
    op.create_index("ix_hits_created_denial_verdict", "hits", ["created_at", "denial_id", "verdict"], unique=False)
    op.create_index("ix_items_feed_fetched", "items", ["feed_id", "fetched_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_items_feed_fetched", table_name="items")
    op.drop_index("ix_hits_created_denial_verdict", table_name="hits")
    op.drop_index("ix_hits_denial_verdict", table_name="hits")
    op.drop_index("ix_reviews_current", table_name="reviews")
    op.drop_table("reviews")

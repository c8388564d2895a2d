"""one current review per hit: a unique partial index on reviews(hit_id) where current

Revision ID: 0006_one_current_review
Revises: 0005_feed_leases
Create Date: 2026-12-03 08:40:00

Two reviews of one hit saved at the same moment could both stay ``current`` (each cleared the
older one, then inserted its own). The index makes a second current review of a hit impossible;
``add_review`` locks the hit's row first, so concurrent reviews wait for each other instead of
failing. Hits that already have several current reviews keep the newest one as current.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_one_current_review"
down_revision = "0005_feed_leases"
branch_labels = None
depends_on = None

reviews = sa.table("reviews", sa.column("id", sa.Integer()), sa.column("hit_id", sa.Integer()),
                   sa.column("current", sa.Boolean()))


def upgrade() -> None:
    newest = (sa.select(sa.func.max(reviews.c.id)).where(reviews.c.current)
              .group_by(reviews.c.hit_id).scalar_subquery())
    op.execute(reviews.update().where(reviews.c.current, reviews.c.id.not_in(newest))
               .values(current=False))
    op.create_index("ux_reviews_one_current", "reviews", ["hit_id"], unique=True,
                    sqlite_where=sa.text("current"), postgresql_where=sa.text("current"))


def downgrade() -> None:
    op.drop_index("ux_reviews_one_current", table_name="reviews")

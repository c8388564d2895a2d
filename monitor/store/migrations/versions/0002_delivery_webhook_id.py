"""deliveries.webhook_id: a random id per (hit, destination), unique across databases

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

The webhook-id used to be derived from the hit's autoincrement id and the destination name, so
two databases (staging and production, a reset, a move to PostgreSQL) sent the same id for
different alerts and receivers that drop repeats lost alerts. Existing rows get a random id here;
a message already formed keeps the id it was sent with (its batch_key), so retries stay stable.

Also repairs databases created by the first 0001 (before it was rewritten to add
feeds.idle_polls): the column is added when it is missing.

Released revisions are frozen (tests/test_migrations.py): change the schema in a new revision.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_deliveries = sa.table("deliveries", sa.column("id", sa.Integer), sa.column("webhook_id", sa.String))


def upgrade() -> None:
    bind = op.get_bind()
    if "idle_polls" not in {c["name"] for c in sa.inspect(bind).get_columns("feeds")}:
        with op.batch_alter_table("feeds") as batch_op:
            batch_op.add_column(sa.Column("idle_polls", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.add_column(sa.Column("webhook_id", sa.String(length=64), nullable=True))
    ids = list(bind.execute(sa.select(_deliveries.c.id)).scalars())
    for start in range(0, len(ids), 1000):
        bind.execute(sa.update(_deliveries).where(_deliveries.c.id == sa.bindparam("row_id"))
                     .values(webhook_id=sa.bindparam("new_id")),
                     [{"row_id": i, "new_id": f"msg_{uuid.uuid4().hex}"} for i in ids[start:start + 1000]])
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.alter_column("webhook_id", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(batch_op.f("ix_deliveries_webhook_id"), ["webhook_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch_op:
        batch_op.drop_index(batch_op.f("ix_deliveries_webhook_id"))
        batch_op.drop_column("webhook_id")

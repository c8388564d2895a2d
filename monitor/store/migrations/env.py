"""Alembic environment: runs the migrations on the connection handed in by monitor.store.db."""

from __future__ import annotations

from alembic import context

from monitor.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is run by hand
    raise RuntimeError("run migrations through monitor.store.db.open_database")

context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()

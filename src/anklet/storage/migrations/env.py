"""Alembic environment: runs on the connection `anklet.storage.schema` hands it."""

from __future__ import annotations

from alembic import context

from anklet.storage.tables import all_tables

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through anklet.storage.schema.upgrade(), not the CLI")

context.configure(connection=connection, target_metadata=all_tables(), render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

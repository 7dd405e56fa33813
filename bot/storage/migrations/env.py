"""Alembic environment: migrations run at start-up on the bot's own connection (see sql.migrate)."""

from alembic import context

from bot.storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("Migrations run automatically when the bot starts (bot.storage.sql.migrate).")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

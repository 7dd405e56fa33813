"""Bringing a test database to a given Alembic revision, as an older deployment of the bot left it."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from bot.storage.engine import MIGRATIONS, create_engine


async def upgrade_to(url: str, revision: str) -> None:
    engine = create_engine(url)

    def upgrade(connection: Connection) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as conn:
        await conn.run_sync(upgrade)
    await engine.dispose()

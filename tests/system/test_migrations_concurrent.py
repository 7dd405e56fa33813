"""Two instances starting at once on a fresh PostgreSQL database both come up (an advisory lock
orders their migrations)."""

import asyncio

from sqlalchemy import text
from support.storage_backends import temporary_postgres_database

from bot.storage.engine import Database
from bot.storage.sql import SqlStorage, create_engine, migrate


async def test_two_instances_migrating_a_fresh_database_at_once_both_start():
    async with temporary_postgres_database("migrate") as (admin, name, url):
        engines = [create_engine(url) for _ in range(3)]
        try:
            # bounded: without the lock the three migrations deadlocked or died with UniqueViolation
            results = await asyncio.wait_for(
                asyncio.gather(*(migrate(e) for e in engines), return_exceptions=True), timeout=60
            )
            assert [r for r in results if isinstance(r, BaseException)] == []
            async with engines[0].connect() as conn:
                version = (await conn.execute(text("select version_num from alembic_version"))).scalar_one()
            assert version
            repo = SqlStorage(Database(engines[0]))
            await repo.users.touch_user(1, 1, "A")  # the schema works
        finally:
            for e in engines:
                await e.dispose()

"""Per-user PostgreSQL advisory locks: replicas handle one user's updates one at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine


class PostgresUserLocks:
    """Per-user advisory locks in PostgreSQL, so replicas handle one user's updates one at a time.

    A separate small pool: a connection waiting for a lock must never starve the repository.
    """

    def __init__(self, url: str, size: int = 32):
        self.engine = create_async_engine(url, pool_size=size, max_overflow=0, pool_pre_ping=True, hide_parameters=True)

    @asynccontextmanager
    async def hold(self, user_id: int) -> AsyncIterator[None]:

        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": user_id})
            try:
                yield
            finally:
                await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": user_id})
                await conn.commit()

    async def close(self) -> None:
        await self.engine.dispose()

"""Repository back-ends for contract tests: SQLite always, PostgreSQL when the server is reachable."""

from __future__ import annotations

import uuid
from contextlib import asynccontextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage.engine import Database
from bot.storage.sql import SqlStorage, migrate
from support.paths import POSTGRES_URL

BACKENDS = ["sqlite", "postgres"]  # what `repository(backend, ...)` takes


async def postgres_available() -> str | None:
    engine = create_async_engine(POSTGRES_URL)
    try:
        async with engine.connect() as conn:
            await conn.execute(text("select 1"))
        return None
    except Exception as exc:  # any connection failure means: skip, with the reason
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {exc.__class__.__name__}"
    finally:
        await engine.dispose()


@asynccontextmanager
async def repository(backend: str, tmp_path):
    if backend == "sqlite":
        repo = await SqlStorage.connect(f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}")
        try:
            yield repo
        finally:
            await repo.close()
        return
    reason = await postgres_available()
    if reason:
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"  # each test gets its own schema: no cross-test leaks
    admin = create_async_engine(POSTGRES_URL)
    async with admin.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_async_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}}, pool_size=10)
    try:
        await migrate(engine)
        yield SqlStorage(Database(engine))
    finally:
        await engine.dispose()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


@asynccontextmanager
async def temporary_postgres_database(prefix: str):
    """A fresh database on the machine's PostgreSQL for tests that need their own (yields admin engine, name, url)."""
    reason = await postgres_available()
    if reason:
        pytest.skip(reason)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin, name, POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()

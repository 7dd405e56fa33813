"""The database engines: SQLite pragmas and threads, PostgreSQL pools, migrations, and `Database`,
which runs one transaction body on the right thread or connection for either engine. The
per-aggregate repositories (users, questions, workouts, schedule, inbox) all run through it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy import create_engine as sqlalchemy_create_engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

MIGRATIONS = Path(__file__).parent / "migrations"

Result = TypeVar("Result")
READER_THREADS = 2  # SQLite reads run here; WAL lets them run beside the writer
WRITES = "liftcoach_writes"  # execution option marking a connection that will write


def create_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        # Reads and writes go through the synchronous engines of `Database` (one thread hop
        # each); this async engine only runs migrations and in-memory databases.
        engine = create_async_engine(
            url, connect_args={"timeout": 30}, pool_size=1, max_overflow=2, hide_parameters=True
        )
        _sqlite_durability(engine.sync_engine)
        return engine
    # hide_parameters: errors and logs never carry user data from the statement's parameters.
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True, hide_parameters=True)


def sync_sqlite_engine(engine: AsyncEngine, *, writer: bool, connections: int = 1) -> Engine | None:
    """A synchronous engine on the same SQLite file, for the writer or reader threads (None for
    PostgreSQL and in-memory databases, which a second engine could not share)."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    sync = sqlalchemy_create_engine(
        url.set(drivername="sqlite"),
        connect_args={"timeout": 30, "check_same_thread": False},
        pool_size=connections,
        max_overflow=0,
    )
    _sqlite_durability(sync, writer=writer)
    return sync


def _sqlite_durability(sync_engine: Engine, *, writer: bool = False) -> None:
    """`writer`: an engine used only for write transactions."""

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Autocommit at the driver level so we control BEGIN ourselves (below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged set survives power loss
        cursor.execute("PRAGMA foreign_keys=ON")
        # 512 KiB of page cache per connection (SQLite's default is 2 MB): the OS caches the file
        # anyway, and a soak showed these caches filling as the database grows.
        cursor.execute("PRAGMA cache_size=-512")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front: two writers never deadlock upgrading a read lock.
        # Readers issue no BEGIN: each SELECT is its own snapshot (WAL readers never wait for a
        # writer), and every driver round trip saved matters on a busy event loop.
        if writer or conn.get_execution_options().get(WRITES):
            conn.exec_driver_sql("BEGIN IMMEDIATE")


class SqliteThreads:
    """A synchronous engine on a SQLite file with threads of its own: each call runs a whole
    transaction (writer) or read in one hop off the event loop."""

    def __init__(self, engine: Engine, threads: int, *, writer: bool):
        self._engine = engine
        self._writer = writer
        self._executor = ThreadPoolExecutor(
            max_workers=threads, thread_name_prefix="sqlite-writer" if writer else "sqlite-reader"
        )

    @classmethod
    def open(cls, engine: AsyncEngine, *, writer: bool, threads: int) -> SqliteThreads | None:
        sync = sync_sqlite_engine(engine, writer=writer, connections=threads)
        return None if sync is None else cls(sync, threads, writer=writer)

    async def run(self, body: Callable[..., Result], *args: Any) -> Result:
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._call, body, args)

    def _call(self, body: Callable[..., Result], args: tuple[Any, ...]) -> Result:
        with self._engine.begin() if self._writer else self._engine.connect() as conn:
            return body(conn, *args)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self._engine.dispose()


MIGRATION_LOCK_KEY = 0x4C43_4D49  # one PostgreSQL advisory lock key for LiftCoach's migrations


async def migrate(engine: AsyncEngine) -> None:
    """Apply Alembic migrations up to head (run at every start-up; a no-op when current)."""

    def upgrade(connection: Connection) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.execution_options(**{WRITES: True}).begin() as conn:
        if engine.dialect.name == "postgresql":
            # Two replicas starting on a fresh database: the second waits here, then finds the schema
            # at head (without the lock it died with UniqueViolation creating the same tables).
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await conn.run_sync(upgrade)


class Database:
    """One engine and the way to run reads and write transactions on it."""

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self._writer = engine.execution_options(**{WRITES: True})
        self.postgres = engine.dialect.name == "postgresql"
        # SQLite has one writer at a time; queueing writers here is far faster than letting them
        # collide on the file lock, where SQLite's busy handler sleeps in steps of up to 100 ms.
        self._write_lock: asyncio.Lock | None = None if self.postgres else asyncio.Lock()
        # SQLite files only (None for PostgreSQL and in-memory databases).
        self._sqlite_writer = SqliteThreads.open(engine, writer=True, threads=1)
        self._sqlite_readers = SqliteThreads.open(engine, writer=False, threads=READER_THREADS)

    async def run_write(self, body: Callable[..., Result], *args: Any) -> Result:
        """Run a write transaction whose body is plain SQLAlchemy Core on a synchronous connection.

        SQLite: the whole body runs in one hop to a writer thread. Driving it statement by
        statement from a busy event loop held SQLite's single write lock for ~10 ms per
        transaction (each statement is several loop round trips), which capped workout traffic.
        PostgreSQL: the same body runs on the async connection (row locks, no global lock)."""
        if self._sqlite_writer is None:  # PostgreSQL (or an in-memory SQLite database)
            async with self._write_lock or nullcontext():
                async with self._writer.begin() as conn:
                    return await conn.run_sync(body, *args)
        assert self._write_lock is not None
        async with self._write_lock:
            return await self._sqlite_writer.run(body, *args)

    async def run_read(self, body: Callable[[Connection], Result]) -> Result:
        """Run a read (plain SQLAlchemy Core on a synchronous connection): on SQLite in one hop to a
        reader thread, on PostgreSQL on the async connection."""
        if self._sqlite_readers is None:
            async with self.engine.connect() as conn:
                return await conn.run_sync(body)
        return await self._sqlite_readers.run(body)

    def upsert(self, table: Any) -> Any:
        """INSERT ... ON CONFLICT for this engine's dialect."""
        return postgresql.insert(table) if self.postgres else sqlite.insert(table)

    async def close(self) -> None:
        await self.engine.dispose()
        for threads in (self._sqlite_writer, self._sqlite_readers):
            if threads is not None:
                threads.close()

"""SQLAlchemy (async) implementation of the Repository for SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, delete, event, func, insert, select, text, update
from sqlalchemy import create_engine as sqlalchemy_create_engine
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from ..batching import MicroBatcher
from .reminder_rows import ReminderRows
from .repository import JsonDict, QuestionStats, Timer
from .tables import (
    questions,
    reminders,
    timers,
    update_inbox,
    user_settings,
    users,
    votes,
    workout_events,
    workout_sessions,
)
from .times import aware as _aware
from .times import utcnow
from .workout_rows import WorkoutRows

MIGRATIONS = Path(__file__).parent / "migrations"


Result = TypeVar("Result")
READER_THREADS = 2  # SQLite reads run here; WAL lets them run beside the writer
INBOX_KEEP = timedelta(days=2)  # how long a handled update id still catches a duplicate delivery
WRITES = "liftcoach_writes"  # execution option marking a connection that will write


def create_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        # Reads and writes go through the synchronous engines of SqlRepository (one thread hop
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


class SqlRepository(WorkoutRows, ReminderRows):
    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self._writer = engine.execution_options(**{WRITES: True})
        self._postgres = engine.dialect.name == "postgresql"
        # SQLite has one writer at a time; queueing writers here is far faster than letting them
        # collide on the file lock, where SQLite's busy handler sleeps in steps of up to 100 ms.
        self._write_lock: asyncio.Lock | None = None if self._postgres else asyncio.Lock()
        # SQLite files only (None for PostgreSQL and in-memory databases).
        self._sqlite_writer = SqliteThreads.open(engine, writer=True, threads=1)
        self._sqlite_readers = SqliteThreads.open(engine, writer=False, threads=READER_THREADS)
        # Group commit: concurrent small writes share one transaction; each caller still waits for it.
        self._user_writes: MicroBatcher[JsonDict, None] = MicroBatcher(
            lambda rows: self._run_write(self._write_users, rows), max_batch=200
        )
        self._question_writes: MicroBatcher[JsonDict, int] = MicroBatcher(
            lambda rows: self._run_write(self._write_questions, rows), max_batch=200
        )
        self._inbox_writes: MicroBatcher[JsonDict, bool] = MicroBatcher(
            lambda rows: self._run_write(self._write_inbox, rows), max_batch=200
        )
        self._inbox_done: MicroBatcher[int, None] = MicroBatcher(
            lambda ids: self._run_write(self._mark_done, ids), max_batch=500
        )

    async def _run_write(self, body: Callable[..., Result], *args: Any) -> Result:
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

    async def _run_read(self, body: Callable[[Connection], Result]) -> Result:
        """Run a read (plain SQLAlchemy Core on a synchronous connection): on SQLite in one hop to a
        reader thread, on PostgreSQL on the async connection."""
        if self._sqlite_readers is None:
            async with self.engine.connect() as conn:
                return await conn.run_sync(body)
        return await self._sqlite_readers.run(body)

    @classmethod
    async def connect(cls, url: str) -> SqlRepository:
        engine = create_engine(url)
        await migrate(engine)
        return cls(engine)

    async def close(self) -> None:
        await self.engine.dispose()
        for threads in (self._sqlite_writer, self._sqlite_readers):
            if threads is not None:
                threads.close()

    def _upsert(self, table: Any) -> Any:
        if self._postgres:
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        return dialect_insert(table)

    # --- users and settings -------------------------------------------------
    async def touch_user(self, user_id: int, chat_id: int, first_name: str) -> None:
        now = utcnow()
        await self._user_writes.submit(
            {"id": user_id, "chat_id": chat_id, "first_name": first_name[:128], "created_at": now, "last_seen_at": now}
        )

    def _write_users(self, conn: Connection, rows: list[JsonDict]) -> list[None]:
        latest = {row["id"]: row for row in rows}  # one row per user: the newest wins
        stmt = self._upsert(users)
        stmt = stmt.on_conflict_do_update(
            index_elements=["id"],
            set_={
                "chat_id": stmt.excluded.chat_id,
                "first_name": stmt.excluded.first_name,
                "last_seen_at": stmt.excluded.last_seen_at,
            },
        )
        conn.execute(stmt, list(latest.values()))
        return [None] * len(rows)

    async def forget_user(self, user_id: int) -> None:
        def write(conn: Connection) -> None:
            session_ids = select(workout_sessions.c.id).where(workout_sessions.c.user_id == user_id)
            conn.execute(delete(workout_events).where(workout_events.c.session_id.in_(session_ids)))
            conn.execute(delete(workout_sessions).where(workout_sessions.c.user_id == user_id))
            question_ids = select(questions.c.id).where(questions.c.user_id == user_id)
            conn.execute(delete(votes).where((votes.c.user_id == user_id) | votes.c.question_id.in_(question_ids)))
            conn.execute(delete(questions).where(questions.c.user_id == user_id))
            conn.execute(delete(timers).where(timers.c.user_id == user_id))
            conn.execute(delete(reminders).where(reminders.c.user_id == user_id))
            conn.execute(delete(user_settings).where(user_settings.c.user_id == user_id))
            conn.execute(delete(update_inbox).where(update_inbox.c.user_id == user_id))
            conn.execute(delete(users).where(users.c.id == user_id))

        await self._run_write(write)

    async def get_settings(self, user_id: int) -> JsonDict:
        def read(conn: Connection) -> JsonDict:
            row = (conn.execute(select(user_settings.c.data).where(user_settings.c.user_id == user_id))).first()
            return dict(row[0]) if row else {}

        return await self._run_read(read)

    async def save_settings(self, user_id: int, data: JsonDict) -> None:
        now = utcnow()
        stmt = self._upsert(user_settings).values(user_id=user_id, data=data, updated_at=now)
        stmt = stmt.on_conflict_do_update(index_elements=["user_id"], set_={"data": data, "updated_at": now})

        def write(conn: Connection) -> None:
            conn.execute(stmt)

        await self._run_write(write)

    # --- questions and feedback ---------------------------------------------
    async def record_question(
        self, user_id: int, text: str, passage_key: str | None, kind: str, confidence: float
    ) -> int:
        row = {
            "user_id": user_id,
            "text": text[:2000],
            "passage_key": passage_key,
            "kind": kind,
            "confidence": float(confidence),
            "created_at": utcnow(),
        }
        return await self._question_writes.submit(row)

    def _write_questions(self, conn: Connection, rows: list[JsonDict]) -> list[int]:
        result = conn.execute(insert(questions).returning(questions.c.id, sort_by_parameter_order=True), rows)
        return [int(r[0]) for r in result]

    async def record_vote(self, question_id: int, user_id: int, vote: int) -> bool:
        def write(conn: Connection) -> bool:
            owner = (conn.execute(select(questions.c.user_id).where(questions.c.id == question_id))).scalar()
            if owner is None or owner != user_id:  # only the asker rates an answer; a second vote replaces the first
                return False
            stmt = self._upsert(votes).values(
                question_id=question_id, user_id=user_id, vote=1 if vote > 0 else -1, created_at=utcnow()
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=["question_id", "user_id"], set_={"vote": 1 if vote > 0 else -1}
            )
            conn.execute(stmt)
            return True

        return await self._run_write(write)

    async def question_stats(self) -> QuestionStats:
        def read(conn: Connection) -> QuestionStats:
            n_users = (conn.execute(select(func.count()).select_from(users))).scalar_one()
            total = (conn.execute(select(func.count()).select_from(questions))).scalar_one()
            answered = (conn.execute(select(func.count()).where(questions.c.kind == "answer"))).scalar_one()
            up = (conn.execute(select(func.count()).where(votes.c.vote > 0))).scalar_one()
            down = (conn.execute(select(func.count()).where(votes.c.vote < 0))).scalar_one()
            return QuestionStats(n_users, total, answered, up, down)

        return await self._run_read(read)

    async def frequent_unanswered(self, limit: int) -> list[tuple[str, int]]:
        text = func.lower(questions.c.text)
        stmt = (
            select(text, func.count())
            .where(questions.c.kind == "unknown")
            .group_by(text)
            .order_by(func.count().desc(), text)
            .limit(limit)
        )

        def read(conn: Connection) -> list[tuple[str, int]]:
            return [(r[0], int(r[1])) for r in conn.execute(stmt)]

        return await self._run_read(read)

    async def frequent_downvoted(self, limit: int) -> list[tuple[str, str | None, int]]:
        text = func.lower(questions.c.text)
        stmt = (
            select(text, questions.c.passage_key, func.count())
            .select_from(votes.join(questions, votes.c.question_id == questions.c.id))
            .where(votes.c.vote < 0)
            .group_by(text, questions.c.passage_key)
            .order_by(func.count().desc(), text)
            .limit(limit)
        )

        def read(conn: Connection) -> list[tuple[str, str | None, int]]:
            return [(r[0], r[1], int(r[2])) for r in conn.execute(stmt)]

        return await self._run_read(read)

    # --- timers -----------------------------------------------------------------
    async def add_timer(self, user_id: int, chat_id: int, kind: str, due_at: datetime, payload: JsonDict) -> int:
        def write(conn: Connection) -> int:
            result = conn.execute(
                insert(timers)
                .values(user_id=user_id, chat_id=chat_id, kind=kind, due_at=due_at, payload=payload)
                .returning(timers.c.id)
            )
            return int(result.scalar_one())

        return await self._run_write(write)

    async def cancel_timers(self, user_id: int, kind: str) -> int:
        def write(conn: Connection) -> int:
            result = conn.execute(
                delete(timers).where(timers.c.user_id == user_id, timers.c.kind == kind, timers.c.fired_at.is_(None))
            )
            return int(result.rowcount or 0)

        return await self._run_write(write)

    async def pending_timers(self, kind: str | None = None) -> list[Timer]:
        stmt = select(timers).where(timers.c.fired_at.is_(None)).order_by(timers.c.due_at)
        if kind:
            stmt = stmt.where(timers.c.kind == kind)

        def read(conn: Connection) -> list[Timer]:
            return [
                Timer(r["id"], r["user_id"], r["chat_id"], r["kind"], _aware(r["due_at"]), dict(r["payload"]))  # type: ignore[arg-type]
                for r in (conn.execute(stmt)).mappings()
            ]

        return await self._run_read(read)

    async def claim_timer(self, timer_id: int, at: datetime) -> bool:
        """Mark a timer fired; only one caller (of any replica) ever gets True."""

        def write(conn: Connection) -> bool:
            result = conn.execute(
                update(timers).where(timers.c.id == timer_id, timers.c.fired_at.is_(None)).values(fired_at=at)
            )
            return result.rowcount == 1

        return await self._run_write(write)

    # --- updates ----------------------------------------------------------------
    # --- update inbox ---------------------------------------------------------------
    async def accept_updates(self, updates: list[tuple[int, int | None, JsonDict]], at: datetime) -> list[bool]:
        """Store (update id, user id, payload) before Telegram is told we have them; True for each
        one not seen before. Concurrent callers (webhook requests) share one commit."""
        rows = [
            {"update_id": uid, "user_id": user_id, "payload": payload, "received_at": at}
            for uid, user_id, payload in updates
        ]
        return list(await asyncio.gather(*(self._inbox_writes.submit(row) for row in rows)))

    def _write_inbox(self, conn: Connection, rows: list[JsonDict]) -> list[bool]:
        first_rows = list({row["update_id"]: row for row in reversed(rows)}.values())  # one row per id
        stmt = (
            self._upsert(update_inbox).values(first_rows).on_conflict_do_nothing().returning(update_inbox.c.update_id)
        )
        stored = {int(r[0]) for r in conn.execute(stmt)}
        if any(row["update_id"] % 1000 == 0 for row in rows):  # now and then, forget old updates
            conn.execute(delete(update_inbox).where(update_inbox.c.received_at < rows[0]["received_at"] - INBOX_KEEP))
        fresh = []
        for row in rows:  # the same id twice in one batch: only the first is fresh
            fresh.append(row["update_id"] in stored)
            stored.discard(row["update_id"])
        return fresh

    async def finish_update(self, update_id: int) -> None:
        await self._inbox_done.submit(update_id)

    def _mark_done(self, conn: Connection, ids: list[int]) -> list[None]:
        conn.execute(update(update_inbox).where(update_inbox.c.update_id.in_(ids)).values(done=True, payload={}))
        return [None] * len(ids)

    async def unfinished_updates(
        self, received_before: datetime, now: datetime, max_attempts: int = 3
    ) -> list[tuple[int, JsonDict]]:
        """Claim updates stored before `received_before` and never marked done (their process died).

        Each claim counts as an attempt, so an update that kills the bot is given up after
        `max_attempts`; claiming renews received_at, so other replicas leave it alone meanwhile."""
        stmt = (
            select(update_inbox.c.update_id, update_inbox.c.payload)
            .where(
                update_inbox.c.done.is_(False),
                update_inbox.c.received_at < received_before,
                update_inbox.c.attempts < max_attempts,
            )
            .order_by(update_inbox.c.update_id)
            .limit(500)
        )
        if self._postgres:
            stmt = stmt.with_for_update(skip_locked=True)

        def write(conn: Connection) -> list[tuple[int, JsonDict]]:
            rows = [(int(r[0]), dict(r[1])) for r in conn.execute(stmt)]
            if rows:
                conn.execute(
                    update(update_inbox)
                    .where(update_inbox.c.update_id.in_([uid for uid, _ in rows]))
                    .values(received_at=now, attempts=update_inbox.c.attempts + 1)
                )
            return rows

        return await self._run_write(write)

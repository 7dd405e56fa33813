"""Migration 0006 (users' own exercises, body weight) upgrades a database at 0004 that holds data."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from support.migrations import upgrade_to
from support.storage_backends import temporary_postgres_database

from bot.storage.engine import Database, migrate
from bot.storage.sql import SqlStorage
from bot.training.catalogue import Exercise, ExerciseKind

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


async def check_upgrade_keeps_rows(url: str) -> None:
    await upgrade_to(url, "0004")
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO users (id, chat_id, first_name, created_at, last_seen_at) VALUES (5, 5, 'Ann', :t, :t)"),
            {"t": NOW},
        )
        await conn.execute(
            text(
                "INSERT INTO workout_sessions (id, user_id, chat_id, program_id, title, plan, state, status, nudged,"
                " started_at, updated_at) VALUES ('s1', 5, 5, 'import', 'Legs', '[]', '{}', 'finished', false, :t, :t)"
            ),
            {"t": NOW},
        )
        await conn.execute(
            text(
                "INSERT INTO workout_events (session_id, seq, event_id, type, payload, created_at) VALUES"
                " ('s1', 1, 'import:0', 'set_logged', :p, :t)"
            ),
            {"t": NOW, "p": '{"exercise": "hip thrust", "reps": 8, "load": 100, "unit": "kg", "position": 0}'},
        )
    await migrate(engine)  # to head, as every start-up does
    storage = SqlStorage(Database(engine))
    try:
        [record] = [e.payload for e in await storage.workouts.events("s1")]
        assert record["exercise"] == "hip thrust" and record["load"] == 100
        assert (await storage.workouts.get_session("s1")).title == "Legs"
        assert await storage.exercises.add_exercises(5, [Exercise("zercher squat", ExerciseKind.WEIGHT_REPS)]) == 1
        assert await storage.body_weights.add_body_weight(5, 82.4, "kg", NOW, 1)
        assert [(e.name, e.kind) for e in await storage.exercises.own_exercises(5)] == [
            ("zercher squat", ExerciseKind.WEIGHT_REPS)
        ]
        assert [(b.value, b.unit) for b in await storage.body_weights.body_weights(5)] == [(82.4, "kg")]
        await storage.users.forget_user(5)
        assert await storage.exercises.own_exercises(5) == [] and await storage.body_weights.body_weights(5) == []
    finally:
        await storage.close()


async def test_sqlite_database_with_data_upgrades_to_0006(tmp_path):
    await check_upgrade_keeps_rows(f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}")


async def test_postgres_database_with_data_upgrades_to_0006():
    async with temporary_postgres_database("mig5") as (_admin, _name, url):
        await check_upgrade_keeps_rows(url)


async def test_downgrade_removes_only_the_new_tables(tmp_path):
    from alembic import command
    from alembic.config import Config

    from bot.storage.engine import MIGRATIONS

    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'd.sqlite3'}")
    await migrate(engine)

    def down(connection):
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")

    async with engine.begin() as conn:
        await conn.run_sync(down)
        tables = {r[0] for r in await conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    await engine.dispose()
    assert "users" in tables and "workout_events" in tables
    assert "user_exercises" not in tables and "body_weights" not in tables

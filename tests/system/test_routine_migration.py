"""Migration 0005 (routines, rotation) upgrades a database that already holds users, settings,
workouts and reminders at revision 0004: every row is still there, and the new tables work."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from support.migrations import upgrade_to
from support.storage_backends import temporary_postgres_database

from bot.storage.engine import MIGRATIONS, create_engine
from bot.storage.sql import SqlStorage

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


async def fill_0004(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        rows = {
            "users": {"id": 5, "chat_id": 5, "first_name": "Ann", "created_at": NOW, "last_seen_at": NOW},
            "user_settings": {"user_id": 5, "data": '{"unit": "lb"}', "updated_at": NOW},
            "workout_sessions": {
                "id": "s1",
                "user_id": 5,
                "chat_id": 5,
                "program_id": "heavy-hip-thrust-day",
                "title": "Heavy hip thrust day",
                "plan": "[]",
                "state": "{}",
                "status": "finished",
                "nudged": False,
                "started_at": NOW,
                "updated_at": NOW,
                "ended_at": NOW,
            },
            "workout_events": {
                "session_id": "s1",
                "seq": 1,
                "event_id": "e1",
                "type": "set_logged",
                "payload": '{"reps": 5, "load": 100, "unit": "kg"}',
                "created_at": NOW,
            },
            "reminders": {
                "user_id": 5,
                "chat_id": 5,
                "days": "[0, 2]",
                "at": "18:30",
                "timezone": "UTC",
                "next_fire_at": NOW,
                "created_at": NOW,
            },
        }
        for table, row in rows.items():
            columns = ", ".join(row)
            await conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(':' + c for c in row)})"), row)
    await engine.dispose()


async def check_upgraded(url: str) -> None:
    storage = await SqlStorage.connect(url)  # migrates to head, as the bot does at start-up
    try:
        assert await storage.users.get_settings(5) == {"unit": "lb"}
        [session] = await storage.workouts.recent_sessions(5, 10)
        assert (session.id, session.status, session.title) == ("s1", "finished", "Heavy hip thrust day")
        assert [e.payload for e in await storage.workouts.events("s1")] == [{"reps": 5, "load": 100, "unit": "kg"}]
        [reminder] = await storage.schedule.reminders_of(5)
        assert (reminder.days, reminder.at) == ([0, 2], "18:30")
        assert await storage.routines.list_routines(5) == []
        lines = [{"exercise": "bench press", "sets": 3, "reps_min": 5, "reps_max": 5}]
        made = await storage.routines.create_routine(5, "Push A", "push a", lines)
        assert made is not None and made.version == 1
        await storage.routines.set_rotation(5, [made.program_id, "heavy-hip-thrust-day"])
        assert await storage.routines.get_rotation(5) == [made.program_id, "heavy-hip-thrust-day"]
        [again] = await storage.routines.list_routines(5)
        assert (again.name, again.lines) == ("Push A", lines)
    finally:
        await storage.close()


async def test_sqlite_database_at_0004_with_data_upgrades(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    await upgrade_to(url, "0004")
    await fill_0004(url)
    await check_upgraded(url)


async def test_postgres_database_at_0004_with_data_upgrades():
    async with temporary_postgres_database("routines_migration") as (_admin, _name, url):
        await upgrade_to(url, "0004")
        await fill_0004(url)
        await check_upgraded(url)


async def test_downgrade_removes_only_the_new_tables(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'down.sqlite3'}"
    await upgrade_to(url, "head")
    await fill_0004(url)
    engine = create_engine(url)

    def downgrade(connection: Connection) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")

    async with engine.begin() as conn:
        await conn.run_sync(downgrade)
        names = {row[0] for row in await conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))}
        users = (await conn.execute(text("SELECT count(*) FROM users"))).scalar_one()
    await engine.dispose()
    assert "routines" not in names and "routine_rotations" not in names and users == 1

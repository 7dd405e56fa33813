"""Migration 0007 moves each open prompt out of the settings JSON into its own table: settings keep
every value, an open prompt is carried over, and the flow that asked still takes the answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import text
from support.migrations import upgrade_to
from support.storage_backends import temporary_postgres_database
from support.wiring import wired_coach
from support.workout_chat import Clock

from bot.conversation.model import User
from bot.storage.engine import create_engine
from bot.storage.sql import SqlStorage

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
ANN, BOB, CY = User(5, 5, "Ann"), User(6, 6, "Bob"), User(7, 7, "Cy")
SETTINGS = {
    # a routine prompt as 0006 stored it: flat, with its own expiry
    ANN.id: {
        "unit": "lb",
        "pending": {"flow": "routine", "until": "2026-11-24T12:10:00+00:00", "step": "lines", "name": "Push A"},
    },
    BOB.id: {"unit": "kg", "rest_seconds": 90, "pending": {"flow": "remind", "step": "time", "days": [0, 2]}},
    CY.id: {"unit": "kg", "pending": None},
}


async def fill_0006(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        for user_id, data in SETTINGS.items():
            await conn.execute(
                text(
                    "INSERT INTO users (id, chat_id, first_name, created_at, last_seen_at) VALUES (:i, :i, 'x', :t, :t)"
                ),
                {"i": user_id, "t": NOW},
            )
            await conn.execute(
                text("INSERT INTO user_settings (user_id, data, updated_at) VALUES (:i, :d, :t)"),
                {"i": user_id, "d": json.dumps(data), "t": NOW},
            )
    await engine.dispose()


async def check_upgraded(url: str, engine) -> None:  # type: ignore[no-untyped-def]
    storage = await SqlStorage.connect(url)  # migrates to head, as the bot does at start-up
    try:
        assert await storage.users.get_settings(ANN.id) == {"unit": "lb"}
        assert await storage.users.get_settings(BOB.id) == {"unit": "kg", "rest_seconds": 90}
        assert await storage.users.get_settings(CY.id) == {"unit": "kg"}
        assert await storage.prompts.get_prompt(ANN.id) == {
            "flow": "routine",
            "until": "2026-11-24T12:10:00+00:00",
            "waiting_for": {"step": "lines", "name": "Push A"},
        }
        assert await storage.prompts.get_prompt(BOB.id) == {"flow": "remind", "step": "time", "days": [0, 2]}
        assert await storage.prompts.get_prompt(CY.id) is None

        coach = wired_coach(engine, storage, Clock(NOW))
        [saved] = await coach.text(ANN, "bench press 3x5 135")
        assert "Push A" in saved.text
        [routine] = await storage.routines.list_routines(ANN.id)
        [line] = routine.lines
        assert (line["exercise"], line["sets"], line["reps_min"], line["load"], line["unit"]) == (
            "bench press",
            3,
            5,
            135.0,
            "lb",
        )
        [set_reminder] = await coach.text(BOB, "18:30")
        assert "Reminder set: Mon, Wed at 18:30" in set_reminder.text
        [reminder] = await storage.schedule.reminders_of(BOB.id)
        assert (reminder.days, reminder.at) == ([0, 2], "18:30")
        assert await storage.prompts.get_prompt(BOB.id) is None  # answered: closed
        assert await storage.users.get_settings(BOB.id) == {"unit": "kg", "rest_seconds": 90}
    finally:
        await storage.close()


async def test_sqlite_database_at_0006_with_open_prompts_upgrades(tmp_path, fixture_engine):
    url = f"sqlite+aiosqlite:///{tmp_path / 'old.sqlite3'}"
    await upgrade_to(url, "0006")
    await fill_0006(url)
    await check_upgraded(url, fixture_engine)


async def test_postgres_database_at_0006_with_open_prompts_upgrades(fixture_engine):
    async with temporary_postgres_database("prompts_migration") as (_admin, _name, url):
        await upgrade_to(url, "0006")
        await fill_0006(url)
        await check_upgraded(url, fixture_engine)

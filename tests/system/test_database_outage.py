"""PostgreSQL briefly unavailable mid-workout: the user is told something went wrong, nothing
acknowledged is lost or doubled, and the bot carries on once the database is back."""

from __future__ import annotations

from datetime import UTC, datetime, timezone

import pytest
from sqlalchemy import text
from support import updates
from support.paths import REPO
from support.recording import RecordingRequest
from support.storage_backends import temporary_postgres_database
from support.wiring import wired_coach
from telegram import Update

from bot.config import load_settings
from bot.conversation.coach import Coach
from bot.conversation.qa import QuestionFlow
from bot.conversation.workouts import WorkoutFlow
from bot.history.setlog import fold
from bot.storage.sql import SqlStorage
from bot.telegram.handlers import ERROR_REPLY
from bot.telegram.runner import build_application
from bot.training.programs import load_programs

USER = 4242


@pytest.fixture
async def pg_database():
    async with temporary_postgres_database("lc_outage") as database:
        yield database


async def set_available(admin, name: str, available: bool) -> None:
    async with admin.connect() as conn:
        await conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"true" if available else "false"}'))
        if not available:  # and drop everyone already connected
            await conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n "
                    "AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )


async def test_outage_mid_workout(pg_database, fixture_engine, monkeypatch):
    admin, name, url = pg_database
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SCALE_OUT", "false")
    repo = await SqlStorage.connect(url)
    clock = lambda: datetime(2026, 11, 24, 12, tzinfo=UTC)  # noqa: E731
    coach = wired_coach(fixture_engine, repo, clock)
    request = RecordingRequest()
    app = build_application(load_settings(), coach, request=request)
    await app.initialize()

    async def say(text: str, message_id: int) -> str:
        request.clear()
        await app.process_update(Update.de_json(updates.message(USER, text, message_id=message_id), app.bot))
        return " | ".join(c["text"] for c in request.calls_to("sendMessage"))

    assert "set 1 of 3" in await say("/workout hip thrust 3x5 100kg rest 0", 1)
    assert "✅ Hip thrust set 1: 5 × 100 kg" in await say("5x100", 2)

    await set_available(admin, name, False)
    assert ERROR_REPLY in await say("4x100", 3)  # told plainly, not silently dropped
    await set_available(admin, name, True)

    assert "✅ Hip thrust set 2: 4 × 100 kg" in await say("4x100", 4)  # the user sends it again: works
    assert "✅ Hip thrust set 3: 3 × 100 kg" in await say("3x100", 5)
    rows = fold(await repo.workouts.set_events(USER))
    assert [r.reps for r in rows] == [5, 4, 3]  # nothing lost, nothing doubled
    await app.shutdown()
    await repo.close()

"""The admin chat hears about an error once a minute at most (with a count), SQL parameters never
reach it or the logs, and NUL characters from users never reach the database."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from support import updates
from support.paths import POSTGRES_URL
from support.recording import RecordingRequest
from support.storage_backends import postgres_available, repository
from telegram import Update

from bot.config import load_settings
from bot.conversation.coach import Coach
from bot.conversation.model import User
from bot.conversation.qa import QuestionFlow
from bot.storage.sql import create_engine
from bot.telegram.alerts import ErrorThrottle
from bot.telegram.handlers import ALERTS_KEY, ERROR_REPLY
from bot.telegram.runner import build_application

ADMIN_CHAT = -100900
MALLORY = 66
PRIVATE = "MY-PRIVATE-QUESTION"


async def make_app(engine, repo, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.setenv("ADMIN_CHAT_ID", str(ADMIN_CHAT))
    monkeypatch.setenv("TELEGRAM_RATE_LIMIT", "0")
    monkeypatch.setenv("USER_RATE_LIMIT", "0")
    coach = Coach(QuestionFlow(engine, repo.questions), repo)
    request = RecordingRequest()
    app = build_application(load_settings(), coach, request=request)
    await app.initialize()
    request.clear()
    return app, request


@pytest.fixture
async def app(fixture_engine, sqlite_repo, monkeypatch):
    application, request = await make_app(fixture_engine, sqlite_repo, monkeypatch)
    yield application, request
    await application.shutdown()


def to_admin(request: RecordingRequest) -> list[str]:
    return [c["text"] for c in request.calls_to("sendMessage") if c["chat_id"] == ADMIN_CHAT]


async def test_twenty_forged_taps_give_one_admin_report_then_a_count(app, monkeypatch):
    application, request = app
    now = [1000.0]
    application.bot_data[ALERTS_KEY] = ErrorThrottle(clock=lambda: now[0])

    async def broken_callback(self, user, data, tap_id=None, message_id=None):  # type: ignore[no-untyped-def]
        raise OverflowError(f"Python int too large to convert to SQLite INTEGER: {data}")

    monkeypatch.setattr(Coach, "callback", broken_callback)
    for i in range(20):
        await application.process_update(
            Update.de_json(updates.callback(MALLORY, f"r:z:9999999999999999999{i}"), application.bot)
        )
    [report] = to_admin(request)
    assert "OverflowError" in report and "more time" not in report
    now[0] += 61  # a minute later the same error is reported again, with how often it happened meanwhile
    await application.process_update(Update.de_json(updates.callback(MALLORY, "r:z:1e999"), application.bot))
    assert len(to_admin(request)) == 2 and "(and 19 more times since the last report)" in to_admin(request)[1]

    async def other_bug(self, user, data, tap_id=None, message_id=None):  # type: ignore[no-untyped-def]
        raise KeyError("another place")

    monkeypatch.setattr(Coach, "callback", other_bug)
    await application.process_update(Update.de_json(updates.callback(MALLORY, "x"), application.bot))
    assert len(to_admin(request)) == 3 and "KeyError" in to_admin(request)[2]  # a different error is not held back


async def test_sql_parameters_never_reach_the_admin_chat_or_the_log(app, monkeypatch, caplog):
    application, request = app

    async def failing_write(self, user, text, message_id=None):  # type: ignore[no-untyped-def]
        raise DBAPIError.instance(
            "INSERT INTO questions (text) VALUES (?)", (text,), RuntimeError("disk I/O error"), Exception
        )

    monkeypatch.setattr(Coach, "text", failing_write)
    with caplog.at_level(logging.ERROR):
        await application.process_update(Update.de_json(updates.message(MALLORY, PRIVATE), application.bot))
    [report] = to_admin(request)
    assert "disk I/O error" in report and PRIVATE not in report
    assert caplog.records and PRIVATE not in caplog.text


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_engines_hide_statement_parameters(backend, tmp_path):
    if backend == "postgres" and (reason := await postgres_available()):
        pytest.skip(reason)
    engine = create_engine(POSTGRES_URL if backend == "postgres" else f"sqlite+aiosqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with pytest.raises(DBAPIError) as caught:
            async with engine.connect() as conn:
                await conn.execute(text("INSERT INTO no_such_table_here (x) VALUES (:x)"), {"x": "MY-PRIVATE-TEXT"})
    finally:
        await engine.dispose()
    assert "no_such_table_here" in str(caught.value) and "MY-PRIVATE-TEXT" not in str(caught.value)


async def test_nul_characters_never_reach_postgresql(fixture_engine, tmp_path, monkeypatch):
    async with repository("postgres", tmp_path) as repo:
        application, request = await make_app(fixture_engine, repo, monkeypatch)
        try:
            with_nul = Update.de_json(
                updates.message(MALLORY, "can I use a dumb\x00bell for hip thrusts?"), application.bot
            )
            other = Update.de_json(
                updates.message(MALLORY + 1, "can I use a dumbbell for hip thrusts?"), application.bot
            )
            named = updates.message(MALLORY + 2, "/start")
            named["message"]["from"]["first_name"] = "Eve\x00\u202e"
            await asyncio.gather(
                *(
                    application.update_processor.process_update(u, application.process_update(u))
                    for u in (with_nul, other, Update.de_json(named, application.bot))
                )
            )
        finally:
            await application.shutdown()
        sent = request.calls_to("sendMessage")
        assert all(ERROR_REPLY not in c["text"] for c in sent)
        assert {c["chat_id"] for c in sent} == {MALLORY, MALLORY + 1, MALLORY + 2}
        assert "Hi, Eve!" in next(c["text"] for c in sent if c["chat_id"] == MALLORY + 2)
        assert (await repo.questions.question_stats()).questions == 2
        async with repo.db.engine.connect() as conn:
            stored = [row[0] for row in await conn.execute(text("SELECT text FROM questions ORDER BY id"))]
        assert all("\x00" not in t for t in stored) and any("dumbbell" in t for t in stored)

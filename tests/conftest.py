"""Shared fixtures. The real embedding model loads once per test session."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.paths import FIXTURE_KNOWLEDGE, REPO
from support.wiring import ADMIN_CHAT, ADMIN_ID


@pytest.fixture(scope="session")
def encoder():
    """The serving encoder: the int8 ONNX export committed with the index."""
    from bot.retrieval.embedding import OnnxEncoder

    return OnnxEncoder(REPO / "index" / "encoder")


@pytest.fixture(scope="session")
def real_engine():
    """The answer engine over the committed index, wired as the bot serves it."""
    from bot.config import load_settings
    from bot.retrieval.serving import build_answer_engine

    return build_answer_engine(load_settings())


@pytest.fixture(scope="session")
def fixture_index_dir(tmp_path_factory, encoder) -> Path:
    from bot.retrieval.index import build_index

    out = tmp_path_factory.mktemp("fixture-index")
    build_index(FIXTURE_KNOWLEDGE, out, encoder, show_progress=False)
    return out


@pytest.fixture(scope="session")
def fixture_engine(fixture_index_dir, encoder):
    from bot.retrieval.answer import AnswerEngine
    from bot.retrieval.index import load_index
    from bot.retrieval.search import HybridSearcher

    return AnswerEngine(HybridSearcher(load_index(fixture_index_dir, FIXTURE_KNOWLEDGE), encoder))


@pytest.fixture
async def sqlite_repo(tmp_path):
    from bot.storage.sql import SqlStorage

    repo = await SqlStorage.connect(f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}")
    yield repo
    await repo.close()


@pytest.fixture
async def bot(fixture_engine, sqlite_repo, monkeypatch):
    """The real Application around a coach wired like the bot's, with a recording request: (app, request, coach)."""
    from support.wiring import recording_application, wired_coach

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.setenv("ADMIN_IDS", str(ADMIN_ID))
    monkeypatch.setenv("ADMIN_CHAT_ID", str(ADMIN_CHAT))
    monkeypatch.setenv("TELEGRAM_RATE_LIMIT", "0")  # no real Telegram to protect; keeps the fuzz test fast
    clock = lambda: datetime(2026, 11, 24, 12, tzinfo=UTC)  # noqa: E731
    coach = wired_coach(fixture_engine, sqlite_repo, clock, admin_ids=frozenset({ADMIN_ID}))
    async with recording_application(coach) as (app, request):
        yield app, request, coach


@pytest.fixture
async def bot_recording_errors(fixture_engine, sqlite_repo, monkeypatch):
    """As `bot`, on the wall clock, and every error the handlers raise is kept: (app, request, coach, errors)."""
    from support.wiring import recording_application, wired_coach

    from bot.telegram import handlers

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.setenv("ADMIN_CHAT_ID", str(ADMIN_CHAT))
    monkeypatch.setenv("TELEGRAM_RATE_LIMIT", "0")
    coach = wired_coach(fixture_engine, sqlite_repo, lambda: datetime.now(UTC))
    errors: list[object] = []
    real_on_error = handlers.on_error

    async def recording_on_error(update, context):  # type: ignore[no-untyped-def]
        errors.append(context.error)
        await real_on_error(update, context)

    async with recording_application(coach) as (app, request):
        app.error_handlers.clear()
        app.add_error_handler(recording_on_error)
        yield app, request, coach, errors

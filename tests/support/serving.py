"""A whole bot in this process: the real Application serving against the fake Bot API on 127.0.0.1,
built by `build_coach` from settings, as `coach serve` builds it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bot.composition import build_coach
from bot.config import Settings, load_settings
from bot.conversation.coach import Coach
from bot.telegram.runner import serve
from support.fake_api import FakeBotApi, free_port

TOKEN = "123456:TEST-TOKEN"
SECRET = "s3cret-token-0123456789abcdefghijklmn"  # Telegram's alphabet, at least 32 characters


def bot_settings(tmp_path, monkeypatch, *, webhook: bool = False) -> tuple[Settings, int]:
    """Settings for an in-process bot on a fresh SQLite file (and a free webhook port)."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'e2e.sqlite3'}")
    monkeypatch.setenv("TELEGRAM_TIMEOUT", "1")  # so an injected slow answer times out quickly
    port = free_port()
    if webhook:
        monkeypatch.setenv("WEBHOOK_URL", f"http://127.0.0.1:{port}/telegram")
        monkeypatch.setenv("WEBHOOK_SECRET", SECRET)
        monkeypatch.setenv("WEBHOOK_PORT", str(port))
    return load_settings(), port


@dataclass
class Serving:
    coach: Coach
    task: asyncio.Task[None]
    stop_event: asyncio.Event

    async def stop(self, timeout: float = 15) -> None:
        """Ask the bot to stop (as SIGTERM does) and wait at most `timeout` seconds for it."""
        self.stop_event.set()
        if not self.task.done():
            await asyncio.wait_for(self.task, timeout=timeout)


@asynccontextmanager
async def serving(
    settings: Settings, api: FakeBotApi, *, webhook: bool = False, **serve_options: Any
) -> AsyncIterator[Serving]:
    """The real Application serving against `api` until the block ends; ready once it set its commands (and webhook)."""
    coach = await build_coach(settings)
    stop = asyncio.Event()
    running = Serving(
        coach, asyncio.create_task(serve(settings, coach, stop, base_url=api.base_url, **serve_options)), stop
    )
    try:
        await api.wait_for(lambda: bool(api.commands) and (not webhook or bool(api.webhook)), timeout=15)
        yield running
    finally:
        try:
            await running.stop()
        finally:
            await coach.close()


@asynccontextmanager
async def running_bot(tmp_path, monkeypatch, *, webhook: bool = False) -> AsyncIterator[tuple[FakeBotApi, int]]:
    settings, port = bot_settings(tmp_path, monkeypatch, webhook=webhook)
    async with FakeBotApi(TOKEN) as api, serving(settings, api, webhook=webhook, tick_seconds=0.2):
        yield api, port


def last(api: FakeBotApi, chat_id: int):
    return api.transcript[chat_id][-1]

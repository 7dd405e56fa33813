"""The bot as its own `coach run` process against the fake Bot API, as it runs in production."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

from support.fake_api import FakeBotApi

REPO = Path(__file__).resolve().parents[2]


def bot_env(api: FakeBotApi, database_url: str, *, webhook_port: int | None = None, **extra: str) -> dict[str, str]:
    """Environment for a bot process talking to `api`: polling, or webhook on `webhook_port`."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_BASE_URL": api.base_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }
    env.pop("WEBHOOK_URL", None)
    if webhook_port is not None:
        env |= {
            "WEBHOOK_URL": f"http://127.0.0.1:{webhook_port}/telegram",
            "WEBHOOK_SECRET": "process-secret-0123456789abcdefghijklmnop",
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(webhook_port),
        }
    return env | extra


@asynccontextmanager
async def bot_process(
    env: Mapping[str, str],
    *,
    cwd: Path = REPO,
    command: tuple[str, ...] = ("-m", "bot.cli", "run"),
    stderr: int = subprocess.DEVNULL,
) -> AsyncIterator[subprocess.Popen[bytes]]:
    """Start the bot process; whatever happens in the block, it is not left running."""
    proc = subprocess.Popen(
        [sys.executable, *command], cwd=cwd, env=dict(env), stdout=subprocess.DEVNULL, stderr=stderr
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            await asyncio.to_thread(proc.wait, 10)


async def kill_hard(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL, as a crash or the OOM killer would: no shutdown code runs."""
    proc.send_signal(signal.SIGKILL)
    await asyncio.to_thread(proc.wait, 10)


async def stop_gracefully(proc: subprocess.Popen[bytes], timeout: float = 30) -> int:
    """SIGTERM, as systemd or Docker send; returns the exit code."""
    proc.send_signal(signal.SIGTERM)
    return await asyncio.to_thread(proc.wait, timeout)

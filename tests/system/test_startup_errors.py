"""A rejected token at start-up: a short, actionable message on stderr, and never the token itself."""

from __future__ import annotations

import asyncio
import logging
import sys

from support.fake_api import FakeBotApi
from support.paths import REPO
from support.processes import bot_env

from bot.telegram.redaction import redact_secrets_in_logs, redact_token

SECRET = "REVOKED-SECRET-TOKEN"


async def test_a_rejected_token_is_reported_without_leaking_it(tmp_path):
    async with FakeBotApi("123456:THE-RIGHT-TOKEN") as api:  # answers 401 Unauthorized to any other token
        env = bot_env(api, f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}") | {
            "TELEGRAM_BOT_TOKEN": f"999:{SECRET}",
            "LOG_LEVEL": "DEBUG",
        }
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            cwd=REPO,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            stdout, stderr = await asyncio.wait_for(proc.communicate(), timeout=120)
        finally:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
    out = stdout.decode() + stderr.decode()
    assert SECRET not in out
    assert "Traceback" not in out
    assert proc.returncode == 2
    assert "Telegram rejected TELEGRAM_BOT_TOKEN (999:***)" in stderr.decode() and "@BotFather" in stderr.decode()


def test_redaction_keeps_only_the_bot_id():
    assert redact_token("123456:AAE-secret") == "123456:***"
    assert redact_token("not-a-token") == "***"
    assert redact_token("abc:def") == "***"


def test_log_lines_never_carry_the_token_or_the_webhook_secret():
    import io

    stream = io.StringIO()
    logger = logging.getLogger("test-redaction")
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.addHandler(handler)
    try:
        redact_secrets_in_logs([f"999:{SECRET}", "webhook-secret-0123456789abcdef0123456789"], logger)
        logger.warning("Set Bot API URL: https://api.telegram.org/bot999:%s", SECRET)
        try:
            raise RuntimeError(
                f"The token `999:{SECRET}` was rejected; secret webhook-secret-0123456789abcdef0123456789"
            )
        except RuntimeError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "bot999:***" in text and "The token `999:***`" in text
    assert SECRET not in text and "webhook-secret-0123456789" not in text

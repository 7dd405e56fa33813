"""The public webhook under abuse: huge bodies, missing secrets, half-open connections, absurd
update ids; /metrics off the public port with cached gauges; a guessable WEBHOOK_SECRET refused."""

from __future__ import annotations

import asyncio
import socket
from types import SimpleNamespace

import httpx
import pytest
from support.fake_api import free_port
from support.serving import SECRET, running_bot

from bot.config import ConfigError, load_settings
from bot.telegram import handlers
from bot.telegram.web import MAX_UPDATE_BYTES, MetricsServer, WebhookServer


async def raw_exchange(port: int, head: bytes, wait: float = 5.0) -> bytes:
    """Send raw bytes and return what the server answers before it closes (bounded by `wait`)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head)
        await writer.drain()
        return await asyncio.wait_for(reader.read(4096), timeout=wait)  # b"" means: the server closed it
    finally:
        writer.close()


def post_head(length: int, secret: str | None) -> bytes:
    lines = [
        b"POST /telegram HTTP/1.1",
        b"Host: 127.0.0.1",
        b"Content-Type: application/json",
        b"Content-Length: %d" % length,
    ]
    if secret is not None:
        lines.append(b"X-Telegram-Bot-Api-Secret-Token: " + secret.encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + b'{"update_id": 1, '  # the rest of the body never comes


@pytest.fixture
async def webhook_server():
    port = free_port()
    server = WebhookServer(
        SimpleNamespace(running=True, bot_data={}), SECRET, "127.0.0.1", port, header_timeout=0.5, body_timeout=0.5
    )  # type: ignore[arg-type]
    server.start()
    yield port
    await server.stop()


async def test_a_huge_post_without_the_secret_is_refused_before_its_body_is_read(webhook_server):
    answer = await raw_exchange(webhook_server, post_head(50 * 1024 * 1024, None))
    assert answer.startswith(b"HTTP/1.1 403")


async def test_a_body_larger_than_any_update_is_refused_before_it_is_read(webhook_server):
    answer = await raw_exchange(webhook_server, post_head(MAX_UPDATE_BYTES + 1, SECRET))
    assert answer.startswith(b"HTTP/1.1 413")


async def test_a_chunked_body_over_the_limit_is_cut_off(webhook_server):
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(4):
            yield b" " * (MAX_UPDATE_BYTES // 2)

    async with httpx.AsyncClient(timeout=5) as client:
        try:
            response = await client.post(
                f"http://127.0.0.1:{webhook_server}/telegram",
                content=chunks(),
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
            assert response.status_code >= 400
        except httpx.TransportError:
            pass  # tornado closes the connection: also refused


async def test_half_open_connections_are_dropped(webhook_server):
    assert (
        await raw_exchange(webhook_server, b"POST /telegram HTTP/1.1\r\nHost: 127.0.0.1\r\n") == b""
    )  # headers never finish
    assert (await raw_exchange(webhook_server, post_head(200, SECRET)))[:12] in (
        b"",
        b"HTTP/1.1 400",
    )  # body never finishes


async def test_update_ids_outside_the_stored_range_get_400_not_503_for_ever(tmp_path, monkeypatch):
    async with running_bot(tmp_path, monkeypatch, webhook=True) as (api, port), httpx.AsyncClient(timeout=5) as client:
        url, headers = f"http://127.0.0.1:{port}/telegram", {"X-Telegram-Bot-Api-Secret-Token": SECRET}

        def update(update_id: int) -> dict:
            return {
                "update_id": update_id,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 8, "type": "private"},
                    "from": {"id": 8, "is_bot": False, "first_name": "Ann"},
                    "text": "/help",
                },
            }

        for bad in (2**63, 2**64 + 5, -1):
            assert (await client.post(url, json=update(bad), headers=headers)).status_code == 400, bad
        assert (await client.post(url, json=update(2**63 - 1), headers=headers)).status_code == 200
        await api.wait_for_messages(8, 1)


async def test_metrics_gauges_are_cached_between_scrapes():
    calls = []

    class Coach:
        async def gauges(self) -> dict[str, float]:
            calls.append(1)
            return {"liftcoach_active_workouts": 3.0}

    port = free_port()
    server = MetricsServer(SimpleNamespace(bot_data={handlers.COACH_KEY: Coach()}), "127.0.0.1", port)  # type: ignore[arg-type]
    server.start()
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            bodies = [(await client.get(f"http://127.0.0.1:{port}/metrics")).text for _ in range(5)]
    finally:
        await server.stop()
    assert all("liftcoach_active_workouts 3.0\n" in b for b in bodies) and len(calls) == 1


def test_metrics_listen_on_loopback_unless_configured(monkeypatch):
    settings = load_settings()
    assert settings.metrics_listen == "127.0.0.1" and settings.metrics_port is None


@pytest.mark.parametrize(
    "secret", ["abc", "x" * 31, "a" * 31 + "!", "contains spaces but is long enough ok", "é" * 40, "a" * 257]
)
def test_guessable_or_invalid_webhook_secrets_are_refused(monkeypatch, secret):
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com/telegram")
    monkeypatch.setenv("WEBHOOK_SECRET", secret)
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET: .*32 to 256 characters of A-Z, a-z, 0-9, _ and -"):
        load_settings()


def test_a_strong_webhook_secret_is_accepted(monkeypatch):
    import secrets

    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com/telegram")
    strong = secrets.token_urlsafe(32)
    monkeypatch.setenv("WEBHOOK_SECRET", strong)
    assert load_settings().webhook_secret.get_secret_value() == strong  # type: ignore[union-attr]

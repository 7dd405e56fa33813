"""End to end: the real Application (polling and webhook) against a fake Bot API on 127.0.0.1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import Any

import httpx
from support.fake_api import FakeBotApi, free_port
from support.serving import SECRET, TOKEN, bot_settings, last, running_bot, serving

from bot.composition import build_coach
from bot.config import Settings, load_settings
from bot.conversation.coach import Coach
from bot.telegram.runner import serve


async def test_polling_conversation_questions_buttons_and_menu(tmp_path, monkeypatch):
    async with running_bot(tmp_path, monkeypatch) as (api, _):
        assert [c["command"] for c in api.commands][:3] == ["start", "help", "ask"]
        await api.user_sends(1, "/start")
        greeting = (await api.wait_for_messages(1, 1))[0]
        assert "LiftCoach" in greeting.text
        await api.user_sends(1, "dumbbell or barbell for hip thrusts?")
        answer = (await api.wait_for_messages(1, 2))[1]
        assert "Source: Barbell, dumbbell, Smith machine" in answer.text
        topic = answer.buttons()[0]
        await api.user_presses(1, answer, topic)
        await api.wait_for_messages(1, 3)
        assert "Source:" in last(api, 1).text and len(api.callback_answers) == 1
        await api.user_inline_query(1, "hip thrust feet")
        await api.wait_for(lambda: len(api.inline_answers) == 1)
        assert api.inline_answers[0]["results"]


async def test_polling_guided_workout_with_rest_timer(tmp_path, monkeypatch):
    async with running_bot(tmp_path, monkeypatch) as (api, _):
        await api.user_sends(7, "/workout hip thrust 2x5 100kg rest 1")
        intro, card = await api.wait_for_messages(7, 2)
        done = next(b for b in card.buttons() if b.startswith("w:done:"))
        await api.user_presses(7, card, done)
        await api.wait_for(lambda: card.edits and len(api.transcript[7]) >= 3)
        assert card.text.startswith("✅ Hip thrust set 1: 5 × 100 kg")
        assert "Rest 0:01" in last(api, 7).text
        await api.wait_for(lambda: "Rest over" in last(api, 7).text, timeout=10)  # the timer fires by itself
        await api.user_sends(7, "4x102.5")
        await api.wait_for(lambda: "2 sets, 9 reps" in last(api, 7).text)
        assert (
            "Next time, hip thrust 5 reps: 100 kg (102.5 kg fell short of 5 (4); 100 kg went 5 → stay at 100 kg)"
            in last(api, 7).text
        )


async def test_webhook_mode_checks_the_secret_and_serves_health(tmp_path, monkeypatch):
    async with running_bot(tmp_path, monkeypatch, webhook=True) as (api, port):
        assert api.webhook == {"url": f"http://127.0.0.1:{port}/telegram", "secret_token": SECRET}
        async with httpx.AsyncClient(timeout=5) as client:
            health = await client.get(f"http://127.0.0.1:{port}/healthz")
            assert health.status_code == 200 and health.json()["status"] == "ok"
            forged = {
                "update_id": 999,
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": 5, "type": "private"},
                    "from": {"id": 5, "is_bot": False, "first_name": "X"},
                    "text": "/start",
                },
            }
            assert (await client.post(f"http://127.0.0.1:{port}/telegram", json=forged)).status_code == 403
            bad = await client.post(
                f"http://127.0.0.1:{port}/telegram", json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
            assert bad.status_code == 403
            for garbage in (b"not json", b"[1, 2]", b'{"update_id": "x"}', b"\xff\xfe"):  # right secret, broken body
                broken = await client.post(
                    f"http://127.0.0.1:{port}/telegram",
                    content=garbage,
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )
                assert broken.status_code == 400, garbage
            metrics = await client.get(f"http://127.0.0.1:{port}/metrics")
            assert metrics.status_code == 404  # metrics live on their own loopback port, not the public webhook
        await asyncio.sleep(0.3)
        assert api.transcript[5] == []  # forged updates were never processed
        await api.user_sends(2, "hip thrust and deadlift same day?")
        reply = (await api.wait_for_messages(2, 1))[0]
        assert "Source: Combining hip thrusts with deadlifts and squats" in reply.text
        assert api.webhook_deliveries == [200]


def parse_metrics(text: str) -> dict[str, float]:
    return {
        name: float(value)
        for name, _, value in (line.rpartition(" ") for line in text.splitlines() if line and not line.startswith("#"))
    }


async def test_metrics_count_updates_questions_latency_and_active_workouts(tmp_path, monkeypatch):
    from bot.telegram import web

    metrics_port = free_port()
    monkeypatch.setenv("METRICS_PORT", str(metrics_port))
    monkeypatch.setattr(web, "GAUGE_CACHE_SECONDS", 0.0)  # fresh gauges at every scrape here
    async with running_bot(tmp_path, monkeypatch, webhook=True) as (api, port), httpx.AsyncClient(timeout=5) as client:
        url = f"http://127.0.0.1:{metrics_port}/metrics"
        before = parse_metrics((await client.get(url)).text)  # counters are process-wide: compare differences
        await api.user_sends(21, "can i use a dumbbell for hip thrusts?")
        await api.user_sends(22, "what's the bitcoin price today")
        await api.user_sends(23, "/workout hip thrust 3x5 100kg")
        await api.wait_for(lambda: all(api.transcript[u] for u in (21, 22)) and len(api.transcript[23]) >= 2)
        response = await client.get(url)
    after = parse_metrics(response.text)
    assert response.headers["Content-Type"].startswith("text/plain")

    def grew(name: str) -> float:
        return after.get(name, 0) - before.get(name, 0)

    assert grew("liftcoach_updates_total") == 3
    assert (
        grew('liftcoach_questions_total{kind="answer"}') == 1
        and grew('liftcoach_questions_total{kind="off_topic"}') == 1
    )
    assert (
        grew("liftcoach_answer_latency_seconds_count") == 2
        and grew('liftcoach_answer_latency_seconds_bucket{le="+Inf"}') == 2
    )
    assert after["liftcoach_active_workouts"] == 1
    assert "liftcoach_reminder_lag_seconds_count" in after


async def test_webhook_answers_ok_only_once_the_update_is_stored(tmp_path, monkeypatch):
    from bot.storage.inbox import SqlInbox

    real_accept = SqlInbox.accept_updates
    outage = {"left": 1}

    async def accept_during_outage(self, updates, at):  # type: ignore[no-untyped-def]
        if outage["left"]:
            outage["left"] -= 1
            raise ConnectionError("database unavailable")
        return await real_accept(self, updates, at)

    monkeypatch.setattr(SqlInbox, "accept_updates", accept_during_outage)
    async with running_bot(tmp_path, monkeypatch, webhook=True) as (api, port):
        update = {
            "update_id": 4242,
            "message": {
                "message_id": 7,
                "date": 0,
                "chat": {"id": 6, "type": "private"},
                "from": {"id": 6, "is_bot": False, "first_name": "Eve"},
                "text": "/start",
            },
        }
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with httpx.AsyncClient(timeout=5) as client:
            url = f"http://127.0.0.1:{port}/telegram"
            assert (
                await client.post(url, json=update, headers=headers)
            ).status_code == 503  # not stored: Telegram retries
            await asyncio.sleep(0.3)
            assert api.transcript[6] == []
            statuses = [
                (await client.post(url, json=update, headers=headers)).status_code for _ in range(3)
            ]  # retried, and duplicated
        assert statuses == [200, 200, 200]
        await api.wait_for_messages(6, 1)
        await asyncio.sleep(0.5)
        assert len(api.transcript[6]) == 1  # handled exactly once


async def test_shutdown_is_bounded_and_leaves_a_stuck_update_for_the_next_start(tmp_path, monkeypatch):
    from datetime import datetime, timedelta, timezone

    real_text = Coach.text
    stuck = asyncio.Event()

    async def text_that_can_hang(self, user, text, message_id=None):  # type: ignore[no-untyped-def]
        if text == "hang":
            stuck.set()
            await asyncio.Event().wait()  # e.g. a dependency that never answers
        return await real_text(self, user, text, message_id=message_id)

    monkeypatch.setattr(Coach, "text", text_that_can_hang)
    settings, _ = bot_settings(tmp_path, monkeypatch)
    async with FakeBotApi(TOKEN) as api, serving(settings, api, shutdown_grace=1.0) as running:
        await api.user_sends(3, "hang")
        await asyncio.wait_for(stuck.wait(), 10)
        await running.stop(timeout=6)  # 1 s grace, not forever
        later = datetime.now(UTC) + timedelta(hours=1)
        assert [
            uid for uid, _ in await running.coach.storage.inbox.unfinished_updates(later, later)
        ] != []  # kept for the next start


async def test_faults_every_user_gets_every_reply_exactly_once(tmp_path, monkeypatch):
    async with running_bot(tmp_path, monkeypatch) as (api, _):
        api.fail_next("sendMessage", "429", times=2)
        api.fail_next("sendMessage", "500")
        api.fail_next("sendMessage", "502")
        api.fail_next("sendMessage", "drop")
        api.fail_next("sendMessage", "slow")  # delivered, but the bot's request times out
        api.fail_next("getUpdates", "drop")
        api.fail_next("getUpdates", "500")
        users = range(100, 110)
        for user in users:
            await api.user_sends(user, "how long should i rest between sets")
        await api.wait_for(lambda: all(len(api.transcript[u]) >= 1 for u in users), timeout=30)
        await asyncio.sleep(0.5)  # would any duplicate still arrive?
        assert all(len(api.transcript[u]) == 1 for u in users)
        await api.user_sends(100, "/help")  # and the bot keeps running
        await api.wait_for_messages(100, 2)

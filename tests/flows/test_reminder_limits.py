"""Reminders can't be used to amplify: a cap per user, one snooze per reminder, and a storm of due
reminders never delays a rest-timer ping (it drains in batches beside the ticks)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest
from support.paths import REPO
from support.recording import RecordingRequest
from support.wiring import wired_coach
from support.workout_chat import Clock

from bot.composition import wire_coach
from bot.config import load_settings
from bot.conversation.model import User
from bot.conversation.reminders import MAX_REMINDERS
from bot.telegram.runner import build_application
from bot.training.programs import load_programs

ANN = User(id=21, chat_id=21, first_name="Ann")
BOB = User(id=22, chat_id=22, first_name="Bob")


@pytest.fixture
def clock():
    return Clock(datetime(2026, 11, 24, 12, 0, tzinfo=UTC))  # a Tuesday


@pytest.fixture
def coach(fixture_engine, sqlite_repo, clock):
    return wired_coach(fixture_engine, sqlite_repo, clock)


async def test_reminders_are_capped_per_user(coach, sqlite_repo):
    for minute in range(MAX_REMINDERS):
        [reply] = await coach.command(ANN, "remind", f"daily 18:{minute:02d}")
        assert "Reminder set" in reply.text
    [refused] = await coach.command(ANN, "remind", "daily 19:00")
    assert "the most I keep" in refused.text
    assert len(await sqlite_repo.schedule.reminders_of(ANN.id)) == MAX_REMINDERS
    [other] = await coach.command(BOB, "remind", "daily 19:00")  # the cap is per user
    assert "Reminder set" in other.text


async def test_the_same_reminder_twice_is_stored_once(coach, sqlite_repo):
    await coach.command(ANN, "remind", "mon,wed 07:00")
    [again] = await coach.command(ANN, "remind", "wed mon 7:00")
    assert "already have that reminder" in again.text
    assert len(await sqlite_repo.schedule.reminders_of(ANN.id)) == 1


async def test_snoozing_again_adds_no_second_timer(coach, sqlite_repo, clock):
    await coach.command(ANN, "remind", "daily 18:30")
    clock.now = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)
    await coach.due(clock.now)
    assert "Snoozed" in (await coach.callback(ANN, "r:z:1")).replies[0].text
    for _ in range(5):
        assert "Already snoozed" in (await coach.callback(ANN, "r:z:1")).toast
    assert len(await sqlite_repo.schedule.pending_timers("snooze")) == 1
    assert len(await coach.due(clock.now + timedelta(minutes=31))) == 1  # one reminder again, not six


async def test_due_bulk_claims_at_most_the_batch(coach, sqlite_repo, clock):
    now = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)
    for user_id in range(100, 130):
        await sqlite_repo.schedule.add_reminder(
            user_id, user_id, list(range(7)), "18:29", "UTC", now - timedelta(minutes=1)
        )
    first = await coach.due_bulk(now, limit=12)
    second = await coach.due_bulk(now, limit=100)
    assert len(first) == 12 and len(second) == 18 and await coach.due_bulk(now, limit=100) == []
    assert len({n.chat_id for n in first + second}) == 30


class SlowSends(RecordingRequest):
    """Every sendMessage takes a little while, as under Telegram's 30 messages/s limit."""

    async def do_request(self, url, method, request_data=None, **kwargs):  # type: ignore[no-untyped-def]
        if url.endswith("/sendMessage"):
            await asyncio.sleep(0.01)
        return await super().do_request(url, method, request_data, **kwargs)


async def test_a_rest_timer_ping_is_not_held_up_by_a_reminder_storm(fixture_engine, sqlite_repo, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.setenv("TELEGRAM_RATE_LIMIT", "0")
    coach = wired_coach(fixture_engine, sqlite_repo, lambda: datetime.now(UTC))
    now = datetime.now(UTC)
    storm = 200
    for user_id in range(1000, 1000 + storm):  # everyone's reminder is due right now
        await sqlite_repo.schedule.add_reminder(
            user_id, user_id, list(range(7)), "00:00", "UTC", now - timedelta(seconds=30)
        )
    lifter = User(7, 7, "Lifter")
    await coach.command(lifter, "workout", "hip thrust 3x5 100kg rest 1")
    await coach.text(lifter, "5")  # a set logged: the rest timer ends in 1 s, while the storm is being sent
    request = SlowSends()
    app = build_application(load_settings(), coach, request=request, tick_seconds=0.1)
    await app.initialize()
    await app.start()
    try:

        def sent() -> list[tuple[int, str]]:
            return [(c["chat_id"], c["text"]) for c in request.calls_to("sendMessage")]

        for _ in range(300):  # bounded: at most 30 s
            if sum(1 for chat, _ in sent() if chat >= 1000) == storm and any(chat == 7 for chat, _ in sent()):
                break
            await asyncio.sleep(0.1)
    finally:
        await app.stop()
        await app.shutdown()
    order = sent()
    ping = next(i for i, (chat, text) in enumerate(order) if chat == 7 and "Rest over" in text)
    reminders_after_ping = sum(1 for chat, _ in order[ping:] if chat >= 1000)
    assert sum(1 for chat, _ in order if chat >= 1000) == storm  # every reminder went out, once
    assert reminders_after_ping > storm // 2  # the ping went out while the storm was still being sent

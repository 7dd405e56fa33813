"""One user can never hurt the others: per-user queues that hold no global slot, and a token bucket."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timezone

import pytest
from support import updates
from support.paths import REPO
from support.recording import RecordingRequest
from support.wiring import recording_application, wired_coach
from telegram import Update

from bot.config import load_settings
from bot.conversation.coach import Coach
from bot.conversation.qa import QuestionFlow
from bot.conversation.reminders import ReminderFlow
from bot.conversation.workouts import WorkoutFlow
from bot.telegram.fairness import SLOW_DOWN, UserRateLimiter, Verdict
from bot.telegram.ordering import PerUserOrderedProcessor
from bot.telegram.runner import build_application
from bot.training.programs import load_programs

FLOODER, OTHER = 71, 72


def update(user_id: int, text: str = "/help") -> Update:
    return Update.de_json(updates.message(user_id, text), None)


async def test_a_users_backlog_never_holds_the_slots_another_user_needs():
    """Before: the slots were taken in arrival order, before the per-user lock, so 800 queued /help
    from one user made everyone else wait for all of them."""
    processor = PerUserOrderedProcessor(max_concurrent_updates=2)
    release = asyncio.Event()
    other_done = asyncio.Event()

    async def flooder_update() -> None:
        await release.wait()

    async def other_update() -> None:
        other_done.set()

    flood = [asyncio.create_task(processor.process_update(update(FLOODER), flooder_update())) for _ in range(5)]
    await asyncio.sleep(0)  # the flood arrived first
    other = asyncio.create_task(processor.process_update(update(OTHER), other_update()))
    try:
        await asyncio.wait_for(other_done.wait(), timeout=5)  # liveness, not speed: before the fix it never ran
        assert processor.current_concurrent_updates == 1  # the flooder's one running update; its queue holds nothing
    finally:
        release.set()
        await asyncio.wait_for(asyncio.gather(*flood, other), timeout=5)


async def test_one_users_updates_still_run_one_at_a_time_in_order():
    processor = PerUserOrderedProcessor(max_concurrent_updates=8)
    seen: list[int] = []
    running = 0

    async def step(i: int) -> None:
        nonlocal running
        running += 1
        assert running == 1
        await asyncio.sleep(0)
        seen.append(i)
        running -= 1

    await asyncio.gather(*(processor.process_update(update(FLOODER), step(i)) for i in range(20)))
    assert seen == list(range(20))


def test_token_bucket_admits_a_burst_then_the_rate_and_warns_once_per_burst():
    now = [0.0]
    limiter = UserRateLimiter(rate=2.0, burst=3, clock=lambda: now[0])
    verdicts = [limiter.admit(FLOODER) for _ in range(10)]
    assert verdicts[:3] == [Verdict.ADMIT] * 3
    assert verdicts[3] is Verdict.DROP_AND_WARN and verdicts[4:] == [Verdict.DROP] * 6
    assert limiter.admit(OTHER) is Verdict.ADMIT  # buckets are per user
    now[0] = 0.5  # one token back (2 per second): one more admitted, no second warning
    assert [limiter.admit(FLOODER) for _ in range(3)] == [Verdict.ADMIT, Verdict.DROP, Verdict.DROP]
    now[0] = 10.0  # a pause long enough to refill: a new burst, warned once again
    assert [limiter.admit(FLOODER) for _ in range(5)] == [Verdict.ADMIT] * 3 + [Verdict.DROP_AND_WARN, Verdict.DROP]
    assert UserRateLimiter(rate=0, burst=1).admit(FLOODER) is Verdict.ADMIT  # 0 = off


def test_idle_users_are_forgotten():
    now = [0.0]
    limiter = UserRateLimiter(rate=1.0, burst=2, clock=lambda: now[0])
    for user in range(2000):
        limiter.admit(user)
        now[0] += 0.01
    assert limiter.tracked() < 2000


@pytest.fixture
async def app(fixture_engine, sqlite_repo, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-TOKEN")
    monkeypatch.setenv("TELEGRAM_RATE_LIMIT", "0")
    monkeypatch.setenv("USER_RATE_LIMIT", "0.001")  # no refill during the test
    monkeypatch.setenv("USER_BURST", "5")
    coach = wired_coach(fixture_engine, sqlite_repo, lambda: datetime(2026, 11, 24, 12, tzinfo=UTC))
    async with recording_application(coach) as (application, request):
        yield application, request


async def through_processor(application, data: dict) -> None:  # type: ignore[no-untyped-def]
    """The path Application takes for each fetched update (update processor, then process_update)."""
    upd = Update.de_json(data, application.bot)
    await application.update_processor.process_update(upd, application.process_update(upd))


async def test_a_flood_is_cut_to_the_burst_with_one_polite_notice(app):
    application, request = app
    flood = [updates.message(FLOODER, "/help") for _ in range(60)]
    await asyncio.gather(
        *(through_processor(application, u) for u in flood),
        through_processor(application, updates.message(OTHER, "/plates 100")),
    )
    await application.update_processor.shutdown()  # waits for the notice
    to_flooder = [c["text"] for c in request.calls_to("sendMessage") if c["chat_id"] == FLOODER]
    assert sum("What I can do" in t for t in to_flooder) == 5
    assert to_flooder.count(SLOW_DOWN) == 1 and len(to_flooder) == 6
    to_other = [c["text"] for c in request.calls_to("sendMessage") if c["chat_id"] == OTHER]
    assert len(to_other) == 1 and "per side" in to_other[0]


async def test_a_flood_of_button_taps_gets_one_toast(app):
    application, request = app
    taps = [updates.callback(FLOODER, "w:menu") for _ in range(12)]
    await asyncio.gather(*(through_processor(application, u) for u in taps))
    await application.update_processor.shutdown()
    toasts = [c.get("text") for c in request.calls_to("answerCallbackQuery")]
    assert len(toasts) == 6 and toasts.count(SLOW_DOWN[:200]) == 1

"""Dates in /history, /bw and "what did I lift last week" are the user's days in their time zone, not UTC's: a
stranger in Kiritimati (UTC+14) saw Wednesday for a Thursday workout. Through the Coach, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Clock, Lifter, chat

from bot.conversation.model import User


@pytest.mark.parametrize("backend", BACKENDS)
async def test_dates_are_the_users_days_where_their_day_differs_from_utcs(backend, tmp_path, fixture_engine):
    # Sets are stamped when they are written, so the clock is the real one, and the zone is one whose date differs
    # from UTC's right now: UTC-11 before 11:00 UTC, UTC+14 after.
    now = datetime.now(UTC)
    zone = "Pacific/Pago_Pago" if now.hour < 11 else "Pacific/Kiritimati"
    local, utc_day = now.astimezone(ZoneInfo(zone)), f"{now:%a %d %b}"
    assert local.date() != now.date()
    async with chat(backend, tmp_path, fixture_engine, clock=Clock(now)) as (coach, repo, clock):
        ola = Lifter(coach, repo, User(181, 181, "Ola"))
        await ola.say(f"/timezone {zone}")
        await ola.say("/workout squat 1x5 100kg rest 0")
        await ola.say("5")
        history = await ola.say("/history")
        assert f"1. {local:%a %d %b} — Quick: back squat" in history and utc_day not in history
        weight = await ola.say("/bw 80")
        assert f"⚖️ Latest: <b>80 kg</b> ({local:%a %d %b})" in weight and utc_day not in weight
        recent = await ola.say("what did i lift last week")
        assert f"<b>{local:%a %d %b}</b> · Quick: back squat" in recent and utc_day not in recent
        (record,) = await ola.records()
        assert abs(record.performed_at - now) < timedelta(minutes=5) and record.performed_at.utcoffset() == timedelta(0)

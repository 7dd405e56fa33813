"""Plate maths with the lifter's own bar and plates in their own unit: kilo plates stay kilo plates when loads are
read in pounds. A stranger's '/settings plates 25,20,15,10,5,2.5,1.25', '/settings unit lb', '/plates 135' got
"133.32 lb = 45 lb bar + per side: 2.76 + 2.76 + ..." (sixteen plates a side: each plate converted and rounded).
Through the Coach, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User


@pytest.mark.parametrize("backend", BACKENDS)
async def test_kilo_plates_make_kilo_loads_for_a_pound_reader(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        gus = Lifter(coach, repo, User(151, 151, "Gus"))
        await gus.say("/settings plates 25,20,15,10,5,2.5,1.25")
        await gus.say("/settings unit lb")
        assert await gus.say("/plates 135") == (
            "🏋️ 135 lb is 61.2 kg. 60 kg (132.3 lb) = 20 kg bar + per side: <b>20</b>\n"
            "(Closest I can make with your plates: 60 kg.)"
        )
        assert await gus.say("/plates 315") == (
            "🏋️ 315 lb is 142.9 kg. 142.5 kg (314.2 lb) = 20 kg bar + per side: <b>25 + 25 + 10 + 1.25</b>\n"
            "(Closest I can make with your plates: 142.5 kg.)"
        )
        assert await gus.say("/plates 60kg") == "🏋️ 60 kg (132.3 lb) = 20 kg bar + per side: <b>20</b>"
        # warm-ups are made of those plates, in kg, and log as shown
        await gus.say("/workout squat 3x5 225lb warmup rest 0")
        assert "Target: 10 reps @ 20 kg\n🏋️ Just the bar (20 kg)" in gus.text
        await gus.say("10")
        await gus.tap("Skip rest ⏭")
        assert "🏋️ 20 kg bar + per side:" in gus.text and " lb bar" not in gus.text
        assert await gus.stored() == [("back squat", "warmup", 10, 20.0, "kg", None, None, None)]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_without_own_plates_the_reading_unit_is_the_plates_unit(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        hal = Lifter(coach, repo, User(152, 152, "Hal"))
        await hal.say("/settings unit lb")
        assert await hal.say("/plates 135") == "🏋️ 135 lb = 45 lb bar + per side: <b>45</b>"
        said = await hal.say("/plates 60kg")
        assert said.startswith("🏋️ 60 kg is 132.3 lb. 130 lb = 45 lb bar + per side: <b>") and "kg bar" not in said

"""A drop set on a planned working set's card is that set not done at its load: the next load stays. A drop set
on a set added for it (➕ Set) is extra work and takes nothing away. Through the Coach, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from support.storage_backends import BACKENDS
from support.workout_chat import Lifter, chat

from bot.conversation.model import User


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_drop_set_in_place_of_a_planned_set_holds_the_load(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        dee = Lifter(coach, repo, User(141, 141, "Dee"))
        await dee.say("/workout squat 3x5 100kg rest 0")
        await dee.say("5")
        await dee.say("5")
        summary = await dee.say("drop 8x80")
        assert (
            "➡️ Next time, back squat 5 reps: 100 kg (2 of 3 sets done, set 3 done as a drop set → stay at 100 kg)"
            in summary
        )
        assert await dee.stored() == [
            ("back squat", "working", 5, 100.0, "kg", None, None, None),
            ("back squat", "working", 5, 100.0, "kg", None, None, None),
            ("back squat", "drop", 8, 80.0, "kg", None, None, None),
        ]
        assert "Target: 5 reps @ 100 kg" in await dee.say("/workout squat")  # as last time: the load held


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_drop_set_on_an_added_set_is_extra_work(backend, tmp_path, fixture_engine):
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        eli = Lifter(coach, repo, User(142, 142, "Eli"))
        await eli.say("/workout squat 3x5 100kg rest 0")
        await eli.say("5")
        await eli.say("5")
        await eli.tap("➕ Set")
        await eli.say("5")
        summary = await eli.say("drop 8x80")
        assert "➡️ Next time, back squat 5 reps: 102.5 kg (3 of 4 sets were at 100 kg and all reached 5" in summary
        assert [r[1:4] for r in await eli.stored()] == [
            ("working", 5, 100.0),
            ("working", 5, 100.0),
            ("working", 5, 100.0),
            ("drop", 8, 80.0),
        ]


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_drop_sets_load_does_not_carry_to_the_next_working_set(backend, tmp_path, fixture_engine):
    """Our own walk-through: after "drop 8x80" on set 2 of a 100 kg squat, set 3's card said 5 reps @ 80 kg."""
    async with chat(backend, tmp_path, fixture_engine) as (coach, repo, clock):
        fay = Lifter(coach, repo, User(143, 143, "Fay"))
        await fay.say("/workout squat 3x5 100kg rest 0")
        await fay.say("5")
        card = await fay.say("drop 8x80")
        assert "set 3 of 3\nTarget: 5 reps @ 100 kg" in card and "✅ Done 5 × 100 kg" in fay.labels()
        await fay.tap("✅ Done 5 × 100 kg")
        assert [r[1:5] for r in await fay.stored()] == [
            ("working", 5, 100.0, "kg"),
            ("drop", 8, 80.0, "kg"),
            ("working", 5, 100.0, "kg"),
        ]
